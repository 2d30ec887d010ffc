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
  // Each command class's middleware chain is resolved once, not on every call. Nothing here changes a client's
  // middleware after its first request (add counting or fault middleware before sending, as the tests do), and the
  // calls of one command class then share a handler context: sound because every call of a client resolves the same
  // endpoint, region and credentials (tables are named, never given as ARNs of other accounts).
  const config: DynamoDBClientConfig = { requestHandler, maxAttempts: options.maxAttempts, cacheMiddleware: true };
  // DynamoDB Local runs with -sharedDb, so region and credentials only need to be well-formed.
  const client = new DynamoDBClient(
    endpoint === undefined
      ? config
      : { ...config, endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
  );
  // No SDK logger is configured, yet the logger middleware would still copy every input and output through the
  // schema's sensitive-data filter (a whole event item per write) only to hand the copy to the no-op logger.
  client.middlewareStack.remove('loggerMiddleware');
  return client;
};
