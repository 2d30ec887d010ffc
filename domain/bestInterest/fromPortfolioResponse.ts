import type { PortfolioResponse } from '../portfolioResponse.js';
import type { BestInterestPortfolio } from './bestInterestInput.js';

/** The rules' view of a calculated portfolio response (deposit amount, total and maturity date as calculated). */
export const fromPortfolioResponse = (response: PortfolioResponse): BestInterestPortfolio => ({
  banks: response.banks.map((bank) => ({
    bank_uuid: bank.uuid,
    name: bank.name,
    deposits: bank.deposits.map((deposit) => ({
      deposit_uuid: deposit.uuid,
      account: deposit.account,
      amount: deposit.outcome.maturity?.amount ?? null,
      years: deposit.years,
      total: deposit.outcome.maturity?.total ?? null,
      maturity_date: deposit.outcome_with_dates.maturity_date_in_bank_tz,
    })),
  })),
});
