import { Decimal } from 'decimal.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { accountTypes } from './accountType.js';
import type { AccountType } from './accountType.js';
import { parseCalendarDate } from './calendarDate.js';
import { decimalPlaces, parseDecimalText } from './decimalText.js';
import { parseIanaZone } from './ianaZone.js';
import { arrayField, objectField, stringField } from './jsonField.js';
import type { ArraySize } from './jsonField.js';
import { periodUnits } from './periodUnit.js';
import type { PeriodUnit } from './periodUnit.js';
import { problemsOf } from './problem.js';
import type { FieldProblem } from './problem.js';
import type { PortfolioRequest } from './portfolioRequest.js';
import type { Amount, Apy, DecimalText, DeltaPeriod, Years } from './values.js';

/** The bounds of domain.md §2; the upper ones keep every calculation and every problem list finite. */
export const portfolioRequestLimits = {
  minBanks: 1,
  maxBanks: 500,
  minDepositsPerBank: 1,
  maxDepositsPerPortfolio: 5_000,
  maxNameLength: 200,
  minAccountLength: 4,
  maxAccountLength: 64,
  maxApy: '100',
  maxYears: '100',
  maxAmount: '1000000000000000',
  maxAmountDecimalPlaces: 2,
  // Not in domain.md's table, but by its rule that no input may crash a calculation: without a bound, a period of
  // 10^1000000 days is valid and every deposit's growth is written with a million digits. 36,500 is the day count of
  // the longest term (100 years), in whatever unit the period is given.
  maxPeriod: '36500',
  // Not in domain.md's table either: the period is shared by every deposit, so its digits would be worked through once
  // per deposit (5,000 times a megabyte of digits); this many keep every figure exact and the work small.
  maxPeriodDigits: 2000,
} as const;

const limits = portfolioRequestLimits;

// The bounds as decimals, made once: a string or number bound would be parsed again by every comparison.
const zero = new Decimal(0);
const maxApy = new Decimal(limits.maxApy);
const maxYears = new Decimal(limits.maxYears);
const maxAmount = new Decimal(limits.maxAmount);
const maxPeriod = new Decimal(limits.maxPeriod);

// Code points, not UTF-16 units; the length checks first skip counting a huge string one by one.
const codePointsWithin = (text: string, min: number, max: number): boolean => {
  if (text.length < min || text.length > 2 * max) return false;
  let count = 0;
  for (const _ of text) count += 1;
  return count >= min && count <= max;
};

const textField = (name: string, min: number, max: number, message: string): t.Type<string, string, unknown> =>
  stringField(name, (text) => (codePointsWithin(text, min, max) ? E.right(text) : E.left(message)));

const oneOf = <A extends string>(name: string, values: ReadonlyArray<A>): t.Type<A, string, unknown> =>
  stringField(name, (text) =>
    values.some((value) => value === text)
      ? E.right(text as A)
      : E.left(`must be one of ${values.join(', ')} (case-sensitive)`),
  );

// Bounds are compared by decimal.js on the normalised text: a JS number would round long inputs across a bound.
// The codec yields DecimalText; the field's own brand (Apy, Years...) is applied in toPortfolioRequest, because
// values.ts's nested brands currently reduce to `never`, which io-ts codecs cannot carry.
const decimalField = (
  name: string,
  rule: (value: Decimal, text: DecimalText) => boolean,
  message: string,
): t.Type<DecimalText, string, unknown> =>
  stringField(name, (raw) => {
    // Plain branching rather than fp-ts's pipe and filterOrElse: this runs for every decimal field of every request.
    const parsed = parseDecimalText(raw);
    if (E.isLeft(parsed)) return parsed;
    return rule(new Decimal(parsed.right), parsed.right) ? parsed : E.left(message);
  });

// Field rules of domain.md §2, declared in the order of its request example, which is the order problems come out.

const period = decimalField(
  'period',
  (value) => value.gt(zero) && value.lte(maxPeriod) && value.sd() <= limits.maxPeriodDigits,
  `must be greater than 0 and at most ${limits.maxPeriod}, with at most ${limits.maxPeriodDigits} significant digits`,
);

const periodUnit = oneOf<PeriodUnit>('period_unit', periodUnits);

const bankName = textField(
  'name',
  1,
  limits.maxNameLength,
  `must not be empty and have at most ${limits.maxNameLength} characters`,
);

const bankTz = stringField('bank_tz', parseIanaZone);

const account = textField(
  'account',
  limits.minAccountLength,
  limits.maxAccountLength,
  `must have from ${limits.minAccountLength} to ${limits.maxAccountLength} characters`,
);

const accountType = oneOf<AccountType>('account_type', accountTypes);

const apy = decimalField(
  'apy',
  (value) => value.gte(zero) && value.lte(maxApy),
  `must be from 0 to ${limits.maxApy}`,
);

const years = decimalField(
  'years',
  (value) => value.gt(zero) && value.lte(maxYears),
  `must be greater than 0 and at most ${limits.maxYears}`,
);

// Decimal places count as written ("10.500" has 3): the amount is echoed and summed with its own scale.
const amount = decimalField(
  'amount',
  (value, text) => value.gte(zero) && value.lte(maxAmount) && decimalPlaces(text) <= limits.maxAmountDecimalPlaces,
  `must be from 0 to ${limits.maxAmount} with at most ${limits.maxAmountDecimalPlaces} decimal places`,
);

