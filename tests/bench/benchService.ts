import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { signDevToken } from '../../adapters/auth/devToken.js';
import { loadOrCreateLocalSecret } from '../../adapters/auth/localSecret.js';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { startDynamoLocal } from '../../adapters/dynamodb/dynamoLocal.js';
import { ensureTables, tableNames, type TableNames } from '../../adapters/dynamodb/tables.js';

/** The engine, the tables and the real service (its own process, as `npm start` runs it) that a benchmark measures. */
export interface BenchService {
  readonly dynamo: DynamoDBClient;
  readonly dynamoEndpoint: string;
  readonly tables: TableNames;
  readonly url: string;
  readonly token: (role: 'advisor' | 'client' | 'compliance') => Promise<string>;
  readonly stop: () => Promise<void>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts an in-memory DynamoDB Local, then the service in a child process on it (with or without its stream consumers).
 * The load comes from this process, as clients would call from elsewhere, and so does the raw engine load it is
 * compared with.
 */
export const startBenchService = async (options: { readonly pipelines: boolean }): Promise<BenchService> => {
  const engine = await startDynamoLocal();
  const dynamo = createDynamoClient(engine.endpoint);
  const prefix = `bench-${randomUUID().slice(0, 8)}-`;
  const tables = tableNames(prefix);
  await ensureTables(dynamo, tables);
  const dataDir = await mkdtemp(join(tmpdir(), 'fiducia-bench-'));
  const env = {
    ...process.env,
    FIDUCIA_DATA_DIR: dataDir,
    FIDUCIA_DYNAMODB_ENDPOINT: engine.endpoint,
    FIDUCIA_TABLE_PREFIX: prefix,
    PORT: '0',
    FIDUCIA_PIPELINES: options.pipelines ? 'on' : 'off',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'adapters/local/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}: ${output}`)));
  });
  const secret = await loadOrCreateLocalSecret(dataDir);
  return {
    dynamo,
    dynamoEndpoint: engine.endpoint,
    tables,
    url,
    token: (role) => signDevToken({ sub: `${role}-bench`, roles: [role], secret, expiresIn: '1h' }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      dynamo.destroy();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
