import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

/** Where to run a local Kinesis engine, and whether it keeps its data. */
export interface KinesaliteOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** A folder for LevelDB files (survives restarts); in memory when omitted. */
  readonly path?: string;
  /** How long a new stream stays CREATING; real Kinesis takes seconds, so callers must wait for ACTIVE anyway. */
  readonly createStreamMs?: number;
}

/** A running kinesalite, listening on loopback only. */
export interface KinesaliteHandle {
  readonly endpoint: string;
  readonly stop: () => Promise<void>;
}

interface KinesaliteConfig {
  readonly path?: string;
  readonly createStreamMs: number;
  readonly deleteStreamMs: number;
  readonly updateStreamMs: number;
  readonly shardLimit: number;
}

// kinesalite is CommonJS without type declarations; this is the one factory it exports.
const kinesalite = createRequire(import.meta.url)('kinesalite') as (config: KinesaliteConfig) => Server;

/** Starts kinesalite in-process on 127.0.0.1 (never on other interfaces: it has no authentication). */
export const startKinesalite = async (options: KinesaliteOptions = {}): Promise<KinesaliteHandle> => {
  if (options.path !== undefined) await mkdir(options.path, { recursive: true });
  const server = kinesalite({
    ...(options.path === undefined ? {} : { path: options.path }),
    createStreamMs: options.createStreamMs ?? 50,
    deleteStreamMs: 50,
    updateStreamMs: 50,
    shardLimit: 50,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve, reject) => {
      // kinesalite's close also closes its LevelDB, which must happen before the folder is reopened.
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets of SDK clients would otherwise hold the close open until they time out.
      server.closeAllConnections();
    });
    return stopped;
  };
  return { endpoint: `http://127.0.0.1:${port}`, stop };
};
