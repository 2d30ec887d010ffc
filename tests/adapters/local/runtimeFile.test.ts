import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRuntimeFile, writeRuntimeFile } from '../../../adapters/local/runtimeFile.js';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
const aDataDir = async () => {
  const folder = await mkdtemp(join(tmpdir(), 'fiducia-runtime-'));
  folders.push(folder);
  return folder;
};

describe('the runtime file of a data folder', () => {
  it('names the running service while it answers on its health route', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dataDir = await aDataDir();
    // Another live process (this one's parent) stands for the service.
    const runtime = { pid: process.ppid, url, dynamoEndpoint: 'http://127.0.0.1:1' };
    await writeRuntimeFile(dataDir, runtime);
    expect(await readRuntimeFile(dataDir)).toEqual(runtime);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Its process id may live on in another process: with its port refusing connections, the file is one a killed
    // service left behind.
    expect(await readRuntimeFile(dataDir)).toBeUndefined();
  });

  it('still names a service that is slow to answer, so that no second service opens the same database', async () => {
    // Accepts connections but never answers, as a service with a busy event loop would (beyond the 2 s the check waits).
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dataDir = await aDataDir();
      const runtime = { pid: process.ppid, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dynamoEndpoint: 'http://127.0.0.1:1' };
      await writeRuntimeFile(dataDir, runtime);
      expect(await readRuntimeFile(dataDir)).toEqual(runtime);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is stale when it names the very process reading it, as after a restart in a container', async () => {
    const dataDir = await aDataDir();
    await writeRuntimeFile(dataDir, { pid: process.pid, url: 'http://127.0.0.1:1', dynamoEndpoint: 'http://127.0.0.1:1' });
    expect(await readRuntimeFile(dataDir)).toBeUndefined();
    expect(await readRuntimeFile(await aDataDir())).toBeUndefined();
  });
});
