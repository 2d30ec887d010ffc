import type { AccountType } from '../../../domain/accountType.js';
import type { PeriodUnit } from '../../../domain/periodUnit.js';
import type { BankRequest, DepositRequest, PortfolioRequest } from '../../../domain/portfolioRequest.js';
import type { Amount, Apy, CalendarDate, DeltaPeriod, IanaZone, Years } from '../../../domain/values.js';

/** A deposit as plain strings; tests only use texts that are already normalised, so casting to the brands is sound. */
export interface RawDeposit {
  readonly account: string;
  readonly accountType: AccountType;
  readonly apy: string;
  readonly years: string;
  readonly amount: string;
  readonly startDate: string;
}

/** A parsed deposit from normalised strings, with defaults for what the test does not care about. */
export const aDeposit = (raw: Partial<RawDeposit> = {}): DepositRequest => ({
  account: raw.account ?? '1234N',
  accountType: raw.accountType ?? 'CertificateOfDeposit',
  apy: (raw.apy ?? '5') as Apy,
  years: (raw.years ?? '1') as Years,
  amount: (raw.amount ?? '1000') as Amount,
  startDate: (raw.startDate ?? '2024-01-01') as CalendarDate,
});

/** A parsed bank holding `deposits`. */
export const aBank = (deposits: ReadonlyArray<DepositRequest>, name = 'BANK', bankTz = 'America/New_York'): BankRequest => ({
  name,
  bankTz: bankTz as IanaZone,
  deposits,
});

/** A parsed request over `banks` with a delta period (1 Month unless given). */
export const aRequest = (banks: ReadonlyArray<BankRequest>, period = '1', periodUnit: PeriodUnit = 'Month'): PortfolioRequest => ({
  delta: { period: period as DeltaPeriod, periodUnit },
  banks,
});

interface CompatibleRequest {
  readonly new_delta: { readonly period: string; readonly period_unit: PeriodUnit };
  readonly new_banks: ReadonlyArray<{
    readonly name: string;
    readonly bank_tz: string;
    readonly new_deposits: ReadonlyArray<{
      readonly account: string;
      readonly account_type: AccountType;
      readonly apy: string;
      readonly years: string;
      readonly amount: string;
      readonly start_date_in_bank_tz: string;
    }>;
  }>;
}

/** The parsed request of a compatible JSON body whose strings are already valid and normalised (test fixtures only). */
export const requestFromCompatibleJson = (json: unknown): PortfolioRequest => {
  const body = json as CompatibleRequest;
  return aRequest(
    body.new_banks.map((bank) =>
      aBank(
        bank.new_deposits.map((deposit) =>
          aDeposit({
            account: deposit.account,
            accountType: deposit.account_type,
            apy: deposit.apy,
            years: deposit.years,
            amount: deposit.amount,
            startDate: deposit.start_date_in_bank_tz,
          }),
        ),
        bank.name,
        bank.bank_tz,
      ),
    ),
    body.new_delta.period,
    body.new_delta.period_unit,
  );
};

/** Ids `id-1`, `id-2`, … in the order they are drawn. */
export const sequentialIds = (prefix = 'id'): (() => string) => {
  let next = 0;
  return () => `${prefix}-${(next += 1)}`;
};