const startDate = stringField('start_date_in_bank_tz', parseCalendarDate);

const deltaBody = objectField('new_delta', { period, period_unit: periodUnit });

const depositBody = objectField('deposit', {
  account,
  account_type: accountType,
  apy,
  years,
  amount,
  start_date_in_bank_tz: startDate,
});

const depositsSize: ArraySize = {
  min: limits.minDepositsPerBank,
  max: Number.POSITIVE_INFINITY,
  message: `must contain at least ${limits.minDepositsPerBank} deposit`,
};

const bankFields = { name: bankName, bank_tz: bankTz };

const bankBody = objectField('bank', { ...bankFields, new_deposits: arrayField('new_deposits', depositBody, depositsSize) });

const banksSize: ArraySize = {
  min: limits.minBanks,
  max: limits.maxBanks,
  message: `must contain from ${limits.minBanks} to ${limits.maxBanks} banks`,
};

const bankList = arrayField('new_banks', bankBody, banksSize);

const depositCount = (banks: ReadonlyArray<unknown>): number =>
  banks.reduce<number>((count, bank) => {
    const deposits = typeof bank === 'object' && bank !== null ? (bank as { new_deposits?: unknown }).new_deposits : undefined;
    return count + (Array.isArray(deposits) ? deposits.length : 0);
  }, 0);

type BankListBody = t.TypeOf<typeof bankList>;

/**
 * The banks with their deposits cut to the first `maxDepositsPerPortfolio` in document order (a bank with deposits
 * keeps at least one, so that no bank reads as empty): what is examined of a portfolio over the limit.
 */
const withinDepositLimit = (banks: ReadonlyArray<unknown>): unknown[] => {
  let budget: number = limits.maxDepositsPerPortfolio;
  return banks.map((bank) => {
    const deposits = typeof bank === 'object' && bank !== null ? (bank as { new_deposits?: unknown }).new_deposits : undefined;
    if (!Array.isArray(deposits)) return bank;
    const keep = Math.max(budget, 1);
    budget = Math.max(0, budget - deposits.length);
    return deposits.length <= keep ? bank : { ...(bank as object), new_deposits: deposits.slice(0, keep) };
  });
};

// The portfolio-wide deposit limit spans banks, so it is reported once at `new_banks`, before any bank's problems; the
// deposits within the limit are still examined, so every failing field among them is listed too.
const banksField = new t.Type<BankListBody, t.OutputOf<typeof bankList>, unknown>(
  'new_banks',
  (u): u is BankListBody => bankList.is(u) && depositCount(u) <= limits.maxDepositsPerPortfolio,
  (u, c) => {
    const deposits = Array.isArray(u) ? depositCount(u) : 0;
    if (deposits <= limits.maxDepositsPerPortfolio) return bankList.validate(u, c);
    const banks = bankList.validate(withinDepositLimit(u as ReadonlyArray<unknown>), c);
    return t.failures([
      { value: u, context: c, message: `must contain at most ${limits.maxDepositsPerPortfolio} deposits in the whole portfolio, not ${deposits}` },
      ...(E.isLeft(banks) ? banks.left : []),
    ]);
  },
  bankList.encode,
);

/** The request body exactly as it travels (snake_case), with every scalar validated, normalised and branded. */
export const portfolioRequestBodyCodec = objectField('PortfolioRequestBody', { new_delta: deltaBody, new_banks: banksField });

/** A validated request body in its wire shape. */
export type PortfolioRequestBody = t.TypeOf<typeof portfolioRequestBodyCodec>;

/** The JSON of a request body: every scalar a string. */
export type PortfolioRequestJson = t.OutputOf<typeof portfolioRequestBodyCodec>;

const toPortfolioRequest = (body: PortfolioRequestBody): PortfolioRequest => ({
  delta: { period: body.new_delta.period as DeltaPeriod, periodUnit: body.new_delta.period_unit },
  banks: body.new_banks.map((bank) => ({
    name: bank.name,
    bankTz: bank.bank_tz,
    deposits: bank.new_deposits.map((deposit) => ({
      account: deposit.account,
      accountType: deposit.account_type,
      apy: deposit.apy as Apy,
      years: deposit.years as Years,
      amount: deposit.amount as Amount,
      startDate: deposit.start_date_in_bank_tz,
    })),
  })),
});

/**
 * Parses a portfolio request body (any JSON value) strictly. On failure it lists every failing field in document
 * order (delta, then banks and their deposits in order, fields in the order of domain.md §2); it never throws.
 */
export const parsePortfolioRequest = (body: unknown): E.Either<ReadonlyArray<FieldProblem>, PortfolioRequest> =>
  pipe(portfolioRequestBodyCodec.decode(body), E.bimap(problemsOf, toPortfolioRequest));

/** Writes a parsed request back as its wire JSON, with the normalised values, e.g. to replay or store it. */
export const toPortfolioRequestJson = (request: PortfolioRequest): PortfolioRequestJson => ({
  new_delta: { period: request.delta.period, period_unit: request.delta.periodUnit },
  new_banks: request.banks.map((bank) => ({
    name: bank.name,
    bank_tz: bank.bankTz,
    new_deposits: bank.deposits.map((deposit) => ({
      account: deposit.account,
      account_type: deposit.accountType,
      apy: deposit.apy,
      years: deposit.years,
      amount: deposit.amount,
      start_date_in_bank_tz: deposit.startDate,
    })),
  })),
});
