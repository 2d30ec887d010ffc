import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Tuning of a DynamoDB client. */
export interface DynamoClientOptions {
  /** Attempts per call including the first (the SDK's default otherwise). */
  readonly maxAttempts?: number;
  /** Give up connecting after this long (default: no limit). */
  readonly connectionTimeoutMs?: number;
  /** Give up on a request after this long (default: no limit). */
  readonly requestTimeoutMs?: number;
}

/** Concurrent connections per client: enough that benchmarks measure the database, not the socket pool. */
export const maxSockets = 64;

/** A DynamoDB client: for a local endpoint with region us-east-1 and dummy credentials, else the SDK's defaults. */
export const createDynamoClient = (endpoint?: string, options: DynamoClientOptions = {}): DynamoDBClient => {
  const agentOptions = { keepAlive: true, maxSockets };
  const requestHandler = new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    throwOnRequestTimeout: options.requestTimeoutMs !== undefined,
  });
  const config: DynamoDBClientConfig = { requestHandler, maxAttempts: options.maxAttempts };
  if (endpoint === undefined) return new DynamoDBClient(config);
  // DynamoDB Local runs with -sharedDb, so region and credentials only need to be well-formed.
  return new DynamoDBClient({
    ...config,
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
};
