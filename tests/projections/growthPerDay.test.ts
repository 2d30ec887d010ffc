import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeriodUnit } from '../../domain/periodUnit.js';
import { daysPerUnit, periodUnits } from '../../domain/periodUnit.js';
import { growthPerDay } from '../../projections/growthPerDay.js';
import { encodeRational } from '../../projections/rationalKey.js';

/** Products of decimals of bounded digits are exact at this precision. */
const Exact = Decimal.clone({ precision: 1_000 });
const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Growth as the calculation writes it (2 decimals), any sign, from cents to far beyond 1e18. */
const growth = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '-'), fc.constantFrom('0', '1', '2', '30', '60', '365'), fc.constantFrom('00', '01', '50'))
    .map(([s, i, f]) => `${s}${i}.${f}`),
  fc.tuple(fc.constantFrom('', '-'), digits(1, 50), digits(2, 2)).map(([s, i, f]) => `${s}${i}.${f}`),
);
/** Delta periods of the request grammar: positive, any number of decimals. */
const period = fc
  .oneof(
    fc.constantFrom('1', '2', '7', '30', '0.5', '1.5', '365'),
    fc.tuple(digits(1, 8), fc.option(digits(1, 8), { nil: undefined })).map(([i, f]) => (f === undefined ? i : `${i}.${f}`)),
  )
  .filter((text) => new Decimal(text).gt(0));
const unit = fc.constantFrom(...periodUnits);
const portfolio = fc.record({ growth, period, unit });

interface Portfolio {
  readonly growth: string;
  readonly period: string;
  readonly unit: PeriodUnit;
}
const keyOf = (p: Portfolio): string => encodeRational(growthPerDay(p.growth, p.period, p.unit));
/** growth₁ / days₁ vs growth₂ / days₂ by cross-multiplication (days are positive), with no division at all. */
const exactOrder = (a: Portfolio, b: Portfolio): number => {
  const days = (p: Portfolio) => new Exact(p.period).times(daysPerUnit[p.unit]);
  return new Exact(a.growth).times(days(b)).cmp(new Exact(b.growth).times(days(a)));
};

describe('growthPerDay', () => {
  it('orders portfolios exactly as growth / days compares by cross-multiplication, across deltas', () => {
    fc.assert(
      fc.property(portfolio, portfolio, (a, b) => {
        expect(textOrder(keyOf(a), keyOf(b))).toBe(exactOrder(a, b));
      }),
      { numRuns: 10_000 },
    );
  });

  it('orders portfolios of the same delta exactly by growth, one cent apart at any size', () => {
    fc.assert(
      fc.property(growth, period, unit, (g, p, u) => {
        const cent = new Decimal(g).plus('0.01').toFixed(2);
        expect(keyOf({ growth: g, period: p, unit: u }) < keyOf({ growth: cent, period: p, unit: u })).toBe(true);
        expect(keyOf({ growth: g, period: p, unit: u })).toBe(keyOf({ growth: new Decimal(g).toFixed(2), period: p, unit: u }));
      }),
    );
    const huge = '1' + '0'.repeat(70);
    const [lower, higher] = [`${huge}.00`, `${huge}.01`].map((g) => keyOf({ growth: g, period: '1', unit: 'Month' }));
    expect(lower !== undefined && higher !== undefined && lower < higher).toBe(true);
  });

  it('makes equal deltas in different units, and proportional growth and period, the same key', () => {
    fc.assert(
      fc.property(growth, period, fc.bigInt({ min: 1n, max: 1000n }), (g, p, k) => {
        const month = keyOf({ growth: g, period: p, unit: 'Month' });
        expect(keyOf({ growth: g, period: new Decimal(p).times(30).toFixed(), unit: 'Day' })).toBe(month);
        const times = (text: string) => new Exact(text).times(k.toString());
        const scaled = { growth: times(g).toFixed(2), period: times(p).toFixed(), unit: 'Month' as const };
        expect(keyOf(scaled)).toBe(month);
      }),
    );
    expect(keyOf({ growth: '70.00', period: '1', unit: 'Week' })).toBe(keyOf({ growth: '10', period: '1', unit: 'Day' }));
    expect(keyOf({ growth: '365.00', period: '1', unit: 'Year' })).toBe(keyOf({ growth: '1.00', period: '1', unit: 'Day' }));
  });

  it('is the exact fraction growth / (period × days per unit) in lowest terms', () => {
    expect(growthPerDay('367.76', '1', 'Month')).toEqual({ numerator: 4597n, denominator: 375n });
    expect(growthPerDay('-1.00', '0.5', 'Week')).toEqual({ numerator: -2n, denominator: 7n });
    expect(growthPerDay('0.00', '3', 'Year')).toEqual({ numerator: 0n, denominator: 1n });
  });

  it('refuses a period that is not a positive finite decimal', () => {
    expect(() => growthPerDay('1.00', '0', 'Day')).toThrow(RangeError);
    expect(() => growthPerDay('1.00', '-1', 'Day')).toThrow(RangeError);
    expect(() => growthPerDay('1.00', 'Infinity', 'Day')).toThrow(RangeError);
    expect(() => growthPerDay('1e9000000000000000', '1', 'Day')).toThrow(RangeError);
  });
});
