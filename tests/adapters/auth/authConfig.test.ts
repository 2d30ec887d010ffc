import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAudience, defaultIssuer, loadAuthConfig, parseJwksUrl } from '../../../adapters/auth/authConfig.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fiducia-auth-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('auth configuration', () => {
  it('uses HS256 with the local secret and the default issuer and audience when no JWKS URL is set', async () => {
    const config = await loadAuthConfig({ dataDir, env: {} });
    expect(config.kind).toBe('hs256');
    expect(config.issuer).toBe(defaultIssuer);
    expect(config.audience).toBe(defaultAudience);
    expect(defaultIssuer).toBe('fiducia-local');
    expect(defaultAudience).toBe('fiducia');
    const stored = Buffer.from((await readFile(join(dataDir, 'jwt-secret'), 'utf8')).trim(), 'base64url');
    expect(config.kind === 'hs256' && Buffer.from(config.secret).equals(stored)).toBe(true);
  });

  it('uses RS256 against the JWKS URL when one is configured, and creates no local secret', async () => {
    const config = await loadAuthConfig({
      dataDir,
      env: { FIDUCIA_JWKS_URL: 'https://idp.example/.well-known/jwks.json', FIDUCIA_JWT_ISSUER: 'https://idp.example/', FIDUCIA_JWT_AUDIENCE: 'api://fiducia' },
    });
    expect(config).toMatchObject({ kind: 'rs256', issuer: 'https://idp.example/', audience: 'api://fiducia' });
    expect(config.kind === 'rs256' && config.jwksUrl.href).toBe('https://idp.example/.well-known/jwks.json');
    await expect(readFile(join(dataDir, 'jwt-secret'))).rejects.toThrow(/ENOENT/);
  });

  it('treats blank variables as unset', async () => {
    const config = await loadAuthConfig({ dataDir, env: { FIDUCIA_JWKS_URL: '  ', FIDUCIA_JWT_ISSUER: '' } });
    expect(config.kind).toBe('hs256');
    expect(config.issuer).toBe(defaultIssuer);
  });

  it('accepts plain http for a JWKS only on a loopback host', () => {
    expect(parseJwksUrl('http://127.0.0.1:8080/jwks').port).toBe('8080');
    expect(parseJwksUrl('http://localhost/jwks').hostname).toBe('localhost');
    expect(() => parseJwksUrl('http://idp.example/jwks')).toThrow(/https/);
    expect(() => parseJwksUrl('ftp://idp.example/jwks')).toThrow(/https/);
    expect(() => parseJwksUrl('not a url')).toThrow(/not a URL/);
  });
});
