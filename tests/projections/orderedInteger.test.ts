import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInteger, decodeNatural, encodeInteger, encodeNatural, mirror } from '../../projections/orderedInteger.js';

const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const numberOrder = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Integers of every digit count up to a few hundred, with many near the one-digit/recursive length boundary. */
const anyInteger = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }),
  fc.integer({ min: 1, max: 400 }).chain((digits) => fc.bigInt({ min: -(10n ** BigInt(digits)), max: 10n ** BigInt(digits) })),
);

describe('encodeNatural and encodeInteger', () => {
  it('order as the integers, across every length (1..8 digits in one prefix digit, longer ones recursively)', () => {
    fc.assert(
      fc.property(anyInteger, anyInteger, (a, b) => {
        expect(textOrder(encodeInteger(a), encodeInteger(b))).toBe(numberOrder(a, b));
      }),
      { numRuns: 10_000 },
    );
    const boundary = [0n, 9n, 10n, 99_999_999n, 100_000_000n, 10n ** 17n - 1n, 10n ** 17n, 10n ** 400n];
    const ascending = [...boundary.map((n) => -n).reverse(), ...boundary.slice(1)];
    const keys = ascending.map(encodeInteger);
    expect([...keys].sort()).toEqual(keys);
  });

  it('are self-delimiting: decoding reads back exactly the value and where it ends, whatever follows', () => {
    fc.assert(
      fc.property(anyInteger, fc.string({ unit: fc.constantFrom(...'.0123456789;'), maxLength: 5 }), (n, tail) => {
        const text = encodeInteger(n);
        expect(decodeInteger(text + tail, 0)).toEqual({ value: n, next: text.length });
        if (n >= 0n) expect(decodeNatural(encodeNatural(n) + tail, 0)).toEqual({ value: n, next: encodeNatural(n).length });
      }),
    );
  });

  it('writes 9 digits as a recursive length so that no length is out of reach', () => {
    expect(encodeNatural(0n)).toBe('10');
    expect(encodeNatural(12_345_678n)).toBe('812345678');
    expect(encodeNatural(123_456_789n)).toBe('910123456789');
    expect(encodeInteger(-1n)).toBe('088');
    expect(() => encodeNatural(-1n)).toThrow(RangeError);
  });

  it('decodes only canonical text (no leading zeros, no negative zero, no length beyond the text)', () => {
    for (const text of ['201', '', 'x', '9', '99999', '0', '089', '2a1']) expect(decodeNatural(text, 0), text).toBeUndefined();
    expect(decodeInteger('089', 0)).toBeUndefined();
    expect(decodeInteger('2', 0)).toBeUndefined();
  });
});

describe('mirror', () => {
  it('reverses the order of self-delimiting keys and undoes itself', () => {
    fc.assert(
      fc.property(anyInteger, anyInteger, (a, b) => {
        const [ka, kb] = [encodeInteger(a), encodeInteger(b)];
        expect(textOrder(mirror(ka) ?? '', mirror(kb) ?? '')).toBe(numberOrder(b, a));
        expect(mirror(mirror(ka) ?? '')).toBe(ka);
      }),
    );
  });

  it('refuses characters outside the key alphabet', () => {
    expect(mirror('.0123456789;')).toBe(';9876543210.');
    expect(mirror('12a')).toBeUndefined();
    expect(mirror('!')).toBeUndefined();
  });
});
