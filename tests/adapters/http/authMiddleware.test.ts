import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import type { CryptoKey, JWTPayload } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signDevToken } from '../../../adapters/auth/devToken.js';
import type { TokenVerifier } from '../../../adapters/auth/tokenVerifier.js';
import { createTokenVerifier } from '../../../adapters/auth/tokenVerifier.js';
import type { AuthEnv, AuthRejection } from '../../../adapters/http/authMiddleware.js';
import { authMiddleware, requireRole } from '../../../adapters/http/authMiddleware.js';

const secret = new Uint8Array(32).fill(3);
const expectations = { issuer: 'fiducia-local', audience: 'fiducia', clockToleranceSeconds: 5 } as const;
const verifyHs = createTokenVerifier({ kind: 'hs256', secret, ...expectations });

const appWith = (verify: TokenVerifier, onRejected?: (rejection: AuthRejection) => void) =>
  new Hono<AuthEnv>()
    .get('/health', (c) => c.json({ ok: true }))
    .use('/api/*', authMiddleware(verify, { onRejected }))
    .get('/api/me', (c) => {
      const principal = c.get('principal');
      return c.json({ sub: principal.sub, roles: [...principal.roles].sort() });
    })
    .post('/api/proposals', requireRole('advisor'), (c) => c.json({ by: c.get('principal').sub }, 201))
    .get('/api/reviews', requireRole('compliance', 'advisor'), (c) => c.json({ ok: true }));

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
const signHs = (payload: JWTPayload, key: Uint8Array = secret) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const get = (app: Hono<AuthEnv>, path: string, authorization?: string) =>
  app.request(path, { headers: authorization === undefined ? {} : { authorization } });

