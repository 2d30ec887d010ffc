import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { ensureTables, tableNames, type TableNames } from '../../adapters/dynamodb/tables.js';

/** What a test file gets: a client of the shared DynamoDB Local and tables of its own. */
export interface DynamoFixture {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly tables: TableNames;
  /** The events table's stream. */
  readonly eventsStreamArn: string;
}

/**
 * Call once per test file (in `beforeAll`): creates a fresh set of tables under a random prefix, so files
 * running in parallel against the one shared engine never see each other's items. The tables vanish with the
 * in-memory engine at the end of the run.
 */
export const useDynamo = async (): Promise<DynamoFixture> => {
  const endpoint = inject('dynamoEndpoint');
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw new Error("No DynamoDB Local endpoint was provided: vitest.config.ts needs globalSetup: ['tests/support/globalSetup.ts']");
  }
  const client = createDynamoClient(endpoint);
  const tables = tableNames(`t${randomBytes(6).toString('hex')}-`);
  const { eventsStreamArn } = await ensureTables(client, tables);
  return { client, endpoint, tables, eventsStreamArn };
};
