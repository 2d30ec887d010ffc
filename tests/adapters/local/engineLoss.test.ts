import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../adapters/local/localRuntime.js';
import { runtimeConfig } from '../../../adapters/local/runtimeConfig.js';

/** Process ids of this process's children running java: the engine the runtime started. */
const javaChildren = (): number[] =>
  execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, command]) => command === 'java')
    .map(([pid]) => Number(pid));

describe('the local runtime when its DynamoDB Local dies', () => {
  let runtime: LocalRuntime | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await runtime?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('says so: its health turns 503 and it reports the failure, where it used to answer 200 over a dead engine', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fiducia-engine-loss-'));
    const before = new Set(javaChildren());
    runtime = await startLocalRuntime(runtimeConfig({ FIDUCIA_DATA_DIR: dataDir, PORT: '0', FIDUCIA_PIPELINES: 'off' }));
    expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
    const engines = javaChildren().filter((pid) => !before.has(pid));
    expect(engines).toHaveLength(1);

    process.kill(engines[0]!, 'SIGKILL');
    expect(await runtime.failed).toBe('DynamoDB Local exited unexpectedly');
    const health = await fetch(`${runtime.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, dynamodb: 'DynamoDB Local exited unexpectedly' });
  });
});
