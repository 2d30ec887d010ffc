import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDynamoClient, maxSockets } from '../../../adapters/dynamodb/dynamoClient.js';
import { expectNoLoggerMiddleware } from '../../support/loggerMiddleware.js';

/** A stand-in DynamoDB endpoint that answers ListTables slowly and counts the TCP connections it receives. */
const slowEndpoint = async (delayMs: number) => {
  let connections = 0;
  let requests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{"TableNames":[]}');
      }, delayMs),
    );
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ connections, requests }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createDynamoClient', () => {
  it('talks to a local endpoint as us-east-1 with dummy credentials', async () => {
    const client = createDynamoClient('http://127.0.0.1:8000');
    expect(await client.config.region()).toBe('us-east-1');
    const credentials = await client.config.credentials();
    expect(credentials.accessKeyId).not.toBe('');
    expect(credentials.secretAccessKey).not.toBe('');
    const endpoint = await client.config.endpoint?.();
    expect(endpoint && `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:8000');
    client.destroy();
  });

  it('uses the SDK default attempts unless told otherwise', async () => {
    const byDefault = createDynamoClient('http://127.0.0.1:8000');
    const once = createDynamoClient('http://127.0.0.1:8000', { maxAttempts: 1 });
    const plain = new DynamoDBClient({ region: 'us-east-1' });
    expect(await byDefault.config.maxAttempts()).toBe(await plain.config.maxAttempts());
    expect(await once.config.maxAttempts()).toBe(1);
    byDefault.destroy();
    plain.destroy();
    once.destroy();
  });

  it('leaves region and credentials to the SDK when no endpoint is given', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-3');
    const client = createDynamoClient();
    expect(await client.config.region()).toBe('eu-west-3');
    client.destroy();
  });

  it(`runs up to ${maxSockets} requests at once and reuses the connections for the next ones`, async () => {
    const fake = await slowEndpoint(150);
    const client = createDynamoClient(fake.endpoint, { maxAttempts: 1 });
    try {
      const wave = () => Promise.all(Array.from({ length: 100 }, () => client.send(new ListTablesCommand({}))));
      await wave();
      expect(fake.counts()).toEqual({ connections: maxSockets, requests: 100 });
      await wave();
      expect(fake.counts()).toEqual({ connections: maxSockets, requests: 200 });
    } finally {
      client.destroy();
      await fake.close();
    }
  });

  it('resolves the middleware of a kind of command once per client, not on every call', async () => {
    const fake = await slowEndpoint(0);
    const client = createDynamoClient(fake.endpoint, { maxAttempts: 1 });
    let resolved = 0;
    let calls = 0;
    client.middlewareStack.add(
      (next) => {
        resolved++;
        return (args) => (calls++, next(args));
      },
      { step: 'initialize' },
    );
    try {
      for (let i = 0; i < 3; i++) await client.send(new ListTablesCommand({}));
      expect({ resolved, calls }).toEqual({ resolved: 1, calls: 3 });
    } finally {
      client.destroy();
      await fake.close();
    }
  });

  it('runs no logger middleware, so no call copies its input and output for a logger that discards them', () => {
    expectNoLoggerMiddleware(createDynamoClient('http://127.0.0.1:8000'), new DynamoDBClient({ region: 'us-east-1' }));
  });

  it('fails a request that takes longer than the request timeout', async () => {
    const fake = await slowEndpoint(2_000);
    const client = createDynamoClient(fake.endpoint, { maxAttempts: 1, requestTimeoutMs: 200 });
    try {
      // The endpoint would answer after 2 s: only the timeout can end the call with this error.
      await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});
