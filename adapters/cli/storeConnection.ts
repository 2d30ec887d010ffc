import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../dynamodb/dynamoClient.js';
import { tableNames, type TableNames } from '../dynamodb/tables.js';
import { readRuntimeFile, type RuntimeFile } from '../local/runtimeFile.js';
import { runtimeConfig } from '../local/runtimeConfig.js';

/** The event store and read models an operator command works on. */
export interface StoreConnection {
  readonly client: DynamoDBClient;
  readonly tables: TableNames;
  readonly endpoint: string;
  readonly runtime: RuntimeFile | undefined;
  readonly close: () => void;
}

/**
 * Connects to `FIDUCIA_DYNAMODB_ENDPOINT` when set, otherwise to the engine of the service running on this data
 * folder (`npm start` announces it); operator commands are safe while the service runs.
 */
export const connectToStore = async (env: NodeJS.ProcessEnv = process.env): Promise<StoreConnection> => {
  const config = runtimeConfig(env);
  const runtime = await readRuntimeFile(config.dataDir);
  const endpoint = env.FIDUCIA_DYNAMODB_ENDPOINT || runtime?.dynamoEndpoint;
  if (endpoint === undefined) {
    throw new Error(`no running service found for ${config.dataDir}: start it with \`npm start\`, or set FIDUCIA_DYNAMODB_ENDPOINT`);
  }
  const client = createDynamoClient(endpoint);
  return { client, tables: tableNames(config.tablePrefix), endpoint, runtime, close: () => client.destroy() };
};
