import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalSecret, localSecretFileName } from '../../../adapters/auth/localSecret.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fiducia-secret-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('local JWT secret', () => {
  it('is created on first use as 256 random bits in <dataDir>/jwt-secret with mode 0600', async () => {
    const secret = await loadOrCreateLocalSecret(dataDir);
    const path = join(dataDir, localSecretFileName);
    expect(secret).toHaveLength(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url').equals(Buffer.from(secret))).toBe(true);
  });

  it('is reused, unchanged, on later starts', async () => {
    const first = await loadOrCreateLocalSecret(dataDir);
    const path = join(dataDir, localSecretFileName);
    const fileBefore = await readFile(path, 'utf8');
    const second = await loadOrCreateLocalSecret(dataDir);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(fileBefore);
  });

  it('differs between data folders', async () => {
    const other = await mkdtemp(join(tmpdir(), 'fiducia-secret-'));
    try {
      const a = await loadOrCreateLocalSecret(dataDir);
      const b = await loadOrCreateLocalSecret(other);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('creates a missing data folder', async () => {
    const nested = join(dataDir, 'a', 'b');
    const secret = await loadOrCreateLocalSecret(nested);
    expect(secret).toHaveLength(32);
    expect((await stat(join(nested, localSecretFileName))).isFile()).toBe(true);
  });

  it('agrees on one secret when several first starts race, leaving no staging files behind', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalSecret(dataDir)));
    const distinct = new Set(secrets.map((s) => Buffer.from(s).toString('hex')));
    expect(distinct.size).toBe(1);
    expect(await readdir(dataDir)).toEqual([localSecretFileName]);
  });

  it('refuses a secret file too short to be a 256-bit key', async () => {
    await writeFile(join(dataDir, localSecretFileName), `${Buffer.alloc(8, 1).toString('base64url')}\n`, { mode: 0o600 });
    await expect(loadOrCreateLocalSecret(dataDir)).rejects.toThrow(/shorter than 256 bits/);
  });
});
