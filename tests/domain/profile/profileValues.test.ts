import { describe, expect, it } from 'vitest';
import { dateOfInstant, instantFrom, isRiskScore, userIdFrom } from '../../../domain/profile/profileValues.js';

describe('profile values', () => {
  it('accepts RFC 3339 UTC instants that exist, with or without a fraction', () => {
    expect(instantFrom('2026-11-22T13:04:05Z')).toBe('2026-11-22T13:04:05Z');
    expect(instantFrom('2024-02-29T23:59:59.999Z')).toBe('2024-02-29T23:59:59.999Z');
    for (const text of ['2026-02-29T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22T13:04:05+01:00', '2026-11-22', 1700000000]) {
      expect(instantFrom(text)).toBeUndefined();
    }
  });

  it('takes the UTC calendar date of an instant, e.g. "today" for a date-of-birth check', () => {
    expect(dateOfInstant(instantFrom('2026-11-22T23:59:59.999Z')!)).toBe('2026-11-22');
  });

  it('refuses empty, over-long and control-character user ids', () => {
    expect(userIdFrom('advisor-1')).toBe('advisor-1');
    for (const id of ['', 'x'.repeat(257), 'a\nb', 42]) expect(userIdFrom(id)).toBeUndefined();
  });

  it('takes risk scores as integers 1..100 only', () => {
    expect([1, 100].every(isRiskScore)).toBe(true);
    expect([0, 101, 1.5, '5', Number.NaN].some(isRiskScore)).toBe(false);
  });
});
