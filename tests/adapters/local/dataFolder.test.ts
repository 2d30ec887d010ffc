import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startLocalRuntime } from '../../../adapters/local/localRuntime.js';
import { runtimeConfig } from '../../../adapters/local/runtimeConfig.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** Starts and stops the runtime on a folder created beforehand with `mode`; resolves with the folder's mode after. */
const modeAfterStart = async (mode: number): Promise<number> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fiducia-folder-'));
  folders.push(dataDir);
  await chmod(dataDir, mode);
  const env = { FIDUCIA_DATA_DIR: dataDir, PORT: '0', FIDUCIA_PIPELINES: 'off', FIDUCIA_TABLE_PREFIX: `folder${randomBytes(4).toString('hex')}-` };
  const runtime = await startLocalRuntime({ ...runtimeConfig(env), dynamoEndpoint: inject('dynamoEndpoint') });
  await runtime.stop();
  return (await stat(dataDir)).mode & 0o7777;
};

describe('the data folder of the local runtime', () => {
  it('is locked down to its owner even when it existed already, but a shared sticky folder like /tmp keeps its mode', async () => {
    expect(await modeAfterStart(0o755)).toBe(0o700);
    expect(await modeAfterStart(0o1777)).toBe(0o1777);
  });
});
