import type { Decimal } from 'decimal.js';
import { standardDepositCalculator, type DepositCalculator, type DepositFigures } from './depositCalculator.js';
import { cents, Dec } from './decimal.js';
import { decimalPlaces } from './decimalText.js';
import { deltaDays } from './deltaGrowth.js';
import { addSums, emptySum, outcomeOfSum, type OutcomeSum } from './outcomeSum.js';
import type { BankRequest, Delta, DepositRequest, PortfolioRequest } from './portfolioRequest.js';
import type { BankResponse, DepositResponse, Outcome, OutcomeWithDates, PortfolioResponse } from './portfolioResponse.js';

/** Version of the calculation rules, recorded with every calculation so an audit knows which engine produced the figures. */
export const engineVersion = '1.0.0';

/** What the pure calculation needs from its caller: fresh ids and the creation time. */
export interface CalculationContext {
  /**
   * A fresh unique id per call. Drawn in document order: the portfolio, then each bank followed by its deposits,
   * and an error's id where the error arises (a deposit's before its bank's, a bank's before the portfolio's).
   */
  readonly newId: () => string;
  /** RFC 3339 UTC. */
  readonly createdAt: string;
}

interface Calculated<T> {
  readonly response: T;
  /** `null` when a figure below could not be calculated. */
  readonly sum: OutcomeSum | null;
}

const failedOutcome = (uuid: string, message: string): Outcome => ({
  delta: null,
  maturity: null,
  errors: [{ uuid, message }],
});

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const finiteFigures = (figures: DepositFigures): DepositFigures => {
  const all: ReadonlyArray<Decimal> = [figures.growth, figures.interest, figures.total];
  if (!all.every((figure) => figure.isFinite())) throw new RangeError('a figure is not a finite number');
  return figures;
};

const depositSum = (deposit: DepositRequest, figures: DepositFigures): OutcomeSum => ({
  growth: figures.growth,
  amount: new Dec(deposit.amount),
  amountDecimals: decimalPlaces(deposit.amount),
  interest: figures.interest,
  total: figures.total,
});

const calculateDeposit = (
  deposit: DepositRequest,
  delta: Delta,
  days: Decimal,
  context: CalculationContext,
  calculator: DepositCalculator,
): Calculated<DepositResponse> => {
  const uuid = context.newId();
  let outcome: Outcome;
  let sum: OutcomeSum | null;
  try {
    const figures = finiteFigures(calculator.figures(deposit, days));
    outcome = {
      delta: { period: delta.period, period_unit: delta.periodUnit, growth: cents(figures.growth) },
      maturity: { amount: deposit.amount, interest: cents(figures.interest), total: cents(figures.total) },
      errors: [],
    };
    sum = depositSum(deposit, figures);
  } catch (error) {
    outcome = failedOutcome(context.newId(), `deposit ${deposit.account} could not be calculated: ${reasonOf(error)}`);
    sum = null;
  }
  let outcomeWithDates: OutcomeWithDates;
  try {
    const maturity = calculator.maturityDate(deposit);
    outcomeWithDates = { start_date_in_bank_tz: deposit.startDate, maturity_date_in_bank_tz: maturity, errors: [] };
  } catch (error) {
    const message = `maturity date of deposit ${deposit.account} could not be calculated: ${reasonOf(error)}`;
    outcomeWithDates = {
      start_date_in_bank_tz: deposit.startDate,
      maturity_date_in_bank_tz: null,
      errors: [{ uuid: context.newId(), message }],
    };
  }
  const response: DepositResponse = {
    uuid,
    account: deposit.account,
    account_type: deposit.accountType,
    apy: deposit.apy,
    years: deposit.years,
    outcome,
    outcome_with_dates: outcomeWithDates,
  };
  return { response, sum };
};

/** Sums parts, or `null` with how many failed when any part could not be calculated. */
const sumOf = (parts: ReadonlyArray<Calculated<unknown>>): OutcomeSum | number => {
  let sum = emptySum;
  let failed = 0;
  for (const part of parts) {
    if (part.sum === null) failed += 1;
    else sum = addSums(sum, part.sum);
  }
  return failed > 0 ? failed : sum;
};

const calculateBank = (
  bank: BankRequest,
  delta: Delta,
  days: Decimal,
  context: CalculationContext,
  calculator: DepositCalculator,
): Calculated<BankResponse> => {
  const uuid = context.newId();
  const deposits = bank.deposits.map((deposit) => calculateDeposit(deposit, delta, days, context, calculator));
  const sum = sumOf(deposits);
  const outcome =
    typeof sum === 'number'
      ? failedOutcome(context.newId(), `bank ${bank.name}: ${sum} of ${deposits.length} deposits could not be calculated`)
      : outcomeOfSum(sum, delta);
  const response: BankResponse = {
    uuid,
    name: bank.name,
    bank_tz: bank.bankTz,
    outcome,
    deposits: deposits.map((deposit) => deposit.response),
  };
  return { response, sum: typeof sum === 'number' ? null : sum };
};

/**
 * Calculates a portfolio (domain.md §3) into its compatible response (§4), banks and deposits in request order.
 * A deposit that cannot be calculated carries its own error; its bank and the portfolio then carry an error and
 * `null` totals while the other banks keep theirs.
 */
export const calculatePortfolio = (
  request: PortfolioRequest,
  context: CalculationContext,
  calculator: DepositCalculator = standardDepositCalculator,
): PortfolioResponse => {
  const uuid = context.newId();
  const days = deltaDays(request.delta);
  const banks = request.banks.map((bank) => calculateBank(bank, request.delta, days, context, calculator));
  const sum = sumOf(banks);
  const outcome =
    typeof sum === 'number'
      ? failedOutcome(context.newId(), `${sum} of ${banks.length} banks could not be calculated`)
      : outcomeOfSum(sum, request.delta);
  return { uuid, created_at: context.createdAt, outcome, banks: banks.map((bank) => bank.response) };
};
