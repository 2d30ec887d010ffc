import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { defaultAudience, defaultClockToleranceSeconds, defaultIssuer } from '../../../adapters/auth/authConfig.js';
import { lifetimeSeconds, signDevToken } from '../../../adapters/auth/devToken.js';
import { createTokenVerifier } from '../../../adapters/auth/tokenVerifier.js';

const secret = new Uint8Array(32).fill(7);
const verifier = createTokenVerifier({
  kind: 'hs256',
  secret,
  issuer: defaultIssuer,
  audience: defaultAudience,
  clockToleranceSeconds: defaultClockToleranceSeconds,
});

describe('development token', () => {
  it('carries sub, roles, the local issuer and audience and an expiry, signed HS256', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const token = await signDevToken({ sub: 'advisor-1', roles: ['advisor'], secret, expiresIn: '8h', now });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const iat = now.getTime() / 1000;
    expect(decodeJwt(token)).toEqual({ sub: 'advisor-1', roles: ['advisor'], iss: 'fiducia-local', aud: 'fiducia', iat, exp: iat + 8 * 3600 });
  });

  it('is accepted by the local verifier with its sub and roles', async () => {
    const token = await signDevToken({ sub: 'c-9', roles: ['client', 'compliance'], secret, expiresIn: 60 });
    const verification = await verifier(token);
    expect(verification.ok).toBe(true);
    if (verification.ok) {
      expect(verification.principal.sub).toBe('c-9');
      expect([...verification.principal.roles].sort()).toEqual(['client', 'compliance']);
    }
  });

  it('is refused once its lifetime has passed', async () => {
    const token = await signDevToken({ sub: 'c-9', roles: ['client'], secret, expiresIn: '1h', now: new Date(Date.now() - 2 * 3600_000) });
    expect(await verifier(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an empty subject', async () => {
    await expect(signDevToken({ sub: '', roles: ['client'], secret, expiresIn: 60 })).rejects.toThrow(/subject/);
  });

  it('reads lifetimes given as seconds or as s/m/h/d spans and rejects anything else', () => {
    expect(lifetimeSeconds(90)).toBe(90);
    expect(lifetimeSeconds('3600')).toBe(3600);
    expect(lifetimeSeconds('45s')).toBe(45);
    expect(lifetimeSeconds('30m')).toBe(1800);
    expect(lifetimeSeconds('8h')).toBe(28_800);
    expect(lifetimeSeconds('7d')).toBe(604_800);
    expect(lifetimeSeconds('-1h')).toBe(-3600);
    for (const bad of ['1 week', 'h', '1.5h', '', '10y']) expect(() => lifetimeSeconds(bad)).toThrow(/lifetime/);
    expect(() => lifetimeSeconds(1.5)).toThrow(/whole seconds/);
    expect(() => lifetimeSeconds(Number.NaN)).toThrow(/whole seconds/);
  });
});
