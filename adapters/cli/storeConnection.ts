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

/** The variables naming a deployed stack's tables: the Lambda functions' own, filled from the stack's outputs. */
const deployedTableVariables = {
  events: 'EVENTS_TABLE',
  eventParts: 'EVENT_PARTS_TABLE',
  idempotency: 'IDEMPOTENCY_TABLE',
  readModels: 'READ_MODELS_TABLE',
} as const satisfies Record<keyof TableNames, string>;

/** A deployed stack's tables when their names are given, all four or none; undefined for the local runtime. */
const deployedTables = (env: NodeJS.ProcessEnv): TableNames | undefined => {
  const given = Object.entries(deployedTableVariables).map(([role, variable]) => [role, variable, env[variable] || undefined] as const);
  if (given.every(([, , name]) => name === undefined)) return undefined;
  const missing = given.filter(([, , name]) => name === undefined).map(([, variable]) => variable);
  if (missing.length > 0) throw new Error(`a deployed stack needs all four table names: set ${missing.join(', ')} too (the stack's outputs give them)`);
  return Object.fromEntries(given.map(([role, , name]) => [role, name])) as unknown as TableNames;
};

/**
 * Connects to a deployed stack when its table names are set (`EVENTS_TABLE`, `EVENT_PARTS_TABLE`, `IDEMPOTENCY_TABLE`,
 * `READ_MODELS_TABLE`), with AWS credentials and region as the SDK finds them (`AWS_PROFILE`, `AWS_REGION`, ...).
 * Otherwise to `FIDUCIA_DYNAMODB_ENDPOINT` when set, or to the engine of the service running on this data folder
 * (`npm start` announces it); operator commands are safe while the service runs.
 */
export const connectToStore = async (env: NodeJS.ProcessEnv = process.env): Promise<StoreConnection> => {
  const deployed = deployedTables(env);
  if (deployed !== undefined) {
    const endpoint = env.FIDUCIA_DYNAMODB_ENDPOINT || undefined;
    const client = createDynamoClient(endpoint);
    return { client, tables: deployed, endpoint: endpoint ?? 'DynamoDB in the configured AWS account and region', runtime: undefined, close: () => client.destroy() };
  }
  const config = runtimeConfig(env);
  const runtime = await readRuntimeFile(config.dataDir);
  const endpoint = env.FIDUCIA_DYNAMODB_ENDPOINT || runtime?.dynamoEndpoint;
  if (endpoint === undefined) {
    throw new Error(`no running service found for ${config.dataDir}: start it with \`npm start\`, set FIDUCIA_DYNAMODB_ENDPOINT, or give a deployed stack's table names (EVENTS_TABLE, ...)`);
  }
  const client = createDynamoClient(endpoint);
  return { client, tables: tableNames(config.tablePrefix), endpoint, runtime, close: () => client.destroy() };
};
