import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, workingPrecision } from '../../domain/decimal.js';
import { fractionalPower } from '../../domain/fractionalPower.js';
import { decimalTextOf } from './support/portfolioRequestArbitrary.js';

const Reference = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
const correctlyRounded = (base: string, exponent: string): string =>
  new Reference(base).pow(exponent).toSignificantDigits(workingPrecision, Decimal.ROUND_HALF_EVEN).toString();

describe('fractional power', () => {
  it('is the correctly rounded working-precision value for bases in [1, 2] and exponents in (0, 1)', () => {
    const base = fc.bigInt({ min: 10n ** 15n, max: 2n * 10n ** 15n }).map((m) => decimalTextOf(m, 15));
    const exponent = fc.bigInt({ min: 1n, max: 10n ** 12n - 1n }).map((m) => decimalTextOf(m, 12));
    fc.assert(
      fc.property(base, exponent, (b, e) => {
        expect(fractionalPower(new Dec(b), new Dec(e)).toString()).toBe(correctlyRounded(b, e));
      }),
      { numRuns: 500 },
    );
  });

  it('is exact where the power is a short decimal', () => {
    expect(fractionalPower(new Dec('1.21'), new Dec('0.5')).toString()).toBe('1.1');
    expect(fractionalPower(new Dec('1.0201'), new Dec('0.5')).toString()).toBe('1.01');
    expect(fractionalPower(new Dec('1.331'), new Dec('0.5')).toString()).toBe(correctlyRounded('1.331', '0.5'));
    expect(fractionalPower(new Dec('1'), new Dec('0.37')).toString()).toBe('1');
  });

  it('falls back to decimal.js outside its fast range', () => {
    expect(fractionalPower(new Dec('3'), new Dec('0.5')).toString()).toBe(correctlyRounded('3', '0.5'));
    expect(fractionalPower(new Dec('1.5'), new Dec('2.5')).toString()).toBe(correctlyRounded('1.5', '2.5'));
  });
});
