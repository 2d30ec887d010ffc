import type { Decimal } from 'decimal.js';
import { daysPerUnit } from './periodUnit.js';
import type { Delta } from './portfolioRequest.js';
import { Dec, ExactDec, productArithmetic } from './decimal.js';

const daysPerYear = new Dec(365);

/** Days in the delta period: `period × {Day: 1, Week: 7, Month: 30, Year: 365}` (fractional periods allowed), exact. */
export const deltaDays = (delta: Delta): Decimal => {
  const period = new Dec(delta.period);
  // Computed exactly, handed on at working precision: a later division in the exact arithmetic would never end.
  return new Dec(productArithmetic(period.sd())(period).times(daysPerUnit[delta.periodUnit]));
};

/**
 * Straight-line growth over the delta period: `round2(I / (365 × years) × days)`, rounded from the exact quotient: its
 * whole number of cents, then the remainder decides (ties to even). A quotient at working precision would be rounded
 * twice, and inputs written with some 60 digits or more could land it on a tie it is not.
 */
export const deltaGrowth = (interest: Decimal, years: Decimal, days: Decimal): Decimal => {
  // Products and a whole quotient only, exact whatever the digits (all three inputs are non-negative): each product has
  // a short factor (cents, 365, or days from a period of at most 2,000 digits) and the quotient is a whole number of
  // cents, so the work stays linear in the inputs.
  const numerator = new ExactDec(interest).times(days).times(100);
  const denominator = new ExactDec(years).times(daysPerYear);
  const cents = numerator.divToInt(denominator);
  const tie = numerator.minus(cents.times(denominator)).times(2).cmp(denominator);
  const rounded = tie > 0 || (tie === 0 && !cents.mod(2).isZero()) ? cents.plus(1) : cents;
  // Back to working precision for what follows, the digits kept as they are (the constructor copies, never rounds).
  return new Dec(rounded.div(100));
};
