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

/** The running service of a data folder, if its process is alive. */
export const readRuntimeFile = async (dataDir: string): Promise<RuntimeFile | undefined> => {
  let runtime: RuntimeFile;
  try {
    runtime = JSON.parse(await readFile(fileOf(dataDir), 'utf8')) as RuntimeFile;
  } catch {
    return undefined;
  }
  try {
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return undefined; // left behind by a service that was killed
  }
};
