import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDecimal } from '../../projections/decimalKey.js';
import type { RankingEntry } from '../../projections/rankingKey.js';
import { createdAtKey, maxSortKeyBytes, parseRankingKey, rankingKey, rankingKeySeparator } from '../../projections/rankingKey.js';
import type { Rational } from '../../projections/rationalKey.js';
import { encodeRational, rational } from '../../projections/rationalKey.js';
import { decimalText } from './support/decimalArbitrary.js';

const Wide = Decimal.clone({ maxE: 9e15, minE: -9e15 });
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Date.UTC maps years 0..99 to 1900..1999, so year 0000 needs setUTCFullYear.
const yearZero = new Date(0).setUTCFullYear(0, 0, 1);
const yearTenThousand = new Date(0).setUTCFullYear(10_000, 0, 1);

/** Instants from years 0000 to 9999, with a small pool so that ties on created_at are frequent. */
const instant = fc.oneof(
  fc.integer({ min: yearZero, max: yearTenThousand - 1 }),
  fc.constantFrom(Date.UTC(2024, 0, 2, 3, 4, 5, 678), Date.UTC(2024, 0, 2, 3, 4, 5, 679), Date.UTC(1999, 11, 31, 23, 59, 59, 999)),
);
/** The same instant written in any RFC 3339 way: any offset, `Z` or `z`, any number of fraction digits. */
const rfc3339Of = (millis: number, offsetMinutes: number, style: 'Z' | 'z' | 'offset', extraDigits: string): string => {
  const local = new Date(millis + offsetMinutes * 60_000).toISOString().slice(0, 23);
  // `trim` writes the shortest fraction (`.5`, `.05`, or none at all), as RFC 3339 allows.
  const body = extraDigits === 'trim' ? local.replace(/\.?0+$/, '') : local + extraDigits;
  if (style !== 'offset') return body + style;
  const magnitude = Math.abs(offsetMinutes);
  const hhmm = `${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
  return `${body}${offsetMinutes < 0 ? '-' : '+'}${hhmm}`;
};
const createdAtText = fc
  .tuple(
    instant,
    fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    fc.constantFrom<'Z' | 'z' | 'offset'>('Z', 'z', 'offset'),
    fc.constantFrom('', '0', '999999', 'trim'),
  )
  .filter(([millis, offset]) => millis + offset * 60_000 >= yearZero && millis + offset * 60_000 < yearTenThousand)
  .map(([millis, offset, style, extra]) => ({ millis, text: rfc3339Of(millis, style === 'offset' ? offset : 0, style, extra) }));

const uuid = fc.oneof(fc.uuid(), fc.constantFrom('0aa', '0aa0', 'a', 'ab', 'b'));

/** An entry and the tuple it must sort by. */
const decimalEntry = fc.tuple(decimalText, createdAtText, uuid).map(([value, createdAt, id]) => ({
  entry: { value, createdAt: createdAt.text, id } satisfies RankingEntry,
  tuple: { value: new Wide(value), millis: createdAt.millis, id },
}));

const compareTuples = (a: { value: Decimal; millis: number; id: string }, b: { value: Decimal; millis: number; id: string }): number =>
  sign(a.value.cmp(b.value)) || sign(a.millis - b.millis) || textOrder(a.id, b.id);

describe('rankingKey', () => {
  it('sorts entries by value, then created_at, then id, as a tuple', () => {
    fc.assert(
      fc.property(decimalEntry, decimalEntry, (a, b) => {
        expect(textOrder(rankingKey(a.entry), rankingKey(b.entry))).toBe(compareTuples(a.tuple, b.tuple));
      }),
      { numRuns: 10_000 },
    );
  });

  it('keeps that order with a version part, and gives two versions of one entry distinct keys', () => {
    const version = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(decimalEntry, decimalEntry, version, version, (a, b, va, vb) => {
        const [ka, kb] = [rankingKey({ ...a.entry, version: va }), rankingKey({ ...b.entry, version: vb })];
        if (compareTuples(a.tuple, b.tuple) !== 0) expect(textOrder(ka, kb)).toBe(compareTuples(a.tuple, b.tuple));
        expect(ka === kb).toBe(compareTuples(a.tuple, b.tuple) === 0 && a.entry.id === b.entry.id && va === vb);
        expect(E.map((parsed: { version?: number }) => parsed.version)(parseRankingKey(ka))).toEqual(E.right(va));
      }),
      { numRuns: 5_000 },
    );
    const key = rankingKey({ value: '1', createdAt: '2024-01-01T00:00:00Z', id: 'a', version: 3 });
    for (const bad of [`${key}!4`, key.replace(/3$/, '03'), key.replace(/3$/, 'x'), key.replace(/3$/, '')]) expect(E.isLeft(parseRankingKey(bad))).toBe(true);
    expect(() => rankingKey({ value: '1', createdAt: '2024-01-01T00:00:00Z', id: 'a', version: -1 })).toThrow(RangeError);
  });

  it('sorts entries with exact growth-per-day fractions by value, then created_at, then id', () => {
    const fraction = fc.tuple(fc.bigInt({ min: -50n, max: 50n }), fc.bigInt({ min: 1n, max: 30n })).map(([n, d]) => rational(n, d));
    const entry = fc.tuple(fraction, createdAtText, uuid);
    const compareFractions = (a: Rational, b: Rational): number => sign(Number(a.numerator * b.denominator - b.numerator * a.denominator));
    fc.assert(
      fc.property(entry, entry, ([va, ca, ia], [vb, cb, ib]) => {
        const expected = compareFractions(va, vb) || sign(ca.millis - cb.millis) || textOrder(ia, ib);
        const [ka, kb] = [rankingKey({ value: va, createdAt: ca.text, id: ia }), rankingKey({ value: vb, createdAt: cb.text, id: ib })];
        expect(textOrder(ka, kb)).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  it('sorts 10,000 random entries exactly like a brute-force sort of their tuples', () => {
    const entries = fc.sample(decimalEntry, { numRuns: 10_000, seed: 4242 });
    const byKey = entries.map((e) => ({ key: rankingKey(e.entry), tuple: e.tuple })).sort((a, b) => textOrder(a.key, b.key));
    const byTuple = [...entries].sort((a, b) => compareTuples(a.tuple, b.tuple));
    byKey.forEach(({ tuple }, i) => {
      const expected = byTuple[i]?.tuple;
      expect(expected !== undefined && compareTuples(tuple, expected), `position ${i}`).toBe(0);
    });
  });

  it('reads descending as the exact reverse: equal values newest first, then id descending', () => {
    const entries: RankingEntry[] = [
      { value: '10.00', createdAt: '2024-01-01T00:00:00Z', id: 'b' },
      { value: '10.0', createdAt: '2024-01-01T00:00:00Z', id: 'a' },
      { value: '10', createdAt: '2024-01-02T00:00:00Z', id: 'a' },
      { value: '9.99', createdAt: '2025-01-01T00:00:00Z', id: 'z' },
      { value: '-10', createdAt: '2020-01-01T00:00:00Z', id: 'z' },
    ];
    const descending = entries.map(rankingKey).sort().reverse().map((key) => E.getOrElseW(() => undefined)(parseRankingKey(key)));
    expect(descending.map((p) => [p?.createdAt.slice(0, 10), p?.id])).toEqual([
      ['2024-01-02', 'a'],
      ['2024-01-01', 'b'],
      ['2024-01-01', 'a'],
      ['2025-01-01', 'z'],
      ['2020-01-01', 'z'],
    ]);
  });

  it('keeps parts apart with a separator below every character a part can contain', () => {
    // Every character of every part is above the separator...
    fc.assert(
      fc.property(decimalEntry, (a) => {
        const key = rankingKey(a.entry);
        expect(key.split(rankingKeySeparator)).toHaveLength(3);
        for (const char of key.replaceAll(rankingKeySeparator, '')) expect(char > rankingKeySeparator).toBe(true);
      }),
    );
    // ...and for such parts, joining with it preserves tuple order even when one part is a prefix of the other.
    const part = fc.string({ unit: fc.constantFrom(...'"#.09;NOPZaz~-:'), maxLength: 4 });
    fc.assert(
      fc.property(part, part, part, part, (p, q, x, y) => {
        const expected = textOrder(p, q) || textOrder(x, y);
        expect(textOrder(p + rankingKeySeparator + x, q + rankingKeySeparator + y)).toBe(expected);
      }),
    );
    const short = rankingKey({ value: '1', createdAt: '2024-01-01T00:00:00Z', id: 'a' });
    const long = rankingKey({ value: '1', createdAt: '2024-01-01T00:00:00Z', id: 'a0' });
    expect(short < long).toBe(true);
  });

  it('writes the value part exactly as encodeDecimal or encodeRational does', () => {
    const createdAt = '2024-01-02T03:04:05.678Z';
    expect(rankingKey({ value: '1.50', createdAt, id: 'u' })).toBe(`${encodeDecimal('1.5')}!${createdAt}!u`);
    expect(rankingKey({ value: new Decimal('-2'), createdAt, id: 'u' })).toBe(`${encodeDecimal('-2')}!${createdAt}!u`);
    const third = rational(1n, 3n);
    expect(rankingKey({ value: third, createdAt, id: 'u' })).toBe(`${encodeRational(third)}!${createdAt}!u`);
  });

  it('refuses entries that cannot make a valid DynamoDB sort key', () => {
    const base = { value: '1', createdAt: '2024-01-01T00:00:00Z', id: 'a' };
    expect(() => rankingKey({ ...base, createdAt: 'yesterday' })).toThrow(RangeError);
    expect(() => rankingKey({ ...base, id: '' })).toThrow(RangeError);
    expect(() => rankingKey({ ...base, id: 'a!b' })).toThrow(RangeError);
    expect(() => rankingKey({ ...base, id: 'a b' })).toThrow(RangeError);
    expect(() => rankingKey({ ...base, id: 'é' })).toThrow(RangeError);
    expect(() => rankingKey({ ...base, value: '1'.repeat(maxSortKeyBytes) })).toThrow(RangeError);
  });
});

describe('createdAtKey', () => {
  it('normalises any RFC 3339 spelling of an instant to fixed-width UTC milliseconds, so text order is time order', () => {
    fc.assert(
      fc.property(createdAtText, createdAtText, (a, b) => {
        const [ka, kb] = [createdAtKey(a.text), createdAtKey(b.text)];
        expect(ka).toBe(new Date(a.millis).toISOString());
        expect(ka).toHaveLength(24);
        expect(textOrder(ka ?? '', kb ?? '')).toBe(sign(a.millis - b.millis));
      }),
    );
  });

  it('normalises the documented spellings', () => {
    expect(createdAtKey('2024-01-02T03:04:05Z')).toBe('2024-01-02T03:04:05.000Z');
    expect(createdAtKey('2024-01-02T04:34:05.678+01:30')).toBe('2024-01-02T03:04:05.678Z');
    expect(createdAtKey('2024-01-01t23:04:05.6789-04:00')).toBe('2024-01-02T03:04:05.678Z');
    expect(createdAtKey('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00.000Z');
    expect(createdAtKey('2024-01-02T03:04:05.5Z')).toBe('2024-01-02T03:04:05.500Z');
    expect(createdAtKey('2024-01-02T03:04:05.05Z')).toBe('2024-01-02T03:04:05.050Z');
  });

  it('refuses what is not a real instant within years 0000-9999', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-01-02T24:00:00Z',
      '2024-01-02T23:60:00Z',
      '2016-12-31T23:59:60Z',
      '2024-01-02T03:04:05',
      '2024-01-02 03:04:05Z',
      '2024-01-02T03:04:05.Z',
      '2024-01-02T03:04:05+24:00',
      '9999-12-31T23:59:59-01:00',
      '0000-01-01T00:00:00+00:01',
      '+002024-01-02T03:04:05Z',
      '',
    ]) {
      expect(createdAtKey(text), text).toBeUndefined();
    }
  });
});

describe('parseRankingKey', () => {
  it('round-trips value, normalised created_at and id', () => {
    fc.assert(
      fc.property(decimalEntry, ({ entry, tuple }) => {
        const parsed = parseRankingKey(rankingKey(entry));
        expect(E.isRight(parsed)).toBe(true);
        if (E.isLeft(parsed)) return;
        expect(parsed.right.key).toBe(rankingKey(entry));
        expect(parsed.right.value.kind).toBe('decimal');
        expect(parsed.right.value.kind === 'decimal' && parsed.right.value.value.eq(tuple.value)).toBe(true);
        expect(parsed.right.createdAt).toBe(new Date(tuple.millis).toISOString());
        expect(parsed.right.id).toBe(entry.id);
      }),
    );
    const fractionKey = rankingKey({ value: rational(-7n, 30n), createdAt: '2024-01-02T03:04:05Z', id: 'x' });
    expect(parseRankingKey(fractionKey)).toEqual(
      E.right({ key: fractionKey, value: { kind: 'rational', value: rational(-7n, 30n) }, createdAt: '2024-01-02T03:04:05.000Z', id: 'x' }),
    );
  });

  it('accepts only the exact text rankingKey writes: garbage and mutated keys are errors, never throws', () => {
    const char = fc.constantFrom(...'!NOP.;0123456789-:TZ');
    const mutated = fc.tuple(decimalEntry, fc.nat(), char, fc.boolean()).map(([e, at, char, insert]) => {
      const key = rankingKey(e.entry);
      const i = at % key.length;
      return key.slice(0, i) + char + key.slice(insert ? i : i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated), (text) => {
        const parsed = parseRankingKey(text);
        if (E.isRight(parsed)) {
          const { value, createdAt, id, version } = parsed.right;
          expect(rankingKey({ value: value.value, createdAt, id, ...(version === undefined ? {} : { version }) })).toBe(text);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(E.isLeft(parseRankingKey('P1101.!2024-01-02T03:04:05Z!a'))).toBe(true);
    expect(E.isLeft(parseRankingKey('P1101.!2024-02-30T03:04:05.000Z!a'))).toBe(true);
    expect(E.isLeft(parseRankingKey('P1101.!2024-01-02T03:04:05.000Z!'))).toBe(true);
    expect(E.isLeft(parseRankingKey('P1101.!2024-01-02T03:04:05.000Z!a!b'))).toBe(true);
    expect(E.isRight(parseRankingKey('P1101.!2024-01-02T03:04:05.000Z!a'))).toBe(true);
  });
});
