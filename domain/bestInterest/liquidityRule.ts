import * as E from 'fp-ts/lib/Either.js';
import { parseCalendarDate } from '../calendarDate.js';
import { Dec } from '../decimal.js';
import type { BestInterestPortfolio, BestInterestProfile } from './bestInterestInput.js';
import { warning } from './finding.js';
import type { Finding } from './finding.js';
import { inputDecimal, moneyText } from './inputDecimal.js';

const isDate = (text: string | null): text is string => text !== null && E.isRight(parseCalendarDate(text));

/**
 * Liquidity: a deposit that matures after the date the client needs money back (maturing on that date is in time), or
 * whose maturity date could not be calculated (one past year 9999), which cannot be shown to be in time either.
 * Each finding also shows what the portfolio returns by then, so a reviewer can see whether the need is still covered.
 * No liquidity needs, no findings.
 */
export const liquidityFindings = (portfolio: BestInterestPortfolio, profile: BestInterestProfile): ReadonlyArray<Finding> => {
  const needs = profile.liquidity_needs;
  if (needs === null || !isDate(needs.needed_by)) return [];
  const neededBy = needs.needed_by;
  const deposits = portfolio.banks.flatMap((bank) => bank.deposits.map((deposit) => ({ bank, deposit })));
  // YYYY-MM-DD text orders like the dates it names.
  const availableByThen = deposits
    .filter(({ deposit }) => isDate(deposit.maturity_date) && deposit.maturity_date <= neededBy)
    .reduce((sum, { deposit }) => sum.plus(inputDecimal(deposit.total) ?? 0), new Dec(0));
  const needed = inputDecimal(needs.amount);
  const need = needed === undefined ? 'money' : moneyText(needed);
  return deposits.flatMap(({ bank, deposit }) => {
    const maturity = deposit.maturity_date;
    if (isDate(maturity) && maturity <= neededBy) return [];
    const when = isDate(maturity) ? `matures on ${maturity}, after ${neededBy}` : `has no maturity date that could be calculated, so it cannot be shown to mature by ${neededBy}`;
    return [
      warning('liquidity', { bank_uuid: bank.bank_uuid, deposit_uuid: deposit.deposit_uuid }, `Deposit ${deposit.account} at ${bank.name} ${when}, when the client needs ${need} back.`, {
        ...(isDate(maturity) ? { maturity_date: maturity } : {}),
        needed_by: neededBy,
        ...(needed === undefined ? {} : { liquidity_amount: moneyText(needed) }),
        available_by_needed_by: moneyText(availableByThen),
      }),
    ];
  });
};
