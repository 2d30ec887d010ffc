import * as E from 'fp-ts/lib/Either.js';
import { parseCalendarDate } from '../calendarDate.js';
import { Dec } from '../decimal.js';
import type { BestInterestPortfolio, BestInterestProfile } from './bestInterestInput.js';
import { warning } from './finding.js';
import type { Finding } from './finding.js';
import { inputDecimal, moneyText } from './inputDecimal.js';

const isDate = (text: string | null): text is string => text !== null && E.isRight(parseCalendarDate(text));

/**
 * Liquidity: a deposit that matures after the date the client needs money back (maturing on that date is in time).
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
  return deposits.flatMap(({ bank, deposit }) => {
    const maturity = deposit.maturity_date;
    if (!isDate(maturity) || maturity <= neededBy) return [];
    return [
      warning(
        'liquidity',
        { bank_uuid: bank.bank_uuid, deposit_uuid: deposit.deposit_uuid },
        `Deposit ${deposit.account} at ${bank.name} matures on ${maturity}, after ${neededBy}, when the client needs ${needed === undefined ? 'money' : moneyText(needed)} back.`,
        {
          maturity_date: maturity,
          needed_by: neededBy,
          ...(needed === undefined ? {} : { liquidity_amount: moneyText(needed) }),
          available_by_needed_by: moneyText(availableByThen),
        },
      ),
    ];
  });
};
