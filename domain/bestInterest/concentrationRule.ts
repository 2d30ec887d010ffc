import { Decimal } from 'decimal.js';
import { Dec } from '../decimal.js';
import type { BestInterestPortfolio } from './bestInterestInput.js';
import { warning } from './finding.js';
import type { Finding } from './finding.js';
import { inputDecimal, moneyText } from './inputDecimal.js';
import { institutionsOf, type Institution } from './institutions.js';
import type { BestInterestConfig } from './ruleSet.js';

const amountOf = (institution: Institution): Decimal =>
  institution.entries.flatMap((entry) => entry.deposits).reduce((sum, deposit) => sum.plus(inputDecimal(deposit.amount) ?? 0), new Dec(0));

// Shown to 6 places and rounded up, so a share above the limit never reads as equal to it.
const shareText = (share: Decimal): string => share.toDecimalPlaces(6, Decimal.ROUND_UP).toFixed();

/**
 * Concentration: an institution (bank entries of the same name together) holding strictly more than the configured
 * share of the portfolio amount (the principal placed).
 * Compared as `bank > share × portfolio`, exactly, without dividing; an empty portfolio has no concentration.
 */
export const concentrationFindings = (portfolio: BestInterestPortfolio, config: BestInterestConfig): ReadonlyArray<Finding> => {
  const maximumShare = inputDecimal(config.concentrationShare);
  if (maximumShare === undefined) return [];
  const institutions = institutionsOf(portfolio.banks);
  const amounts = institutions.map(amountOf);
  const portfolioAmount = amounts.reduce((sum, amount) => sum.plus(amount), new Dec(0));
  if (portfolioAmount.isZero()) return [];
  return institutions.flatMap((bank, index) => {
    const bankAmount = amounts[index]!;
    if (!bankAmount.gt(maximumShare.times(portfolioAmount))) return [];
    const share = shareText(bankAmount.div(portfolioAmount));
    return [
      warning(
        'concentration',
        { bank_uuid: bank.bankUuid },
        `${bank.name} would hold ${moneyText(bankAmount)} of ${moneyText(portfolioAmount)} (a share of ${share}), more than the ${maximumShare.toFixed()} one bank should hold.`,
        { bank_amount: moneyText(bankAmount), portfolio_amount: moneyText(portfolioAmount), bank_share: share, maximum_share: maximumShare.toFixed() },
      ),
    ];
  });
};
