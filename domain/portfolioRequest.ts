import type { AccountType } from './accountType.js';
import type { PeriodUnit } from './periodUnit.js';
import type { Amount, Apy, CalendarDate, DeltaPeriod, IanaZone, Years } from './values.js';

/** The portfolio request of domain.md §2 after parsing: every field valid and normalised. */
export interface PortfolioRequest {
  readonly delta: Delta;
  readonly banks: ReadonlyArray<BankRequest>;
}

/** The user-chosen period over which growth is reported. */
export interface Delta {
  readonly period: DeltaPeriod;
  readonly periodUnit: PeriodUnit;
}

export interface BankRequest {
  readonly name: string;
  readonly bankTz: IanaZone;
  readonly deposits: ReadonlyArray<DepositRequest>;
}

export interface DepositRequest {
  readonly account: string;
  readonly accountType: AccountType;
  readonly apy: Apy;
  readonly years: Years;
  readonly amount: Amount;
  readonly startDate: CalendarDate;
}
