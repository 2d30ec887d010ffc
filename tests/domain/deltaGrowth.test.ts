import { describe, expect, it } from 'vitest';
import { Dec } from '../../domain/decimal.js';
import { deltaDays, deltaGrowth } from '../../domain/deltaGrowth.js';
import type { PeriodUnit } from '../../domain/periodUnit.js';
import type { DeltaPeriod } from '../../domain/values.js';

const days = (period: string, periodUnit: PeriodUnit): string => deltaDays({ period: period as DeltaPeriod, periodUnit }).toString();
const growth = (interest: string, years: string, period: string, unit: PeriodUnit): string =>
  deltaGrowth(new Dec(interest), new Dec(years), deltaDays({ period: period as DeltaPeriod, periodUnit: unit })).toFixed(2);

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

  it('handles fractional terms and periods', () => {
    expect(growth('25.00', '0.5', '1', 'Month')).toBe('4.11'); // 25 × 30 / 182.5 = 4.1095…
    expect(growth('25.00', '0.5', '0.5', 'Month')).toBe('2.05'); // 25 × 15 / 182.5 = 2.0547…
  });
});
