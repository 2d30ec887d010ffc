import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAudience, defaultIssuer } from '../../../adapters/auth/authConfig.js';
import { loadOrCreateLocalSecret } from '../../../adapters/auth/localSecret.js';
import { fiducia } from './support/fiducia.js';

describe('fiducia token (spawned as a process)', () => {
  let dataDir: string;
  let secret: Uint8Array;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fiducia-token-'));
    // The secret the service made on its first start.
    secret = await loadOrCreateLocalSecret(dataDir);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const token = (args: string[], folder = dataDir) => fiducia(['token', ...args], { FIDUCIA_DATA_DIR: folder });

  it('prints a token the service verifies with its local secret, for the roles and subject given', async () => {
    const run = token(['--role', 'advisor', '--role', 'compliance', '--sub', 'advisor-1', '--expires-in', '3600']);
    expect(run.status).toBe(0);
    const { payload } = await jwtVerify(run.stdout.trim(), secret, { issuer: defaultIssuer, audience: defaultAudience, algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'advisor-1', roles: ['advisor', 'compliance'] });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(decodeJwt(token(['--role', 'client', '--sub', 'c-1']).stdout.trim()).exp).toBeGreaterThan(Date.now() / 1000 + 7 * 3600);
  });

  it('refuses a missing role, an unknown role and a folder without the service secret, making no secret there', async () => {
    const noRole = token(['--sub', 'advisor-1']);
    expect(noRole.status).not.toBe(0);
    expect(noRole.stderr).toMatch(/--role/);
    const unknown = token(['--role', 'admin', '--sub', 'a']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown role "admin"/);
    const elsewhere = await mkdtemp(join(tmpdir(), 'fiducia-token-'));
    try {
      const lost = token(['--role', 'advisor', '--sub', 'advisor-1'], elsewhere);
      expect(lost.status).toBe(1);
      expect(lost.stderr).toContain(`no local secret in ${elsewhere}`);
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
