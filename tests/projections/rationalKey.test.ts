import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rational } from '../../projections/rationalKey.js';
import { decodeRational, encodeRational, rational } from '../../projections/rationalKey.js';

const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Exact comparison by cross-multiplication (denominators are positive). */
const compare = (a: Rational, b: Rational): number => {
  const [left, right] = [a.numerator * b.denominator, b.numerator * a.denominator];
  return left < right ? -1 : left > right ? 1 : 0;
};

const integer = fc.oneof(
  fc.bigInt({ min: -12n, max: 12n }),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }),
);
const denominator = fc.oneof(
  fc.bigInt({ min: 1n, max: 12n }),
  fc.bigInt({ min: 1n, max: 10n ** 12n }),
  fc.bigInt({ min: 1n, max: 10n ** 60n }),
);
const anyRational = fc.tuple(integer, denominator).map(([n, d]) => rational(n, d));
/** Fractions that share long continued-fraction prefixes: convergents of one value, and its neighbours. */
const crowdedRational = fc.tuple(fc.bigInt({ min: -3n, max: 3n }), fc.bigInt({ min: 1n, max: 8n }), fc.integer({ min: 0, max: 6 }))
  .map(([n, d, depth]) => {
    let value = rational(n, d);
    for (let i = 0; i < depth; i += 1) {
      const magnitude = value.numerator < 0n ? -value.numerator : value.numerator;
      value = rational(value.denominator + value.numerator, magnitude === 0n ? 1n : magnitude);
    }
    return value;
  });
const someRational = fc.oneof(anyRational, crowdedRational);

describe('rational', () => {
  it('reduces to lowest terms with a positive denominator, so equal fractions have equal fields', () => {
    expect(rational(6n, -4n)).toEqual({ numerator: -3n, denominator: 2n });
    expect(rational(0n, -7n)).toEqual({ numerator: 0n, denominator: 1n });
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });
});

describe('encodeRational', () => {
  it('orders keys exactly as the fractions compare by cross-multiplication', () => {
    fc.assert(
      fc.property(someRational, someRational, (a, b) => {
        expect(textOrder(encodeRational(a), encodeRational(b))).toBe(compare(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives one key to every spelling of a fraction and different keys to different fractions', () => {
    fc.assert(
      fc.property(anyRational, fc.bigInt({ min: 1n, max: 10n ** 20n }), (r, k) => {
        expect(encodeRational({ numerator: r.numerator * k, denominator: r.denominator * k })).toBe(encodeRational(r));
      }),
    );
    expect(encodeRational(rational(1n, 3n))).not.toBe(encodeRational(rational(333_333_333_333_333n, 10n ** 15n)));
  });

  it('orders fractions that no fixed decimal precision separates', () => {
    const third = rational(1n, 3n);
    const nearThird = rational(10n ** 100n, 3n * 10n ** 100n + 1n);
    expect(encodeRational(nearThird) < encodeRational(third)).toBe(true);
  });

  it('writes only printable ASCII above "!" and never one key as a proper prefix of another', () => {
    fc.assert(
      fc.property(someRational, someRational, (a, b) => {
        const [ka, kb] = [encodeRational(a), encodeRational(b)];
        expect(ka).toMatch(/^[\x22-\x7e]+$/);
        if (ka !== kb) expect(kb.startsWith(ka)).toBe(false);
      }),
    );
  });

  it('starts with 0 or 1, never with a decimal key class letter (N, O, P)', () => {
    fc.assert(
      fc.property(someRational, (r) => {
        expect(encodeRational(r)).toMatch(/^[01]/);
      }),
    );
  });
});

describe('decodeRational', () => {
  it('round-trips every fraction', () => {
    fc.assert(
      fc.property(someRational, (r) => {
        expect(decodeRational(encodeRational(r))).toEqual(E.right(r));
      }),
    );
  });

  it('accepts only the exact text encodeRational writes: garbage and mutated keys are errors, never throws', () => {
    const mutated = fc.tuple(someRational, fc.nat(), fc.constantFrom(...'.;0123456789'), fc.boolean()).map(([r, at, char, insert]) => {
      const key = encodeRational(r);
      const i = at % key.length;
      return key.slice(0, i) + char + key.slice(insert ? i : i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'.;0123456789'), maxLength: 30 }), mutated), (text) => {
        const decoded = decodeRational(text);
        if (E.isRight(decoded)) expect(encodeRational(decoded.right)).toBe(text);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rejects the non-canonical continued fraction ending in 1 and a wrong end mark', () => {
    const half = encodeRational(rational(1n, 2n)); // [0; 2]
    expect(half).toBe('11087;');
    expect(E.isLeft(decodeRational('11088' + '88' + '.'))).toBe(true); // [0; 1, 1] spells 1/2 too
    expect(E.isLeft(decodeRational('11087.'))).toBe(true);
    expect(E.isLeft(decodeRational('11087'))).toBe(true);
  });
});
