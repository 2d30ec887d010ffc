import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defaultAudience, defaultClockToleranceSeconds, defaultIssuer } from '../../adapters/auth/authConfig.js';
import { signDevToken } from '../../adapters/auth/devToken.js';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { startDynamoLocal } from '../../adapters/dynamodb/dynamoLocal.js';
import { ensureTables, tableNames, type TableNames } from '../../adapters/dynamodb/tables.js';
import { serviceApp } from '../../adapters/http/serviceApp.js';

/** The engine, the tables and the real HTTP service a benchmark measures, all on loopback. */
export interface BenchService {
  readonly dynamo: DynamoDBClient;
  readonly tables: TableNames;
  readonly url: string;
  readonly token: (role: 'advisor' | 'client' | 'compliance') => Promise<string>;
  readonly stop: () => Promise<void>;
}

/** Starts an in-memory DynamoDB Local and the service over HTTP (in this process, like `npm start`). */
export const startBenchService = async (): Promise<BenchService> => {
  const engine = await startDynamoLocal();
  const dynamo = createDynamoClient(engine.endpoint);
  const tables = tableNames(`bench-${randomUUID().slice(0, 8)}-`);
  await ensureTables(dynamo, tables);
  const secret = new Uint8Array(randomBytes(32));
  const app = serviceApp({
    dynamo,
    tables,
    auth: { kind: 'hs256', secret, issuer: defaultIssuer, audience: defaultAudience, clockToleranceSeconds: defaultClockToleranceSeconds },
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  if (!server.listening) await once(server, 'listening');
  return {
    dynamo,
    tables,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: (role) => signDevToken({ sub: `${role}-bench`, roles: [role], secret, expiresIn: '1h' }),
    stop: async () => {
      server.close();
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      dynamo.destroy();
      await engine.stop();
    },
  };
};
