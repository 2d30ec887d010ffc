import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../domain/decimal.js';
import { standardDepositCalculator, type DepositCalculator } from '../../domain/depositCalculator.js';
import { calculatePortfolio, engineVersion } from '../../domain/portfolioCalculation.js';
import type { PortfolioRequest } from '../../domain/portfolioRequest.js';
import type { Outcome, PortfolioResponse } from '../../domain/portfolioResponse.js';
import { portfolioRequest } from './support/portfolioRequestArbitrary.js';
import { aBank, aDeposit, aRequest, sequentialIds } from './support/portfolioRequestBuilder.js';

const createdAt = '2024-05-01T10:00:00Z';
const calculate = (request: PortfolioRequest, calculator?: DepositCalculator): PortfolioResponse =>
  calculatePortfolio(request, { newId: sequentialIds(), createdAt }, calculator);

/** A decimal string as an exact integer at `scale` decimals, so sums are checked without any decimal library. */
const scaled = (text: string, scale: number): bigint => {
  const [integer = '', fraction = ''] = text.split('.');
  return BigInt(integer + fraction.padEnd(scale, '0'));
};
const decimalsOf = (text: string): number => text.split('.')[1]?.length ?? 0;
const twoDecimals = /^[0-9]+\.[0-9]{2}$/;

const maturityOf = (outcome: Outcome) => {
  if (outcome.maturity === null || outcome.delta === null) throw new Error(`no figures: ${JSON.stringify(outcome)}`);
  return { ...outcome.maturity, growth: outcome.delta.growth };
};

/** The field-wise exact sum of outcomes, amount written with as many decimals as its most precise part. */
const exactSum = (outcomes: ReadonlyArray<Outcome>) => {
  const parts = outcomes.map(maturityOf);
  const sumOf = (field: 'growth' | 'interest' | 'total'): bigint => parts.reduce((s, p) => s + scaled(p[field], 2), 0n);
  const scale = Math.max(...parts.map((p) => decimalsOf(p.amount)));
  const amount = parts.reduce((s, p) => s + scaled(p.amount, scale), 0n).toString().padStart(scale + 1, '0');
  const write = (cents: bigint): string => {
    const digits = cents.toString().padStart(3, '0');
    return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  };
  return {
    amount: scale === 0 ? amount : `${amount.slice(0, -scale)}.${amount.slice(-scale)}`,
    interest: write(sumOf('interest')),
    total: write(sumOf('total')),
    growth: write(sumOf('growth')),
  };
};

