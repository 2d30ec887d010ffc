import type { AccountType } from '../domain/accountType.js';
import type { BankResponse, DepositResponse, Outcome, OutcomeWithDates, PortfolioResponse } from '../domain/portfolioResponse.js';

/** One entry of the all-portfolios ranking, as the reference serves it (domain.md §6). */
export interface PortfolioRankingEntry {
  readonly portfolio_uuid: string;
  readonly outcome: Outcome;
  readonly created_at: string;
}

/** One entry of a portfolio's bank ranking (domain.md §6). */
export interface BankRankingEntry {
  readonly bank_uuid: string;
  readonly bank_name: string;
  readonly portfolio_uuid: string;
  readonly bank_tz: string;
  readonly outcome: Outcome;
  readonly created_at: string;
}

/** One entry of a deposit ranking, by growth or by maturity date (domain.md §6). */
export interface DepositRankingEntry {
  readonly deposit_uuid: string;
  readonly bank_uuid: string;
  readonly bank_name: string;
  readonly portfolio_uuid: string;
  readonly account: string;
  readonly account_type: AccountType;
  readonly apy: string;
  readonly years: string;
  /** The deposit's delta growth, null when it could not be calculated. */
  readonly deposit_delta_growth: string | null;
  readonly deposit_maturity_date_in_bank_tz: string | null;
  readonly outcome: Outcome;
  readonly outcome_with_dates: OutcomeWithDates;
  readonly created_at: string;
}

/** The portfolio's ranking entry. */
export const portfolioEntry = (proposal: PortfolioResponse): PortfolioRankingEntry => ({
  portfolio_uuid: proposal.uuid,
  outcome: proposal.outcome,
  created_at: proposal.created_at,
});

/** A bank's ranking entry. */
export const bankEntry = (proposal: PortfolioResponse, bank: BankResponse): BankRankingEntry => ({
  bank_uuid: bank.uuid,
  bank_name: bank.name,
  portfolio_uuid: proposal.uuid,
  bank_tz: bank.bank_tz,
  outcome: bank.outcome,
  created_at: proposal.created_at,
});

/** A deposit's ranking entry. */
export const depositEntry = (proposal: PortfolioResponse, bank: BankResponse, deposit: DepositResponse): DepositRankingEntry => ({
  deposit_uuid: deposit.uuid,
  bank_uuid: bank.uuid,
  bank_name: bank.name,
  portfolio_uuid: proposal.uuid,
  account: deposit.account,
  account_type: deposit.account_type,
  apy: deposit.apy,
  years: deposit.years,
  deposit_delta_growth: deposit.outcome.delta?.growth ?? null,
  deposit_maturity_date_in_bank_tz: deposit.outcome_with_dates.maturity_date_in_bank_tz,
  outcome: deposit.outcome,
  outcome_with_dates: deposit.outcome_with_dates,
  created_at: proposal.created_at,
});
