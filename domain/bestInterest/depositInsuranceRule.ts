import { Dec } from '../decimal.js';
import type { BestInterestPortfolio } from './bestInterestInput.js';
import { warning } from './finding.js';
import type { Finding } from './finding.js';
import { inputDecimal, moneyText } from './inputDecimal.js';
import { institutionsOf } from './institutions.js';
import type { BestInterestConfig } from './ruleSet.js';

/**
 * Deposit insurance: per institution (bank entries of the same name together), what the client will hold at maturity
 * (the sum of its deposits' totals) above the insurance limit is uninsured. Exactly the limit is fully insured. Deposits without a calculated total are left out
 * of the sum, so a finding is never overstated.
 */
export const depositInsuranceFindings = (portfolio: BestInterestPortfolio, config: BestInterestConfig): ReadonlyArray<Finding> => {
  const limit = inputDecimal(config.insuranceLimit);
  if (limit === undefined) return [];
  return institutionsOf(portfolio.banks).flatMap((bank) => {
    const total = bank.entries
      .flatMap((entry) => entry.deposits)
      .reduce((sum, deposit) => sum.plus(inputDecimal(deposit.total) ?? 0), new Dec(0));
    if (!total.gt(limit)) return [];
    const uninsured = total.minus(limit);
    return [
      warning(
        'deposit-insurance',
        { bank_uuid: bank.bankUuid },
        `${bank.name} would hold ${moneyText(total)} at maturity, ${moneyText(uninsured)} above the ${limit.toFixed()} insurance limit per depositor per bank.`,
        { bank_total_at_maturity: moneyText(total), insurance_limit: limit.toFixed(), uninsured_amount: moneyText(uninsured) },
      ),
    ];
  });
};
