import type { Decimal } from 'decimal.js';
import { Dec, round2 } from './decimal.js';
import { deltaGrowth } from './deltaGrowth.js';
import { interestFor } from './interest.js';
import { maturityDate } from './maturityDate.js';
import type { DepositRequest } from './portfolioRequest.js';
import type { CalendarDate } from './values.js';

/** One deposit's figures, each already rounded to cents. */
export interface DepositFigures {
  readonly growth: Decimal;
  readonly interest: Decimal;
  readonly total: Decimal;
}

/**
 * How one deposit is calculated. The portfolio calculation takes it as a parameter so that the per-deposit error path
 * (domain.md §3), unreachable with valid input, can still be exercised.
 */
export interface DepositCalculator {
  /** Growth over `deltaDays` and interest and total at maturity; may throw. */
  readonly figures: (deposit: DepositRequest, deltaDays: Decimal) => DepositFigures;
  /** The maturity date; may throw. */
  readonly maturityDate: (deposit: DepositRequest) => CalendarDate;
}

/** The calculation of domain.md §3. */
export const standardDepositCalculator: DepositCalculator = {
  figures: (deposit, deltaDays) => {
    const amount = new Dec(deposit.amount);
    const years = new Dec(deposit.years);
    const interest = interestFor(deposit.accountType, amount, new Dec(deposit.apy), years);
    return { growth: deltaGrowth(interest, years, deltaDays), interest, total: round2(amount.plus(interest)) };
  },
  maturityDate: (deposit) => maturityDate(deposit.startDate, new Dec(deposit.years)),
};