describe('portfolio calculation properties', () => {
  it('makes each bank outcome the exact sum of its deposits and the portfolio the exact sum of its banks', () => {
    fc.assert(
      fc.property(portfolioRequest, (request) => {
        const response = calculate(request);
        for (const bank of response.banks) {
          expect(maturityOf(bank.outcome)).toEqual(exactSum(bank.deposits.map((deposit) => deposit.outcome)));
        }
        expect(maturityOf(response.outcome)).toEqual(exactSum(response.banks.map((bank) => bank.outcome)));
      }),
      { numRuns: 150 },
    );
  });

  it('makes every total the amount plus the interest, with growth and interest never negative', () => {
    fc.assert(
      fc.property(portfolioRequest, (request) => {
        const response = calculate(request);
        const outcomes = [response.outcome, ...response.banks.flatMap((b) => [b.outcome, ...b.deposits.map((d) => d.outcome)])];
        for (const outcome of outcomes) {
          const { amount, interest, total, growth } = maturityOf(outcome);
          expect([interest, total, growth].every((figure) => twoDecimals.test(figure))).toBe(true);
          expect(scaled(total, 2) * 10n ** BigInt(Math.max(decimalsOf(amount) - 2, 0))).toBe(
            scaled(amount, Math.max(decimalsOf(amount), 2)) + scaled(interest, Math.max(decimalsOf(amount), 2)),
          );
          expect(outcome.errors).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("returns the request's banks and deposits in request order, echoing their fields and the delta", () => {
    fc.assert(
      fc.property(portfolioRequest, (request) => {
        const response = calculate(request);
        expect(response.banks.map((b) => [b.name, b.bank_tz])).toEqual(request.banks.map((b) => [b.name, b.bankTz]));
        response.banks.forEach((bank, i) => {
          const deposits = request.banks[i]?.deposits ?? [];
          expect(bank.deposits.map((d) => [d.account, d.account_type, d.apy, d.years, d.outcome.maturity?.amount])).toEqual(
            deposits.map((d) => [d.account, d.accountType, d.apy, d.years, d.amount]),
          );
          expect(bank.deposits.map((d) => d.outcome_with_dates.start_date_in_bank_tz)).toEqual(deposits.map((d) => d.startDate));
        });
        const deltas = [response.outcome, ...response.banks.flatMap((b) => [b.outcome, ...b.deposits.map((d) => d.outcome)])].map(
          (outcome) => [outcome.delta?.period, outcome.delta?.period_unit],
        );
        expect(new Set(deltas.map((d) => d.join(' ')))).toEqual(new Set([`${request.delta.period} ${request.delta.periodUnit}`]));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the portfolio, every bank and every deposit a distinct id from the caller, and the caller\'s time', () => {
    fc.assert(
      fc.property(portfolioRequest, (request) => {
        const response = calculate(request);
        const ids = [response.uuid, ...response.banks.flatMap((b) => [b.uuid, ...b.deposits.map((d) => d.uuid)])];
        expect(ids[0]).toBe('id-1');
        expect(new Set(ids).size).toBe(ids.length);
        expect(response.created_at).toBe(createdAt);
      }),
      { numRuns: 50 },
    );
  });
});

describe('summed amounts', () => {
  const amounts = (...texts: string[]) => calculate(aRequest([aBank(texts.map((amount) => aDeposit({ amount })))]));

  it('are written with as many decimals as the most precise part', () => {
    expect(amounts('10990', '5500', '10000.50').outcome.maturity?.amount).toBe('26490.50');
    expect(amounts('100', '50000', '21000').outcome.maturity?.amount).toBe('71100');
    expect(amounts('0.1', '0.25').outcome.maturity?.amount).toBe('0.35');
    expect(amounts('1.5', '2.5').outcome.maturity?.amount).toBe('4.0');
  });
});

describe('a deposit that cannot be calculated', () => {
  const failing = (failOn: string): DepositCalculator => ({
    ...standardDepositCalculator,
    figures: (deposit, days) => {
      if (deposit.account === failOn) throw new Error('forced failure');
      return standardDepositCalculator.figures(deposit, days);
    },
  });
  const request = aRequest([
    aBank([aDeposit({ account: 'GOOD1', amount: '1000' }), aDeposit({ account: 'BAD1', amount: '2000' })], 'TROUBLED'),
    aBank([aDeposit({ account: 'GOOD2', amount: '3000', apy: '2', years: '3' })], 'HEALTHY'),
  ]);
  const healthyAlone = calculate(aRequest([request.banks[1] ?? aBank([])]));

  it('carries its own error with null figures, still dated', () => {
    const response = calculate(request, failing('BAD1'));
    const bad = response.banks[0]?.deposits[1];
    expect(bad?.outcome).toEqual({
      delta: null,
      maturity: null,
      errors: [{ uuid: expect.any(String), message: 'deposit BAD1 could not be calculated: forced failure' }],
    });
    expect(bad?.outcome_with_dates).toEqual({
      start_date_in_bank_tz: '2024-01-01',
      maturity_date_in_bank_tz: '2024-12-31',
      errors: [],
    });
    expect(response.banks[0]?.deposits[0]?.outcome.maturity?.interest).toBe('50.00');
  });

  it('leaves its bank and the portfolio with an error and null totals, while other banks keep theirs', () => {
    const response = calculate(request, failing('BAD1'));
    expect(response.banks[0]?.outcome).toEqual({
      delta: null,
      maturity: null,
      errors: [{ uuid: expect.any(String), message: 'bank TROUBLED: 1 of 2 deposits could not be calculated' }],
    });
    expect(response.outcome).toEqual({
      delta: null,
      maturity: null,
      errors: [{ uuid: expect.any(String), message: '1 of 2 banks could not be calculated' }],
    });
    expect(response.banks[1]?.outcome).toEqual(healthyAlone.banks[0]?.outcome);
    expect(response.banks[1]?.outcome.maturity?.total).toBe('3183.62');
  });

  it('gives every error its own id from the caller', () => {
    const response = calculate(request, failing('BAD1'));
    const errorIds = [
      response.banks[0]?.deposits[1]?.outcome.errors[0]?.uuid,
      response.banks[0]?.outcome.errors[0]?.uuid,
      response.outcome.errors[0]?.uuid,
    ];
    const entityIds = [response.uuid, ...response.banks.flatMap((b) => [b.uuid, ...b.deposits.map((d) => d.uuid)])];
    expect(new Set([...errorIds, ...entityIds]).size).toBe(errorIds.length + entityIds.length);
  });

  it('counts a non-finite figure as a failure', () => {
    const notFinite: DepositCalculator = {
      ...standardDepositCalculator,
      figures: (deposit, days) => ({ ...standardDepositCalculator.figures(deposit, days), interest: new Dec(NaN) }),
    };
    const response = calculate(aRequest([aBank([aDeposit({ account: 'NAN1' })])]), notFinite);
    expect(response.banks[0]?.deposits[0]?.outcome.errors[0]?.message).toBe(
      'deposit NAN1 could not be calculated: a figure is not a finite number',
    );
    expect(response.outcome.maturity).toBeNull();
  });
});

describe('a maturity date that cannot be calculated', () => {
  it('is null with an error in outcome_with_dates, while the figures and totals stand', () => {
    const response = calculate(aRequest([aBank([aDeposit({ account: 'LATE1', startDate: '9950-06-01', years: '100' })])]));
    const deposit = response.banks[0]?.deposits[0];
    expect(deposit?.outcome_with_dates).toEqual({
      start_date_in_bank_tz: '9950-06-01',
      maturity_date_in_bank_tz: null,
      errors: [
        {
          uuid: expect.any(String),
          message: 'maturity date of deposit LATE1 could not be calculated: the maturity date falls in year 10050, outside 0001..9999',
        },
      ],
    });
    expect(deposit?.outcome.errors).toEqual([]);
    expect(response.outcome.maturity?.total).toBe(deposit?.outcome.maturity?.total);
  });
});

describe('engine version', () => {
  it('is a semantic version recorded with calculations', () => {
    expect(engineVersion).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+$/);
  });
});
