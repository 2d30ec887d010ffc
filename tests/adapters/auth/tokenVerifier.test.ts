import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthConfig } from '../../../adapters/auth/authConfig.js';
import { createTokenVerifier } from '../../../adapters/auth/tokenVerifier.js';

const secret = new Uint8Array(32).fill(1);
const otherSecret = new Uint8Array(32).fill(2);
const expectations = { issuer: 'fiducia-local', audience: 'fiducia', clockToleranceSeconds: 5 } as const;
const hs256: AuthConfig = { kind: 'hs256', secret, ...expectations };
const verifyHs = createTokenVerifier(hs256);

const nowSeconds = () => Math.floor(Date.now() / 1000);
const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  sub: 'advisor-1',
  roles: ['advisor'],
  iss: 'fiducia-local',
  aud: 'fiducia',
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
  ...overrides,
});
const signHs = (payload: JWTPayload, key: Uint8Array = secret) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('HS256 token verification', () => {
  it('remembers a verified token only until it expires, though that is sooner than the cache would keep it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const verify = createTokenVerifier(hs256);
      // Expires in 30 s: well before the cache's own 60 s.
      const token = await signHs(claims({ exp: nowSeconds() + 30 }));
      expect((await verify(token)).ok).toBe(true);
      vi.advanceTimersByTime(20_000);
      expect((await verify(token)).ok).toBe(true);
      // Past its expiry and the clock tolerance: a cache kept for its own 60 s would still answer yes.
      vi.advanceTimersByTime(16_000);
      expect(await verify(token)).toEqual({ ok: false, reason: 'expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts a valid token and yields its subject and known roles', async () => {
    const verification = await verifyHs(await signHs(claims({ roles: ['advisor', 'root'] })));
    expect(verification).toEqual({ ok: true, principal: { sub: 'advisor-1', roles: new Set(['advisor']) } });
  });

  it('refuses an expired token', async () => {
    const token = await signHs(claims({ iat: nowSeconds() - 120, exp: nowSeconds() - 60 }));
    expect(await verifyHs(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('tolerates only a few seconds of clock skew', async () => {
    expect((await verifyHs(await signHs(claims({ exp: nowSeconds() - 2 })))).ok).toBe(true);
    expect(await verifyHs(await signHs(claims({ exp: nowSeconds() - 30 })))).toEqual({ ok: false, reason: 'expired' });
    expect(await verifyHs(await signHs(claims({ nbf: nowSeconds() + 60 })))).toEqual({ ok: false, reason: 'claims-mismatch' });
  });

  it('refuses a token signed with another secret', async () => {
    expect(await verifyHs(await signHs(claims(), otherSecret))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses an unsigned alg:none token', async () => {
    const unsigned = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    expect(await verifyHs(unsigned)).toEqual({ ok: false, reason: 'algorithm-not-allowed' });
    const unsignedTyped = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    expect((await verifyHs(unsignedTyped)).ok).toBe(false);
  });

  it('refuses a token signed with an algorithm other than HS256, even with the right secret', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(new Uint8Array(64).fill(1));
    expect(await verifyHs(token)).toEqual({ ok: false, reason: 'algorithm-not-allowed' });
  });

  it('refuses a wrong issuer or audience', async () => {
    expect(await verifyHs(await signHs(claims({ iss: 'someone-else' })))).toEqual({ ok: false, reason: 'claims-mismatch' });
    expect(await verifyHs(await signHs(claims({ aud: 'other-service' })))).toEqual({ ok: false, reason: 'claims-mismatch' });
    const { iss: _iss, ...noIssuer } = claims();
    expect(await verifyHs(await signHs(noIssuer))).toEqual({ ok: false, reason: 'claims-mismatch' });
  });

  it('refuses a token without expiry or without subject', async () => {
    const { exp: _exp, ...noExpiry } = claims();
    expect(await verifyHs(await signHs(noExpiry))).toEqual({ ok: false, reason: 'claims-mismatch' });
    const { sub: _sub, ...noSubject } = claims();
    expect(await verifyHs(await signHs(noSubject))).toEqual({ ok: false, reason: 'claims-mismatch' });
    expect(await verifyHs(await signHs(claims({ sub: '' })))).toEqual({ ok: false, reason: 'unusable-subject' });
  });

  it('refuses garbage without throwing', async () => {
    for (const garbage of ['garbage', 'a.b.c', '', '..', `${b64({ alg: 'HS256' })}.not-json.sig`]) {
      expect(await verifyHs(garbage)).toMatchObject({ ok: false });
    }
    expect(await verifyHs('garbage')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts configured issuer and audience instead of the defaults', async () => {
    const custom = createTokenVerifier({ ...hs256, issuer: 'https://idp.example/', audience: 'api://fiducia' });
    expect((await custom(await signHs(claims({ iss: 'https://idp.example/', aud: ['x', 'api://fiducia'] })))).ok).toBe(true);
    expect((await custom(await signHs(claims()))).ok).toBe(false);
  });
});

describe('RS256 token verification against a JWKS', () => {
  let server: Server;
  let jwksUrl: URL;
  let key: { privateKey: CryptoKey; publicKey: CryptoKey };
  let publicJwk: JWK;
  let jwksRequests = 0;

  beforeAll(async () => {
    key = await generateKeyPair('RS256');
    publicJwk = { ...(await exportJWK(key.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      jwksRequests += 1;
      if (req.url !== '/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  const signRs = (privateKey: CryptoKey, kid: string, payload: JWTPayload = claims()) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);

  it('accepts a token signed with the published key, fetching the key set over HTTP', async () => {
    const before = jwksRequests;
    const verify = createTokenVerifier({ kind: 'rs256', jwksUrl, ...expectations });
    const verification = await verify(await signRs(key.privateKey, 'key-1', claims({ sub: 'compliance-2', roles: ['compliance'] })));
    expect(verification).toEqual({ ok: true, principal: { sub: 'compliance-2', roles: new Set(['compliance']) } });
    expect(jwksRequests).toBeGreaterThan(before);
  });

  it('refuses a token signed with another key under the same key id', async () => {
    const verify = createTokenVerifier({ kind: 'rs256', jwksUrl, ...expectations });
    const impostor = await generateKeyPair('RS256');
    expect(await verify(await signRs(impostor.privateKey, 'key-1'))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token whose key id is not published', async () => {
    const verify = createTokenVerifier({ kind: 'rs256', jwksUrl, ...expectations });
    const impostor = await generateKeyPair('RS256');
    expect(await verify(await signRs(impostor.privateKey, 'key-2'))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion) and alg:none', async () => {
    const verify = createTokenVerifier({ kind: 'rs256', jwksUrl, ...expectations });
    const confused = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect(await verify(confused)).toEqual({ ok: false, reason: 'algorithm-not-allowed' });
    expect(await verify(`${b64({ alg: 'none', kid: 'key-1' })}.${b64(claims())}.`)).toEqual({ ok: false, reason: 'algorithm-not-allowed' });
  });

  it('refuses, without throwing, when the key set cannot be fetched', async () => {
    const token = await signRs(key.privateKey, 'key-1');
    const notFound = createTokenVerifier({ kind: 'rs256', jwksUrl: new URL('/missing.json', jwksUrl), ...expectations });
    expect(await notFound(token)).toEqual({ ok: false, reason: 'keys-unavailable' });
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = createTokenVerifier({ kind: 'rs256', jwksUrl: new URL(`http://127.0.0.1:${closedPort}/jwks.json`), ...expectations });
    expect(await unreachable(token)).toEqual({ ok: false, reason: 'keys-unavailable' });
  });
});
