import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../domain/decimal.js';
import { deltaDays, deltaGrowth } from '../../domain/deltaGrowth.js';
import type { PeriodUnit } from '../../domain/periodUnit.js';
import type { DeltaPeriod } from '../../domain/values.js';
import { decimalText } from './support/portfolioRequestArbitrary.js';

const days = (period: string, periodUnit: PeriodUnit): string => deltaDays({ period: period as DeltaPeriod, periodUnit }).toString();
const growth = (interest: string, years: string, period: string, unit: PeriodUnit): string =>
  deltaGrowth(new Dec(interest), new Dec(years), deltaDays({ period: period as DeltaPeriod, periodUnit: unit })).toFixed(2);

/** A decimal text as an integer and its scale: `"1.825"` is 1825 / 10^3. */
const scaled = (text: string): [bigint, bigint] => {
  const [integer = '', fraction = ''] = text.split('.');
  return [BigInt(integer + fraction), 10n ** BigInt(fraction.length)];
};

/** Exact rational reference, in integers only: interest × period × unit days / (365 × years) in cents, ties to even. */
const exactGrowth = (interest: string, years: string, period: string, unitDays: bigint): string => {
  const [i, iScale] = scaled(interest);
  const [y, yScale] = scaled(years);
  const [p, pScale] = scaled(period);
  const numerator = i * p * unitDays * yScale * 100n;
  const denominator = iScale * pScale * 365n * y;
  let cents = numerator / denominator;
  const twiceRest = (numerator % denominator) * 2n;
  if (twiceRest > denominator || (twiceRest === denominator && cents % 2n === 1n)) cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

/** Any number of decimals: the request only bounds the values, not how many digits they are written with. */
const longDecimal = (max: bigint, positive: boolean) => decimalText(0n, max, 90, positive);

describe('delta period in days', () => {
  it.each([
    ['1', 'Day', '1'],
    ['2', 'Week', '14'],
    ['1', 'Month', '30'],
    ['1', 'Year', '365'],
    ['0.5', 'Month', '15'],
    ['1.5', 'Week', '10.5'],
  ] as const)('%s %s is %s days', (period, unit, expected) => {
    expect(days(period, unit)).toBe(expected);
  });
});

describe('delta growth', () => {
  it.each([
    ['1846.32', '7', '1', 'Month', '21.68'],
    ['5545.80', '2', '1', 'Month', '227.91'],
    ['0.10', '10', '1', 'Month', '0.00'],
    ['10882.06', '20', '1', 'Month', '44.72'],
    ['122.10', '1', '1', 'Year', '122.10'],
  ] as const)('interest %s over %s years grows %s %s by %s', (interest, years, period, unit, expected) => {
    expect(growth(interest, years, period, unit)).toBe(expected);
  });

  it('rounds a quotient of exactly half a cent to even', () => {
    expect(growth('3.65', '2', '1', 'Day')).toBe('0.00'); // 3.65 / 730 = 0.005
    expect(growth('10.95', '2', '1', 'Day')).toBe('0.02'); // 10.95 / 730 = 0.015
  });

  it('rounds exactly for inputs written with up to 2,000 digits, even a hair past half a cent', () => {
    // 1.00 × (1.825 + 1e-70) / 365 = 0.005 + 2.7e-73: above half a cent, so up; at 64 digits it would look like a tie.
    expect(growth('1.00', '1', `1.825${'0'.repeat(66)}1`, 'Day')).toBe('0.01');
    // 1.00 × 5.475 / (365 × (1 + 1e-70)) = 0.015 − 1.5e-72: below 1.5 cents, so down; as a tie it would go to 0.02.
    expect(growth('1.00', `1.${'0'.repeat(69)}1`, '5.475', 'Day')).toBe('0.01');
    fc.assert(
      fc.property(decimalText(0n, 10n ** 18n, 2), longDecimal(100n, true), longDecimal(400n, true), fc.constantFrom(['Day', 1n], ['Week', 7n], ['Month', 30n], ['Year', 365n]), (interest, years, period, [unit, unitDays]) => {
        expect(growth(interest, years, period, unit as PeriodUnit)).toBe(exactGrowth(interest, years, period, unitDays as bigint));
      }),
      { numRuns: 500 },
    );
  });

  it('falls back to working precision past 2,000 digits, and still answers', () => {
    expect(growth('1846.32', `7.${'0'.repeat(2_999)}1`, '1', 'Month')).toBe('21.68');
    expect(growth('1846.32', '7', `1.${'0'.repeat(2_999)}1`, 'Month')).toBe('21.68');
  });

  it('handles fractional terms and periods', () => {
    expect(growth('25.00', '0.5', '1', 'Month')).toBe('4.11'); // 25 × 30 / 182.5 = 4.1095…
    expect(growth('25.00', '0.5', '0.5', 'Month')).toBe('2.05'); // 25 × 15 / 182.5 = 2.0547…
  });
});

describe('a delta period and years of thousands of digits', () => {
  it('give growth rounded once, from the exact quotient: just above half a cent is a cent', () => {
    // 2,000 digits is the most a period may have (the parser's bound); years have no such bound.
    const days = deltaDays({ period: `0.5${'0'.repeat(1996)}1`, periodUnit: 'Day' } as never);
    expect(deltaGrowth(new Dec('3.65'), new Dec(1), days).toFixed(2)).toBe('0.01');
    expect(deltaGrowth(new Dec('3.65'), new Dec(1), deltaDays({ period: '0.5', periodUnit: 'Day' } as never)).toFixed(2)).toBe('0.00');
    // Both long: 0.01 over 182.5 + 1e-1996 days, in 1 + δ years, is half a cent plus about 2.7e-2001, less 0.005 δ.
    const longDays = deltaDays({ period: `182.5${'0'.repeat(1994)}1`, periodUnit: 'Day' } as never);
    expect(deltaGrowth(new Dec('0.01'), new Dec(`1.${'0'.repeat(2200)}1`), longDays).toFixed(2)).toBe('0.01');
    expect(deltaGrowth(new Dec('0.01'), new Dec(`1.${'0'.repeat(1989)}1`), longDays).toFixed(2)).toBe('0.00');
  });
});
