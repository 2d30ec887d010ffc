import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Enough sockets for one GetRecords per shard of a few consumers, plus their DescribeStream calls. */
const maxSockets = 32;

/**
 * A DynamoDB Streams client over kept-alive HTTP/1.1 sockets (a poller calls several times per second; a new TLS or
 * TCP handshake each time would dominate). With an `endpoint` (DynamoDB Local) it also gets dummy credentials and a
 * fixed region, which DynamoDB Local does not check.
 */
export const createStreamsClient = (endpoint?: string): DynamoDBStreamsClient => {
  const requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  });
  // As for the DynamoDB client (`createDynamoClient`): each command's middleware chain is resolved once, and no
  // logger middleware copies every GetRecords answer (whole event images) through the sensitive-data filter.
  const config = { requestHandler, cacheMiddleware: true };
  const client =
    endpoint === undefined
      ? new DynamoDBStreamsClient(config)
      : new DynamoDBStreamsClient({
          ...config,
          endpoint,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
  client.middlewareStack.remove('loggerMiddleware');
  return client;
};
