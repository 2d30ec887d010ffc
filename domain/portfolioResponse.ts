import type { AccountType } from './accountType.js';
import type { PeriodUnit } from './periodUnit.js';

/**
 * The DriveDeposits-compatible portfolio response of domain.md §4, field for field (snake_case, every figure a string).
 * Stored in events and served by the API as is, so renaming or removing a field breaks clients and old events.
 */
export interface PortfolioResponse {
  readonly uuid: string;
  /** RFC 3339 UTC. */
  readonly created_at: string;
  readonly outcome: Outcome;
  readonly banks: ReadonlyArray<BankResponse>;
}

export interface BankResponse {
  readonly uuid: string;
  readonly name: string;
  readonly bank_tz: string;
  readonly outcome: Outcome;
  readonly deposits: ReadonlyArray<DepositResponse>;
}

export interface DepositResponse {
  readonly uuid: string;
  readonly account: string;
  readonly account_type: AccountType;
  /** The request text, normalised (domain.md §3). */
  readonly apy: string;
  readonly years: string;
  readonly outcome: Outcome;
  readonly outcome_with_dates: OutcomeWithDates;
}

/** Growth and maturity figures at one level; both `null` (and `errors` non-empty) when they could not be calculated. */
export interface Outcome {
  readonly delta: DeltaOutcome | null;
  readonly maturity: MaturityOutcome | null;
  readonly errors: ReadonlyArray<ProcessingError>;
}

export interface DeltaOutcome {
  readonly period: string;
  readonly period_unit: PeriodUnit;
  /** Exactly 2 decimals. */
  readonly growth: string;
}

export interface MaturityOutcome {
  /** The deposit's amount text, or a sum written with the decimals of its most precise part. */
  readonly amount: string;
  /** Exactly 2 decimals. */
  readonly interest: string;
  /** Exactly 2 decimals. */
  readonly total: string;
}

export interface OutcomeWithDates {
  readonly start_date_in_bank_tz: string;
  /** `null` (and `errors` non-empty) when the date could not be calculated. */
  readonly maturity_date_in_bank_tz: string | null;
  readonly errors: ReadonlyArray<ProcessingError>;
}

export interface ProcessingError {
  readonly uuid: string;
  readonly message: string;
}
