import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a running local service says how to reach it, so operator commands find its engines. */
export interface RuntimeFile {
  readonly pid: number;
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly kinesisEndpoint?: string;
  readonly lineageStream?: string;
}

const fileOf = (dataDir: string) => join(dataDir, 'runtime.json');

/** Announces the running service in its data folder. */
export const writeRuntimeFile = (dataDir: string, runtime: RuntimeFile): Promise<void> =>
  writeFile(fileOf(dataDir), `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });

/** Removes the announcement on a clean stop, unless another process has announced itself since. */
export const removeRuntimeFile = async (dataDir: string): Promise<void> => {
  const current = await readRuntimeFile(dataDir);
  if (current === undefined || current.pid === process.pid) await rm(fileOf(dataDir), { force: true });
};

/**
 * The running service of a data folder, unless the file is one a killed service left behind. Its process id may belong
 * to another process since (in a container, often this very one), so a live id is not proof: a service whose port
 * refuses connections is gone. One that is slow to answer (a busy event loop) still counts as running, so that a second
 * service never opens the same database.
 */
export const readRuntimeFile = async (dataDir: string): Promise<RuntimeFile | undefined> => {
  let runtime: RuntimeFile;
  try {
    runtime = JSON.parse(await readFile(fileOf(dataDir), 'utf8')) as RuntimeFile;
  } catch {
    return undefined;
  }
  if (runtime.pid === process.pid || !isAlive(runtime.pid)) return undefined;
  try {
    const health = await fetch(`${runtime.url}/health`, { signal: AbortSignal.timeout(healthTimeoutMs) });
    await health.body?.cancel();
    return runtime;
  } catch (error) {
    return isRefused(error) ? undefined : runtime;
  }
};

/** True when nothing listens where the service was: fetch reports the socket's ECONNREFUSED as its cause. */
const isRefused = (error: unknown): boolean => (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';

const healthTimeoutMs = 2_000;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
