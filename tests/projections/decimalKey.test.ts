import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDecimal, encodeDecimal } from '../../projections/decimalKey.js';
import { encodeInteger } from '../../projections/orderedInteger.js';
import { anyDecimalText, decimalText } from './support/decimalArbitrary.js';

const Wide = Decimal.clone({ maxE: 9e15, minE: -9e15, precision: 500 });
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('encodeDecimal', () => {
  it('orders keys exactly as the numbers, for any magnitude, sign and scale', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        expect(textOrder(encodeDecimal(a), encodeDecimal(b))).toBe(sign(new Wide(a).cmp(new Wide(b))));
      }),
      { numRuns: 20_000 },
    );
  });

  it('orders a value against its own neighbours (digit appended, last digit bumped, exponent shifted, negated)', () => {
    const related = fc.tuple(anyDecimalText, fc.constantFrom('append', 'bump', 'shift', 'negate'), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(related, ([text, how, digit]) => {
        const a = new Wide(text);
        const [mantissa = '', exp = ''] = a.toExponential().split('e');
        const withDot = mantissa.includes('.') ? mantissa : `${mantissa}.`;
        const neighbour =
          how === 'append'
            ? new Wide(`${withDot}${digit}e${exp}`)
            : how === 'bump'
              ? a.plus(new Wide(`1e${a.e - a.precision() + 1}`))
              : how === 'shift'
                ? new Wide(`${mantissa}e${Number(exp) + (digit % 2 === 0 ? 1 : -1)}`)
                : a.neg();
        expect(textOrder(encodeDecimal(a), encodeDecimal(neighbour))).toBe(sign(a.cmp(neighbour)));
      }),
      { numRuns: 10_000 },
    );
  });

  it('gives equal keys exactly to equal values, whatever the spelling (1.50 = 1.5, -0 = 0)', () => {
    expect(encodeDecimal('1.50')).toBe(encodeDecimal('1.5'));
    expect(encodeDecimal('-0')).toBe(encodeDecimal('0'));
    expect(encodeDecimal('0.00e7')).toBe(encodeDecimal(new Decimal(0)));
    expect(encodeDecimal('00120e-1')).toBe(encodeDecimal('12'));
    const OtherClone = Decimal.clone({ precision: 5, maxE: 10 });
    expect(encodeDecimal(new OtherClone('1.234567'))).toBe(encodeDecimal('1.234567'));
    fc.assert(
      fc.property(anyDecimalText, fc.integer({ min: 0, max: 30 }), (text, zeros) => {
        const value = new Wide(text);
        const respelled = `${value.toExponential().replace('e', '0'.repeat(zeros) + 'e')}`.replace(/^(-?\d)0/, '$1.0');
        expect(new Wide(respelled).eq(value)).toBe(true);
        expect(encodeDecimal(respelled)).toBe(encodeDecimal(text));
      }),
    );
  });

  it('orders the documented extremes: -1e1000000 < -0.000001 < 0 < 1e-40 < 12345678901234567890.123 < 1e1000000', () => {
    const ascending = ['-1e1000000', '-1.23', '-1.2', '-1', '-0.000001', '0', '1e-40', '1', '1.2', '1.23'];
    ascending.push('12345678901234567890.123', '1e1000000');
    const keys = ascending.map((text) => encodeDecimal(text));
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sorts 10,000 random keys exactly like a numeric sort of their values', () => {
    const values = fc.sample(decimalText, { numRuns: 10_000, seed: 20240102 }).map((text) => new Wide(text));
    const byKey = values.map((value) => ({ key: encodeDecimal(value), value })).sort((a, b) => textOrder(a.key, b.key));
    const byNumber = [...values].sort((a, b) => a.cmp(b));
    byKey.forEach(({ value }, i) => expect(value.eq(byNumber[i] as Decimal), `position ${i}`).toBe(true));
  });

  it('writes only printable ASCII above the separator "!", safe in JSON without escaping', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const key = encodeDecimal(text);
        expect(key).toMatch(/^[\x22-\x7e]+$/);
        expect(JSON.stringify(key)).toBe(`"${key}"`);
      }),
    );
  });

  it('never makes one key a proper prefix of another, so whatever follows a key cannot change the order', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const [ka, kb] = [encodeDecimal(a), encodeDecimal(b)];
        if (ka !== kb) expect(kb.startsWith(ka)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses values that are not finite numbers', () => {
    expect(() => encodeDecimal('Infinity')).toThrow(RangeError);
    expect(() => encodeDecimal(new Decimal(NaN))).toThrow(RangeError);
    expect(() => encodeDecimal('1e9000000000000001')).toThrow(RangeError);
  });
});

describe('decodeDecimal', () => {
  it('round-trips every value', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const decoded = decodeDecimal(encodeDecimal(text));
        expect(E.isRight(decoded) && decoded.right.eq(new Wide(text))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('accepts only the exact text encodeDecimal writes: garbage and mutated keys are errors, never throws', () => {
    const alphabet = fc.constantFrom(...'NOP.;0123456789!~aZ-');
    const garbage = fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 30 }));
    const mutation = fc.constantFrom('replace', 'insert', 'delete', 'truncate');
    const mutated = fc
      .tuple(decimalText, fc.nat(), fc.constantFrom(...'NOP.;0123456789'), mutation)
      .map(([text, at, char, how]) => {
        const key = encodeDecimal(text);
        const i = at % key.length;
        return how === 'replace'
          ? key.slice(0, i) + char + key.slice(i + 1)
          : how === 'insert'
            ? key.slice(0, i) + char + key.slice(i)
            : how === 'delete'
              ? key.slice(0, i) + key.slice(i + 1)
              : key.slice(0, i);
      });
    fc.assert(
      fc.property(fc.oneof(garbage, mutated), (text) => {
        const decoded = decodeDecimal(text);
        if (E.isRight(decoded)) expect(encodeDecimal(decoded.right)).toBe(text);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rejects non-canonical spellings of a valid value', () => {
    const one = encodeDecimal('1');
    expect(one).toBe('P1101.');
    for (const spelling of ['P11010.', 'P11001.', 'P110', 'P1101', 'P1101;', 'N1101.', 'P01101.', 'P110.', 'O.', '', 'P']) {
      expect(E.isLeft(decodeDecimal(spelling)), spelling).toBe(true);
    }
  });

  it('rejects exponents beyond the range decimal.js can hold instead of rounding them to 0 or Infinity', () => {
    expect(E.isRight(decodeDecimal(`P${encodeInteger(9_000_000_000_000_000n)}1.`))).toBe(true);
    expect(E.isLeft(decodeDecimal(`P${encodeInteger(9_000_000_000_000_001n)}1.`))).toBe(true);
    expect(E.isLeft(decodeDecimal(`P${encodeInteger(-9_000_000_000_000_001n)}1.`))).toBe(true);
  });
});
