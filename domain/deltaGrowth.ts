import type { Decimal } from 'decimal.js';
import { daysPerUnit } from './periodUnit.js';
import type { Delta } from './portfolioRequest.js';
import { Dec, round2 } from './decimal.js';

const daysPerYear = new Dec(365);

/** Days in the delta period: `period × {Day: 1, Week: 7, Month: 30, Year: 365}` (fractional periods allowed). */
export const deltaDays = (delta: Delta): Decimal => new Dec(delta.period).times(daysPerUnit[delta.periodUnit]);

/**
 * Straight-line growth over the delta period: `round2(I / (365 × years) × days)`. Multiplying before the single
 * division keeps the numerator exact, so a quotient that is exactly a half cent is rounded as one.
 */
export const deltaGrowth = (interest: Decimal, years: Decimal, days: Decimal): Decimal =>
  round2(new Dec(interest).times(days).div(daysPerYear.times(years)));
