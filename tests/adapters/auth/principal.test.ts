import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { principalFromClaims, rolesFromClaim } from '../../../adapters/auth/principal.js';
import { hasAnyRole, hasRole, isSubject, roles } from '../../../application/principal.js';

describe('principal from verified claims', () => {
  it('takes sub as the actor and the known roles from the roles claim', () => {
    const principal = principalFromClaims({ sub: 'advisor-7', roles: ['advisor', 'compliance'] });
    expect(principal?.sub).toBe('advisor-7');
    expect([...(principal?.roles ?? [])].sort()).toEqual(['advisor', 'compliance']);
  });

  it('ignores unknown role names, non-string entries and a roles claim that is not an array', () => {
    expect([...rolesFromClaim(['admin', 'client', 42, null, 'Advisor'])]).toEqual(['client']);
    expect(rolesFromClaim('advisor').size).toBe(0);
    expect(rolesFromClaim(undefined).size).toBe(0);
    expect(rolesFromClaim({ 0: 'advisor' }).size).toBe(0);
  });

  it('holds exactly the known roles present in any claim value', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...roles), fc.string(), fc.integer())), (claim) => {
        const parsed = rolesFromClaim(claim);
        expect([...parsed].sort()).toEqual(roles.filter((r) => claim.includes(r)).sort());
      }),
    );
  });

  it('refuses a missing, empty, non-string, overlong or control-character subject', () => {
    for (const sub of [undefined, '', 42, 'x'.repeat(257), 'a\nb']) {
      expect(principalFromClaims({ sub, roles: ['advisor'] } as never)).toBeUndefined();
    }
    expect(principalFromClaims({ sub: 'x'.repeat(256), roles: [] })?.roles.size).toBe(0);
  });

  it('answers role and subject predicates from the principal', () => {
    const principal = principalFromClaims({ sub: 'client-1', roles: ['client'] });
    if (principal === undefined) throw new Error('expected a principal');
    expect(hasRole(principal, 'client')).toBe(true);
    expect(hasRole(principal, 'advisor')).toBe(false);
    expect(hasAnyRole(principal, ['advisor', 'client'])).toBe(true);
    expect(hasAnyRole(principal, ['advisor', 'compliance'])).toBe(false);
    expect(hasAnyRole(principal, [])).toBe(false);
    expect(isSubject(principal, 'client-1')).toBe(true);
    expect(isSubject(principal, 'client-2')).toBe(false);
  });
});
