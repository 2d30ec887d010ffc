import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maturityDateOfKey, maturityLowerBound, maturityRankingKey, maturityUpperBound, monthOf } from '../../projections/maturityKey.js';
import { rankingKey } from '../../projections/rankingKey.js';

const date = fc
  .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const createdAt = fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '1999-12-31T23:59:59.999Z');
const id = fc.constantFrom('a', 'b', 'a0', 'zz-9');

describe('maturity ranking keys', () => {
  it('order like (date, created_at, id)', () => {
    fc.assert(
      fc.property(date, createdAt, id, date, createdAt, id, (d1, c1, i1, d2, c2, i2) => {
        const tuple = (a: string[], b: string[]) => (a.join('\u0000') < b.join('\u0000') ? -1 : a.join('\u0000') > b.join('\u0000') ? 1 : 0);
        const expected = d1 !== d2 ? (d1 < d2 ? -1 : 1) : tuple([c1, i1], [c2, i2]);
        const k1 = maturityRankingKey(d1, c1, i1);
        const k2 = maturityRankingKey(d2, c2, i2);
        expect(k1 < k2 ? -1 : k1 > k2 ? 1 : 0).toBe(expected);
      }),
    );
  });

  it('fall within the bounds of a window exactly when their date does', () => {
    fc.assert(
      fc.property(date, date, date, createdAt, id, (a, b, d, c, i) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const key = maturityRankingKey(d, c, i);
        expect(key >= maturityLowerBound(from) && key <= maturityUpperBound(to)).toBe(d >= from && d <= to);
      }),
    );
  });

  it('give back their date, and nothing for another kind of key', () => {
    fc.assert(
      fc.property(date, createdAt, id, (d, c, i) => {
        expect(maturityDateOfKey(maturityRankingKey(d, c, i))).toBe(d);
      }),
    );
    expect(maturityDateOfKey(rankingKey({ value: '-12.5', createdAt: '2026-01-01T00:00:00Z', id: 'x' }))).toBeUndefined();
    expect(maturityDateOfKey('garbage')).toBeUndefined();
    // Keys can come from a client's cursor: a value too large to write out is refused at once, not written out.
    for (const value of ['1e1000000000000000', '-1e-1000000000000000', '1e-1000000000000000']) {
      expect(maturityDateOfKey(rankingKey({ value, createdAt: '2026-01-01T00:00:00Z', id: 'x' }))).toBeUndefined();
    }
    expect(monthOf('2026-07-31')).toBe('2026-07');
  });
});
