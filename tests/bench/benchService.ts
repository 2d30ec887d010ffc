import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
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
  /** Process ids of the service and of the engine's JVM, to read their CPU time. */
  readonly pids: { readonly service: number; readonly engine: number };
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
  const { child, url, stop: stopChild } = await startServiceProcess('adapters/local/start.ts', env);
  const secret = await loadOrCreateLocalSecret(dataDir);
  return {
    dynamo,
    dynamoEndpoint: engine.endpoint,
    tables,
    url,
    pids: { service: child.pid ?? -1, engine: engine.pid },
    token: (role) => signDevToken({ sub: `${role}-bench`, roles: [role], secret, expiresIn: '1h' }),
    stop: async () => {
      await stopChild();
      dynamo.destroy();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** A service running in a child process, at the URL it printed. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Sends SIGTERM and waits for the process to exit. */
  readonly stop: () => Promise<void>;
}

/** Runs a TypeScript entry point of this project in its own Node process and waits until it prints `API <url>`. */
export const startServiceProcess = async (entryPoint: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', entryPoint], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${entryPoint} exited with ${code}: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};

/** One HTTP/1.1 request, its bytes built once and sent as they are on every call. */
export const requestBytes = (url: URL, method: string, path: string, headers: Readonly<Record<string, string>>, body: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(
      `${method} ${path} HTTP/1.1\r\nhost: ${url.host}\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}content-length: ${body.length}\r\n\r\n`,
      'latin1',
    ),
    body,
  ]);

/** Sends prepared requests and resolves with each answer's status once the whole answer has arrived. */
export interface KeepAliveCaller {
  readonly call: (request: Buffer) => Promise<number>;
  readonly close: () => void;
}

interface Connection {
  readonly socket: Socket;
  received: Buffer;
  pending: { readonly resolve: (status: number) => void; readonly reject: (error: Error) => void } | undefined;
}

const headerEnd = Buffer.from('\r\n\r\n');
const contentLength = /\r\ncontent-length: *(\d+)/i;

/**
 * A load generator's HTTP/1.1 client: up to `connections` keep-alive connections, one request in flight on each, as a
 * pool of clients would hold them. It reads every answer whole (framed by its Content-Length, which every answer of the
 * service has) and checks its framing, but skips node:http's general machinery (agents, header objects, streams), so
 * the load it generates takes less of the CPU it shares with the service and the engine; node:http's client costs
 * about as much per request as the service's own HTTP server.
 */
export const keepAliveCaller = (url: URL, connections: number): KeepAliveCaller => {
  const idle: Connection[] = [];
  const waiting: Array<(connection: Connection) => void> = [];
  const all = new Set<Connection>();

  const fail = (connection: Connection, error: Error) => {
    all.delete(connection);
    connection.socket.destroy();
    const pending = connection.pending;
    connection.pending = undefined;
    pending?.reject(error);
    // A caller waiting for a connection gets a new one in place of the lost one.
    const next = waiting.shift();
    if (next !== undefined) next(open());
  };

  const onData = (connection: Connection, chunk: Buffer) => {
    connection.received = connection.received.length === 0 ? chunk : Buffer.concat([connection.received, chunk]);
    const end = connection.received.indexOf(headerEnd);
    if (end < 0) return;
    const head = connection.received.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = contentLength.exec(head);
    if (!head.startsWith('HTTP/1.1 ') || length === null) return fail(connection, new Error(`unexpected answer framing: ${head.split('\r\n')[0]}`));
    const total = end + headerEnd.length + Number(length[1]);
    if (connection.received.length < total) return;
    if (connection.received.length > total || connection.pending === undefined) return fail(connection, new Error('answer without a request'));
    const { resolve } = connection.pending;
    connection.pending = undefined;
    connection.received = Buffer.alloc(0);
    release(connection);
    resolve(status);
  };

  const open = (): Connection => {
    const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    const connection: Connection = { socket, received: Buffer.alloc(0), pending: undefined };
    all.add(connection);
    socket.on('data', (chunk: Buffer) => onData(connection, chunk));
    socket.on('error', (error) => fail(connection, error));
    socket.on('close', () => fail(connection, new Error('the service closed the connection')));
    return connection;
  };

  const release = (connection: Connection) => {
    const next = waiting.shift();
    if (next !== undefined) next(connection);
    else idle.push(connection);
  };

  const acquire = (): Promise<Connection> => {
    const connection = idle.pop();
    if (connection !== undefined && all.has(connection)) return Promise.resolve(connection);
    if (all.size < connections) return Promise.resolve(open());
    return new Promise((resolve) => waiting.push(resolve));
  };

  return {
    call: async (request) => {
      const connection = await acquire();
      return new Promise<number>((resolve, reject) => {
        connection.pending = { resolve, reject };
        connection.socket.write(request);
      });
    },
    close: () => {
      for (const connection of all) connection.socket.destroy();
      all.clear();
    },
  };
};