const expectUnauthorized = async (response: Response) => {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="fiducia"/);
  // Every refusal looks the same, so a caller learns nothing about why its token failed.
  expect(await response.json()).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'A valid bearer token is required.' });
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bearer authentication', () => {
  it('lets a valid HS256 token through and hands the handler its sub and roles', async () => {
    const token = await signDevToken({ sub: 'advisor-1', roles: ['advisor', 'compliance'], secret, expiresIn: '5m' });
    const response = await get(appWith(verifyHs), '/api/me', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'advisor-1', roles: ['advisor', 'compliance'] });
  });

  it('accepts the scheme name in any case', async () => {
    const token = await signHs(claims());
    expect((await get(appWith(verifyHs), '/api/me', `bearer ${token}`)).status).toBe(200);
  });

  it('leaves routes it does not guard open', async () => {
    expect((await get(appWith(verifyHs), '/health')).status).toBe(200);
  });

  it('answers 401 without an error code when no bearer credentials are sent', async () => {
    const app = appWith(verifyHs);
    for (const header of [undefined, '', 'Basic x', 'Basic YWxpY2U6c2VjcmV0']) {
      const response = await get(app, '/api/me', header);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="fiducia"');
      await expectUnauthorized(response);
    }
  });

  it('answers 401 invalid_token for a malformed header or a garbage token', async () => {
    const app = appWith(verifyHs);
    for (const header of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer garbage', 'Bearer a.b.c', 'Bearer\tx']) {
      const response = await get(app, '/api/me', header);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="fiducia", error="invalid_token"');
      await expectUnauthorized(response);
    }
  });

  it('answers 401 for expired, wrongly signed, unsigned (alg:none), wrong-issuer and wrong-audience tokens', async () => {
    const app = appWith(verifyHs);
    const tokens = [
      await signHs(claims({ iat: nowSeconds() - 3600, exp: nowSeconds() - 1800 })),
      await signHs(claims(), new Uint8Array(32).fill(4)),
      `${b64({ alg: 'none' })}.${b64(claims())}.`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`,
      await signHs(claims({ iss: 'evil' })),
      await signHs(claims({ aud: 'another-api' })),
    ];
    for (const token of tokens) await expectUnauthorized(await get(app, '/api/me', `Bearer ${token}`));
  });

  it('reports why a request was refused to onRejected, without the token', async () => {
    const rejections: AuthRejection[] = [];
    const app = appWith(verifyHs, (rejection) => rejections.push(rejection));
    const expired = await signHs(claims({ exp: nowSeconds() - 600 }));
    const forged = await signHs(claims(), new Uint8Array(32).fill(9));
    const unsigned = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    const roleless = await signHs(claims({ roles: ['admin'] }));
    for (const header of [undefined, 'Basic x', 'Bearer', 'Bearer garbage', `Bearer ${expired}`, `Bearer ${forged}`, `Bearer ${unsigned}`, `Bearer ${roleless}`]) {
      await get(app, '/api/me', header);
    }
    expect(rejections).toEqual([
      { status: 401, reason: 'missing' },
      { status: 401, reason: 'not-bearer' },
      { status: 401, reason: 'malformed-header' },
      { status: 401, reason: 'malformed' },
      { status: 401, reason: 'expired' },
      { status: 401, reason: 'bad-signature' },
      { status: 401, reason: 'algorithm-not-allowed' },
      { status: 403, reason: 'no-known-role' },
    ]);
    const reported = JSON.stringify(rejections);
    for (const token of [expired, forged, unsigned, roleless]) expect(reported).not.toContain(token);
  });

  it('never writes a token to the console', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const app = appWith(verifyHs);
    const good = await signHs(claims());
    const bad = await signHs(claims(), new Uint8Array(32).fill(8));
    await get(app, '/api/me', `Bearer ${good}`);
    await get(app, '/api/me', `Bearer ${bad}`);
    await get(app, '/api/proposals', `Bearer ${await signHs(claims({ roles: ['client'] }))}`);
    const written = [...spies, stdout, stderr].flatMap((spy) => spy.mock.calls.flat()).map(String).join('\n');
    for (const token of [good, bad]) expect(written).not.toContain(token.split('.')[2]);
  });
});

describe('role authorization', () => {
  it('answers 403 problem+json when the token lacks the required role', async () => {
    const response = await get(appWith(verifyHs), '/api/reviews', `Bearer ${await signHs(claims({ sub: 'client-1', roles: ['client'] }))}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('lets through a principal holding any one of the allowed roles', async () => {
    const app = appWith(verifyHs);
    const compliance = await signHs(claims({ sub: 'cmp-1', roles: ['compliance'] }));
    expect((await get(app, '/api/reviews', `Bearer ${compliance}`)).status).toBe(200);
    const response = await app.request('/api/proposals', { method: 'POST', headers: { authorization: `Bearer ${await signHs(claims())}` } });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ by: 'advisor-1' });
    const denied = await app.request('/api/proposals', { method: 'POST', headers: { authorization: `Bearer ${compliance}` } });
    expect(denied.status).toBe(403);
  });

  it('answers 403 on every protected route when the token carries no known role', async () => {
    const app = appWith(verifyHs);
    for (const roles of [[], ['admin', 'superuser'], 'advisor']) {
      const response = await get(app, '/api/me', `Bearer ${await signHs(claims({ roles }))}`);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('fails closed with 401 when requireRole is mounted without authentication', async () => {
    const app = new Hono<AuthEnv>().get('/open', requireRole('advisor'), (c) => c.text('reached'));
    await expectUnauthorized(await app.request('/open'));
  });
});

describe('bearer authentication with RS256 keys from a JWKS', () => {
  let server: Server;
  let verifyRs: TokenVerifier;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
    verifyRs = createTokenVerifier({ kind: 'rs256', jwksUrl, ...expectations });
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('lets through a token signed with the published key and refuses one signed with another key', async () => {
    const app = appWith(verifyRs);
    const good = await new SignJWT(claims({ sub: 'cmp-7', roles: ['compliance'] })).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
    const response = await get(app, '/api/me', `Bearer ${good}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'cmp-7', roles: ['compliance'] });

    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey);
    await expectUnauthorized(await get(app, '/api/me', `Bearer ${forged}`));
    const hsToken = await signHs(claims());
    await expectUnauthorized(await get(app, '/api/me', `Bearer ${hsToken}`));
  });
});

describe('when the identity provider cannot be reached', () => {
  it('answers 503 with Retry-After, so the caller keeps a token that may well be valid', async () => {
    const app = appWith(async () => ({ ok: false, reason: 'keys-unavailable' }));
    const answer = await app.request('/api/me', { headers: { authorization: 'Bearer a.b.c' } });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
  });
});
