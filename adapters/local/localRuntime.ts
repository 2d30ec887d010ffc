import { chmod, mkdir, stat } from 'node:fs/promises';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadAuthConfig } from '../auth/authConfig.js';
import { createDynamoClient } from '../dynamodb/dynamoClient.js';
import { startDynamoLocal, type DynamoLocal } from '../dynamodb/dynamoLocal.js';
import { ensureTables, tableNames } from '../dynamodb/tables.js';
import { serviceApp } from '../http/serviceApp.js';
import { errorFields } from '../logging/errorFields.js';
import { requireJava } from './javaRuntime.js';
import { lagReport, startLocalPipelines } from './localPipelines.js';
import { readRuntimeFile, removeRuntimeFile, writeRuntimeFile } from './runtimeFile.js';
import type { RuntimeConfig } from './runtimeConfig.js';

const stopGraceMs = 5_000;

/** A running local service. */
export interface LocalRuntime {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly authKind: 'hs256' | 'rs256';
  /** Undefined when the stream consumers are off. */
  readonly kinesisEndpoint: string | undefined;
  readonly integrationEventsFile: string | undefined;
  /** Stops the HTTP server first (no new commands), then the engines. */
  readonly stop: () => Promise<void>;
  /** Resolves, with why, if an engine this runtime started dies on its own: the service cannot go on without it. */
  readonly failed: Promise<string>;
}

/**
 * Starts everything the service needs on this machine: DynamoDB Local (on disk under the data folder, unless
 * `dynamoEndpoint` points at a running engine), the tables, and the HTTP API on loopback.
 */
export const startLocalRuntime = async (config: RuntimeConfig & { readonly dynamoEndpoint?: string }): Promise<LocalRuntime> => {
  // The folder holds client PII (the database) and the token secret: the owner's alone. A folder this user owns is
  // locked down even if it existed already; a shared one (someone else's, or sticky like /tmp) is left as it is.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const folder = await stat(config.dataDir);
  const sticky = 0o1000;
  if (folder.uid === process.getuid?.() && (folder.mode & sticky) === 0) await chmod(config.dataDir, 0o700);
  const running = await readRuntimeFile(config.dataDir);
  if (running !== undefined) throw new Error(`a service is already running on ${config.dataDir} (pid ${running.pid}, ${running.url})`);
  let engine: DynamoLocal | undefined;
  if (config.dynamoEndpoint === undefined) {
    requireJava();
    const dataDir = join(config.dataDir, 'dynamodb');
    await mkdir(dataDir, { recursive: true });
    engine = await startDynamoLocal({ port: config.dynamoPort, dataDir });
  }
  const dynamoEndpoint = config.dynamoEndpoint ?? engine!.endpoint;
  let stopping = false;
  let engineDown: string | undefined;
  const failed = new Promise<string>((resolve) => {
    void engine?.exited.then(() => {
      if (stopping) return;
      engineDown = 'DynamoDB Local exited unexpectedly';
      resolve(engineDown);
    });
  });
  try {
    const dynamo = createDynamoClient(dynamoEndpoint);
    const tables = tableNames(config.tablePrefix);
    await ensureTables(dynamo, tables);
    const auth = await loadAuthConfig({ dataDir: config.dataDir });
    const pipelines = config.pipelines ? await startLocalPipelines({ dynamo, dynamoEndpoint, tables, dataDir: config.dataDir }) : undefined;
    const app = serviceApp({
      dynamo,
      tables,
      auth,
      health: async () =>
        engineDown !== undefined
          ? { ok: false, dynamodb: engineDown }
          : { ok: true, projection_lag: pipelines === undefined ? 'pipelines off' : lagReport(pipelines) },
      onUnexpected: (error, route) => console.error(JSON.stringify({ level: 'error', message: 'unexpected error', route, ...errorFields(error) })),
    });
    const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
    if (!server.listening) await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    await writeRuntimeFile(config.dataDir, {
      pid: process.pid,
      url,
      dynamoEndpoint,
      ...(pipelines === undefined ? {} : { kinesisEndpoint: pipelines.kinesisEndpoint, lineageStream: pipelines.lineageStream }),
    });
    return {
      url,
      dynamoEndpoint,
      authKind: auth.kind,
      kinesisEndpoint: pipelines?.kinesisEndpoint,
      integrationEventsFile: pipelines?.integrationEventsFile,
      failed,
      stop: async () => {
        stopping = true;
        // Requests in flight get a few seconds to finish; a client that dawdles does not hold the stop up.
        const connections = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        const deadline = setTimeout(() => connections.closeAllConnections?.(), stopGraceMs);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          connections.closeIdleConnections?.();
        });
        clearTimeout(deadline);
        await pipelines?.stop();
        await removeRuntimeFile(config.dataDir);
        dynamo.destroy();
        await engine?.stop();
      },
    };
  } catch (error) {
    await engine?.stop();
    throw error;
  }
};
