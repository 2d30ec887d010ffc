import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalPlaces, isDecimalGrammar, normaliseDecimalText, parseDecimalText } from '../../domain/decimalText.js';

const digits = (minLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength: 30 });

/** Decimal strings of the request grammar, with optional `+`, leading zeros, leading or trailing dot. */
const requestDecimal = fc
  .tuple(fc.boolean(), fc.nat({ max: 5 }), digits(0), fc.option(digits(0), { nil: undefined }))
  .filter(([, zeros, integer, fraction]) => zeros + integer.length + (fraction?.length ?? 0) > 0)
  .map(([plus, zeros, integer, fraction]) =>
    `${plus ? '+' : ''}${'0'.repeat(zeros)}${integer}${fraction === undefined ? '' : `.${fraction}`}`,
  )
  .filter((text) => !/^\+?\.$/.test(text));

const canonical = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

describe('decimal text normalisation', () => {
  it.each([
    ['5.40', '5.40'],
    ['+05', '5'],
    ['.5', '0.5'],
    ['00.50', '0.50'],
    ['0', '0'],
    ['000', '0'],
    ['5.', '5'],
    ['+.5', '0.5'],
    ['10000.50', '10000.50'],
    ['0.00', '0.00'],
    ['+0', '0'],
    ['0012.3400', '12.3400'],
  ])('normalises %s to %s', (input, expected) => {
    expect(parseDecimalText(input)).toEqual(E.right(expected));
  });

  it('is idempotent, keeps the value and the written decimal places', () => {
    fc.assert(
      fc.property(requestDecimal, (text) => {
        expect(isDecimalGrammar(text)).toBe(true);
        const once = normaliseDecimalText(text);
        expect(normaliseDecimalText(once)).toBe(once);
        expect(once).toMatch(canonical);
        expect(new Decimal(once).eq(new Decimal(text))).toBe(true);
        const written = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
        expect(decimalPlaces(once)).toBe(written);
      }),
    );
  });
});

describe('decimal grammar', () => {
  it.each(['', '+', '.', '+.', '-1', '-0', '1e5', '1E5', ' 1', '1 ', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10', '١', '++1', '1_000'])(
    'rejects %j',
    (input) => {
      expect(isDecimalGrammar(input)).toBe(false);
      expect(E.isLeft(parseDecimalText(input))).toBe(true);
    },
  );

  it('rejects any text with a character other than digits, "+" and "."', () => {
    fc.assert(
      fc.property(fc.string(), fc.string().filter((s) => /[^0-9+.]/.test(s)), (prefix, bad) => {
        expect(isDecimalGrammar(`${prefix}${bad}`)).toBe(false);
      }),
    );
  });

  it('handles a megabyte of digits without trouble', () => {
    const text = `+${'0'.repeat(1_000_000)}1.${'0'.repeat(1_000_000)}`;
    expect(parseDecimalText(text)).toEqual(E.right(`1.${'0'.repeat(1_000_000)}`));
  });
});

describe('decimal places', () => {
  it('counts trailing zeros as written', () => {
    expect(decimalPlaces(normaliseDecimalText('10.500'))).toBe(3);
    expect(decimalPlaces(normaliseDecimalText('10'))).toBe(0);
    expect(decimalPlaces(normaliseDecimalText('10.'))).toBe(0);
  });
});
