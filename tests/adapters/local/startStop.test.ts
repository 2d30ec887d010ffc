import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Process ids whose command line names `text` (the service and its engine name their data folder's path). */
const processesNaming = (text: string): number[] => {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

describe('npm start and Ctrl-C', () => {
  let dataDir: string | undefined;
  afterAll(async () => {
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('stops cleanly on a terminal Ctrl-C (SIGINT to the whole process group), leaving no Java process behind', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fiducia-start-'));
    // Its own process group, as a terminal's foreground job: npm, tsx's wrapper, the service and (detached) the JVM.
    const child = spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      env: { ...process.env, FIDUCIA_DATA_DIR: dataDir, PORT: '0', FIDUCIA_PIPELINES: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let waited = 0; !/API\s+http:\/\/127\.0\.0\.1:\d+/.test(output); waited += 100) {
      if (waited > 90_000) throw new Error(`npm start did not come up: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(processesNaming(dataDir).length).toBeGreaterThanOrEqual(1);

    process.kill(-child.pid!, 'SIGINT');
    await exited;
    expect(output).toContain('SIGINT: stopping…');
    // The signal arrives more than once (directly, and relayed by npm and tsx): still one clean stop, not an abort.
    expect(output).not.toContain('exiting at once');
    for (let waited = 0; processesNaming(dataDir).length > 0; waited += 100) {
      if (waited > 30_000) throw new Error(`left behind: ${execFileSync('ps', ['-o', 'pid,args', '-p', processesNaming(dataDir).join(',')], { encoding: 'utf8' })}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
