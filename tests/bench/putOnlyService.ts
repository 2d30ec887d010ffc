import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';

/**
 * The least a proposal over HTTP can cost, as a reference for the command benchmark: an HTTP service (Hono on
 * node-server, as Fiducia's) that parses the JSON body and makes the one conditional PutItem a proposal makes (the same
 * SDK client, the same stored item under a fresh key), and none of the proposal's own work: no authentication,
 * validation, calculation, best-interest checks, hashing or response body. Run as its own process; prints its URL.
 */

const variable = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const dynamo = createDynamoClient(variable('FIDUCIA_DYNAMODB_ENDPOINT'));
const table = variable('BENCH_TABLE');
const item = JSON.parse(variable('BENCH_ITEM')) as Record<string, AttributeValue>;

const app = new Hono();
app.post('/proposals', async (c) => {
  await c.req.json();
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: { ...item, stream_id: { S: `put-only-${randomUUID()}` } },
      ConditionExpression: 'attribute_not_exists(stream_id)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
  return c.json({ stored: true });
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`API http://127.0.0.1:${info.port}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
