import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../domain/decimal.js';
import { addDays, maturityDate, termDays } from '../../domain/maturityDate.js';
import type { CalendarDate } from '../../domain/values.js';
import { decimalText } from './support/portfolioRequestArbitrary.js';

const date = (text: string): CalendarDate => text as CalendarDate;

/** Independent oracle for the tests only: UTC milliseconds, which have no leap seconds. */
const addDaysByUtcClock = (text: string, days: number): string => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const moment = new Date(0);
  moment.setUTCFullYear(year, month - 1, day + days);
  return moment.toISOString().slice(0, 10);
};

describe('term in days', () => {
  it.each([
    ['0.5', 182], // 182.5 → 182
    ['1.5', 548], // 547.5 → 548
    ['2.5', 912], // 912.5 → 912
    ['1', 365],
    ['7', 2555],
    ['0.01', 4], // 3.65 → 4
    ['100', 36500],
  ])('%s years is %i days (round half to even)', (years, expected) => {
    expect(termDays(new Dec(years))).toBe(expected);
  });

  it('rounds exactly for terms written with up to 2,000 digits, even a hair past half a day', () => {
    // (0.5 + 1e-70) × 365 = 182.5 + 3.65e-68: above half a day, so up; at 64 digits it would look like a tie (→ 182).
    expect(termDays(new Dec(`0.5${'0'.repeat(69)}1`))).toBe(183);
    expect(termDays(new Dec(`2.5${'0'.repeat(69)}1`))).toBe(913);
    fc.assert(
      fc.property(decimalText(0n, 100n, 90, true), (years) => {
        const [integer = '', fraction = ''] = years.split('.');
        const [numerator, denominator] = [BigInt(integer + fraction) * 365n, 10n ** BigInt(fraction.length)];
        let days = numerator / denominator;
        const twiceRest = (numerator % denominator) * 2n;
        if (twiceRest > denominator || (twiceRest === denominator && days % 2n === 1n)) days += 1n;
        expect(termDays(new Dec(years))).toBe(Number(days));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('maturity date', () => {
  it.each([
    ['2024-02-16', '7', '2031-02-14'],
    ['2023-11-23', '1.5', '2025-05-24'],
    ['2019-01-01', '10', '2028-12-29'],
    ['2020-02-16', '1', '2021-02-15'],
    ['2024-02-16', '20', '2044-02-11'],
    ['2023-12-31', '0.01', '2024-01-04'],
  ])('%s + %s years is %s', (start, years, expected) => {
    expect(maturityDate(date(start), new Dec(years))).toBe(expected);
  });

  it('crosses month, year and leap-day boundaries like a calendar', () => {
    expect(addDays(date('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(date('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(date('1900-02-28'), 1)).toBe('1900-03-01');
    expect(addDays(date('2000-02-28'), 1)).toBe('2000-02-29');
    expect(addDays(date('0001-01-01'), 0)).toBe('0001-01-01');
  });

  it('agrees with UTC calendar arithmetic for any date and term', () => {
    const anyDate = fc
      .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9899-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 36500 }), (start, days) => {
        expect(addDays(date(start), days)).toBe(addDaysByUtcClock(start, days));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a maturity after 9999-12-31, which YYYY-MM-DD cannot write', () => {
    expect(addDays(date('9999-12-31'), 0)).toBe('9999-12-31');
    expect(() => addDays(date('9999-12-31'), 1)).toThrow(/year 10000/);
  });
});

describe('a term of thousands of digits', () => {
  it('is rounded once, from the exact number of days: just above half a day past 182 is 183', () => {
    expect(termDays(new Dec(`0.5${'0'.repeat(2100)}1`))).toBe(183);
    expect(termDays(new Dec(`0.5${'0'.repeat(2100)}`))).toBe(182);
  });
});
