import type { Decimal } from 'decimal.js';
import { cents, Dec } from './decimal.js';
import type { Delta } from './portfolioRequest.js';
import type { Outcome } from './portfolioResponse.js';

/**
 * A field-wise sum of outcomes. Sums of cent values stay far below working precision, so they are exact; the amount
 * remembers the most decimals any part was written with, so `10990 + 10000.50` is written `"20990.50"`.
 */
export interface OutcomeSum {
  readonly growth: Decimal;
  readonly amount: Decimal;
  readonly amountDecimals: number;
  readonly interest: Decimal;
  readonly total: Decimal;
}

const zero = new Dec(0);

/** The sum of no outcomes. */
export const emptySum: OutcomeSum = { growth: zero, amount: zero, amountDecimals: 0, interest: zero, total: zero };

/** Adds two sums field by field. */
export const addSums = (a: OutcomeSum, b: OutcomeSum): OutcomeSum => ({
  growth: a.growth.plus(b.growth),
  amount: a.amount.plus(b.amount),
  amountDecimals: Math.max(a.amountDecimals, b.amountDecimals),
  interest: a.interest.plus(b.interest),
  total: a.total.plus(b.total),
});

/** The compatible outcome of a sum: growth, interest and total with 2 decimals, the amount with its own. */
export const outcomeOfSum = (sum: OutcomeSum, delta: Delta): Outcome => ({
  delta: { period: delta.period, period_unit: delta.periodUnit, growth: cents(sum.growth) },
  maturity: { amount: sum.amount.toFixed(sum.amountDecimals), interest: cents(sum.interest), total: cents(sum.total) },
  errors: [],
});
