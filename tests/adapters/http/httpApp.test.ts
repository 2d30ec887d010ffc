import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../application/principal.js';
import type { AuthEnv } from '../../../adapters/http/authMiddleware.js';
import { httpApp, maxIdLength } from '../../../adapters/http/httpApp.js';

const advisor = { sub: 'advisor-1', roles: new Set(['advisor']) } as unknown as Principal;

const app = httpApp({
  verify: async (token) => (token === 'good' ? { ok: true, principal: advisor } : { ok: false, reason: 'bad-signature' }),
  health: async () => ({ ok: true }),
  apps: [
    new Hono<AuthEnv>()
      .get('/items/:id', (c) => c.json({ id: c.req.param('id') }))
      .get('/items/:id/parts/:part', (c) => c.json({ id: c.req.param('id'), part: c.req.param('part') }))
      .get('/throttled', () => {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      })
      .get('/broken', () => {
        throw new TypeError('a bug');
      }),
  ],
});
const get = (path: string) => app.request(path, { headers: { authorization: 'Bearer good' } });

describe('httpApp', () => {
  it(`answers for path segments of up to ${maxIdLength} characters`, async () => {
    const id = 'x'.repeat(maxIdLength);
    expect(await (await get(`/items/${id}`)).json()).toEqual({ id });
    expect(await (await get(`/items/a/parts/${id}`)).json()).toEqual({ id: 'a', part: id });
  });

  it('answers 404 for any longer path segment, wherever it is, without reaching the route', async () => {
    const long = 'x'.repeat(maxIdLength + 1);
    for (const path of [`/items/${long}`, `/items/a/parts/${long}`, `/${long}/a`]) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, detail: 'No such resource.' });
    }
  });

  it('answers a throttled store with 503 and Retry-After, and any other unexpected error with 500, both as problems', async () => {
    const throttled = await get('/throttled');
    expect(throttled.status).toBe(503);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.headers.get('content-type')).toBe('application/problem+json');
    const broken = await get('/broken');
    expect(broken.status).toBe(500);
    expect(await broken.json()).toMatchObject({ status: 500, detail: 'An unexpected error occurred; it has been logged.' });
  });
});
