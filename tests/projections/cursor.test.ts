import { Buffer } from 'node:buffer';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CursorPosition, SortOrder } from '../../projections/cursor.js';
import { decodeCursor, encodeCursor } from '../../projections/cursor.js';
import { rankingKey } from '../../projections/rankingKey.js';
import { rational } from '../../projections/rationalKey.js';
import { decimalText } from './support/decimalArbitrary.js';

const order = fc.constantFrom<SortOrder>('asc', 'desc');
const fraction = fc.tuple(fc.bigInt(), fc.bigInt({ min: 1n })).map(([n, d]) => rational(n, d));
const date = fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true });
const key = fc
  .tuple(fc.oneof(decimalText, fraction), date, fc.uuid())
  .map(([value, date, id]) => rankingKey({ value, createdAt: date.toISOString(), id }));
const rankingId = fc.oneof(
  fc.constantFrom('portfolios', 'portfolios#Month#1'),
  fc.uuid().map((id) => `deposits-by-growth#${id}`),
  fc.string({ minLength: 1, maxLength: 40 }),
);
const position: fc.Arbitrary<CursorPosition> = fc.record({ rankingId, order, lastKey: key });
const json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('encodeCursor / decodeCursor', () => {
  it('round-trips every position of the ranking and order it was issued for', () => {
    fc.assert(
      fc.property(position, (p) => {
        const cursor = encodeCursor(p);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, { rankingId: p.rankingId, order: p.order })).toEqual(E.right(p));
      }),
    );
  });

  it('refuses a cursor of another ranking or another order', () => {
    fc.assert(
      fc.property(position, rankingId, (p, other) => {
        const cursor = encodeCursor(p);
        const wrongRanking = decodeCursor(cursor, { rankingId: other, order: p.order });
        if (other !== p.rankingId) expect(E.isLeft(wrongRanking) && wrongRanking.left.reason).toBe('other-ranking');
        const flipped = p.order === 'asc' ? 'desc' : 'asc';
        const wrongOrder = decodeCursor(cursor, { rankingId: p.rankingId, order: flipped });
        expect(E.isLeft(wrongOrder) && wrongOrder.left.reason).toBe('other-order');
      }),
    );
  });

  it('turns garbage into a typed error naming the cursor parameter, never a throw', () => {
    const expected = { rankingId: 'portfolios', order: 'desc' as const };
    const garbage = fc.oneof(
      fc.string(),
      fc.base64String(),
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 200 }),
      fc.jsonValue().map(json),
      fc
        .record(
          {
            v: fc.constantFrom(1, 2, '1'),
            r: fc.constantFrom('portfolios', '', 1),
            o: fc.constantFrom('asc', 'desc', 'up'),
            k: fc.oneof(key, fc.string()),
          },
          { requiredKeys: [] },
        )
        .map(json),
    );
    fc.assert(
      fc.property(garbage, (text) => {
        const decoded = decodeCursor(text, expected);
        if (E.isRight(decoded)) expect(encodeCursor(decoded.right)).toBe(text);
        else expect(decoded.left).toMatchObject({ _tag: 'InvalidCursor', parameter: 'cursor' });
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuses tampered cursors unless the tampering yields another cursor exactly as this service writes it', () => {
    const tampered = fc.tuple(position, fc.nat(), fc.constantFrom(...'Aa0-_=+/ '), fc.boolean()).map(([p, at, char, insert]) => {
      const cursor = encodeCursor(p);
      const i = at % cursor.length;
      return { p, text: cursor.slice(0, i) + char + cursor.slice(insert ? i : i + 1) };
    });
    fc.assert(
      fc.property(tampered, ({ p, text }) => {
        const decoded = decodeCursor(text, { rankingId: p.rankingId, order: p.order });
        if (E.isRight(decoded)) expect(encodeCursor(decoded.right)).toBe(text);
      }),
      { numRuns: 10_000 },
    );
  });

  it('refuses well-formed JSON that is not exactly what encodeCursor writes', () => {
    const lastKey = rankingKey({ value: '1.5', createdAt: '2024-01-02T03:04:05.678Z', id: 'a' });
    const expected = { rankingId: 'portfolios', order: 'asc' as const };
    const valid = { v: 1, r: 'portfolios', o: 'asc', k: lastKey };
    expect(E.isRight(decodeCursor(json(valid), expected))).toBe(true);
    for (const variant of [
      { ...valid, v: 2 },
      { ...valid, extra: true },
      { o: 'asc', v: 1, r: 'portfolios', k: lastKey },
      { ...valid, k: 'P1101.' },
      { ...valid, k: lastKey.replace('.678Z', 'Z') },
      { ...valid, r: '' },
      { ...valid, o: 'ASC' },
    ]) {
      const decoded = decodeCursor(json(variant), expected);
      expect(E.isLeft(decoded) && decoded.left.reason, JSON.stringify(variant)).toBe('malformed');
    }
    expect(E.isLeft(decodeCursor(`${json(valid)}=`, expected))).toBe(true);
    expect(E.isLeft(decodeCursor(Buffer.from(JSON.stringify(valid, null, 1)).toString('base64url'), expected))).toBe(true);
    expect(E.isLeft(decodeCursor('', expected))).toBe(true);
    expect(E.isLeft(decodeCursor('A'.repeat(10_000), expected))).toBe(true);
  });
});
