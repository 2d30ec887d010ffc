import type { BestInterestPortfolio, BestInterestProfile } from './bestInterestInput.js';
import { warning } from './finding.js';
import type { Finding } from './finding.js';
import { inputDecimal } from './inputDecimal.js';

/** Horizon: a deposit whose term is longer than the client's time horizon (exactly the horizon is fine). */
export const horizonFindings = (portfolio: BestInterestPortfolio, profile: BestInterestProfile): ReadonlyArray<Finding> => {
  const horizon = inputDecimal(profile.time_horizon_years);
  if (horizon === undefined) return [];
  return portfolio.banks.flatMap((bank) =>
    bank.deposits.flatMap((deposit) => {
      const years = inputDecimal(deposit.years);
      if (years === undefined || !years.gt(horizon)) return [];
      return [
        warning(
          'horizon',
          { bank_uuid: bank.bank_uuid, deposit_uuid: deposit.deposit_uuid },
          `Deposit ${deposit.account} at ${bank.name} runs ${years.toFixed()} years, longer than the client's ${horizon.toFixed()}-year time horizon.`,
          { deposit_years: years.toFixed(), time_horizon_years: horizon.toFixed() },
        ),
      ];
    }),
  );
};
