import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { BestInterestBank, BestInterestDeposit, BestInterestProfile } from '../../../domain/bestInterest/bestInterestInput.js';
import { bestInterestEvaluationCodec, evaluateBestInterest } from '../../../domain/bestInterest/bestInterestRules.js';
import type { Finding } from '../../../domain/bestInterest/finding.js';
import { parseBestInterestConfig, ruleSetVersion } from '../../../domain/bestInterest/ruleSet.js';

let nextId = 0;

const deposit = (fields: Partial<BestInterestDeposit> = {}): BestInterestDeposit => {
  nextId += 1;
  return {
    deposit_uuid: `d-${nextId}`,
    account: `ACC${nextId}`,
    amount: '1000',
    years: '1',
    total: '1050.00',
    maturity_date: '2027-01-01',
    ...fields,
  };
};

const bank = (bank_uuid: string, deposits: ReadonlyArray<BestInterestDeposit>): BestInterestBank => ({ bank_uuid, name: `BANK-${bank_uuid}`, deposits });

const noNeeds: BestInterestProfile = { liquidity_needs: null, time_horizon_years: null };

const findings = (banks: ReadonlyArray<BestInterestBank>, profile: BestInterestProfile = noNeeds, config?: Parameters<typeof evaluateBestInterest>[2]) =>
  evaluateBestInterest({ banks }, profile, config).findings;

const byRule = (list: ReadonlyArray<Finding>, rule: Finding['rule']) => list.filter((finding) => finding.rule === rule);

// Two equal banks: no concentration finding gets in the way of the rule under test.
const balanced = (first: ReadonlyArray<BestInterestDeposit>, second: ReadonlyArray<BestInterestDeposit>) => [bank('a', first), bank('b', second)];

describe('deposit insurance', () => {
  it('does not fire when a bank holds exactly the 250,000 limit at maturity', () => {
    expect(byRule(findings([bank('a', [deposit({ total: '200000.00' }), deposit({ total: '50000.00' })])]), 'deposit-insurance')).toEqual([]);
  });

  it('fires one cent above the limit with the uninsured cent as evidence', () => {
    const [finding, ...others] = byRule(findings([bank('a', [deposit({ total: '200000.00' }), deposit({ total: '50000.01' })])]), 'deposit-insurance');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'warning',
      subject: { bank_uuid: 'a' },
      figures: { bank_total_at_maturity: '250000.01', insurance_limit: '250000', uninsured_amount: '0.01' },
    });
    expect(finding!.message).toContain('BANK-a');
  });

  it('sums per bank: two banks of 200,000 each are both fully insured', () => {
    const list = findings(balanced([deposit({ total: '200000.00' })], [deposit({ total: '200000.00' })]));
    expect(byRule(list, 'deposit-insurance')).toEqual([]);
  });

  it('uses the configured limit', () => {
    const list = findings([bank('a', [deposit({ total: '100000.00' })])], noNeeds, { insuranceLimit: '99999.99', concentrationShare: '1' });
    expect(byRule(list, 'deposit-insurance')[0]?.figures.uninsured_amount).toBe('0.01');
  });

  it('leaves deposits without a calculated total out of the sum', () => {
    expect(byRule(findings([bank('a', [deposit({ total: '250000.00' }), deposit({ total: null })])]), 'deposit-insurance')).toEqual([]);
  });
});

describe('concentration', () => {
  it('does not fire at exactly 50% of the portfolio amount', () => {
    expect(byRule(findings(balanced([deposit({ amount: '500' })], [deposit({ amount: '500' })])), 'concentration')).toEqual([]);
  });

  it('fires just above 50%, only for the bank that holds more', () => {
    const list = byRule(findings(balanced([deposit({ amount: '500.01' })], [deposit({ amount: '500' })])), 'concentration');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      subject: { bank_uuid: 'a' },
      figures: { bank_amount: '500.01', portfolio_amount: '1000.01', maximum_share: '0.5', bank_share: '0.500005' },
    });
  });

  it('fires for a single-bank portfolio and never for an empty one', () => {
    expect(byRule(findings([bank('a', [deposit()])]), 'concentration')).toHaveLength(1);
    expect(byRule(findings([bank('a', [deposit({ amount: '0' })]), bank('b', [deposit({ amount: '0' })])]), 'concentration')).toEqual([]);
  });

  it('uses the configured share', () => {
    const banks = [bank('a', [deposit({ amount: '40' })]), bank('b', [deposit({ amount: '30' })]), bank('c', [deposit({ amount: '30' })])];
    expect(byRule(findings(banks), 'concentration')).toEqual([]);
    const list = findings(banks, noNeeds, { insuranceLimit: '250000', concentrationShare: '0.3' });
    expect(byRule(list, 'concentration').map((finding) => finding.subject.bank_uuid)).toEqual(['a']);
  });
});

describe('one institution under several bank entries', () => {
  it('sums entries of the same name (ignoring case and surrounding spaces) for insurance and concentration', () => {
    const vision = (uuid: string, name: string, amount: string) => ({ bank_uuid: uuid, name, deposits: [deposit({ amount, total: amount })] });
    const banks = [vision('v1', 'VISION-BANK', '200000'), bank('m', [deposit({ amount: '150000', total: '150000' })]), vision('v2', ' vision-bank ', '200000')];
    const list = findings(banks);
    const insurance = byRule(list, 'deposit-insurance');
    expect(insurance.map((finding) => [finding.subject.bank_uuid, finding.figures.uninsured_amount])).toEqual([['v1', '150000.00']]);
    const concentration = byRule(list, 'concentration');
    expect(concentration.map((finding) => [finding.subject.bank_uuid, finding.figures.bank_amount])).toEqual([['v1', '400000.00']]);
    // Apart, neither entry is concentrated or above the limit.
    expect(findings([vision('v1', 'VISION-BANK', '200000'), bank('m', [deposit({ amount: '150000', total: '150000' })]), vision('v2', 'OTHER-BANK', '200000')])).toEqual([]);
  });
});

describe('liquidity', () => {
  const needs = (needed_by: string): BestInterestProfile => ({ liquidity_needs: { amount: '20000.00', needed_by }, time_horizon_years: null });

  it('fires for a deposit maturing the day after the money is needed, not on the day', () => {
    const late = deposit({ maturity_date: '2028-07-01' });
    const onTime = deposit({ maturity_date: '2028-06-30', total: '21000.00' });
    const list = byRule(findings(balanced([late], [onTime]), needs('2028-06-30')), 'liquidity');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      subject: { bank_uuid: 'a', deposit_uuid: late.deposit_uuid },
      figures: { maturity_date: '2028-07-01', needed_by: '2028-06-30', liquidity_amount: '20000.00', available_by_needed_by: '21000.00' },
    });
  });

  it('fires for a deposit whose maturity date could not be calculated: it cannot be shown to be in time', () => {
    const unknown = deposit({ maturity_date: null });
    const onTime = deposit({ maturity_date: '2028-06-30', total: '21000.00' });
    const list = byRule(findings(balanced([unknown], [onTime]), needs('2028-06-30')), 'liquidity');
    expect(list).toEqual([
      expect.objectContaining({
        subject: { bank_uuid: 'a', deposit_uuid: unknown.deposit_uuid },
        message: expect.stringContaining('has no maturity date that could be calculated, so it cannot be shown to mature by 2028-06-30'),
        figures: { needed_by: '2028-06-30', liquidity_amount: '20000.00', available_by_needed_by: '21000.00' },
      }),
    ]);
  });

  it('does not fire without liquidity needs', () => {
    expect(byRule(findings(balanced([deposit({ maturity_date: '2099-01-01' })], [deposit()])), 'liquidity')).toEqual([]);
  });
});

describe('horizon', () => {
  const horizon = (time_horizon_years: string): BestInterestProfile => ({ liquidity_needs: null, time_horizon_years });

  it('fires for a term longer than the horizon, not for a term equal to it', () => {
    const longer = deposit({ years: '5.5' });
    const equal = deposit({ years: '5.0' });
    const list = byRule(findings(balanced([longer], [equal]), horizon('5')), 'horizon');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ subject: { bank_uuid: 'a', deposit_uuid: longer.deposit_uuid }, figures: { deposit_years: '5.5', time_horizon_years: '5' } });
  });

  it('does not fire without a time horizon', () => {
    expect(byRule(findings(balanced([deposit({ years: '100' })], [deposit()])), 'horizon')).toEqual([]);
  });
});

describe('evaluateBestInterest', () => {
  it('records the rule set version and thresholds, lists findings by rule, and decodes again from JSON', () => {
    const evaluation = evaluateBestInterest(
      { banks: [bank('a', [deposit({ total: '300000.00', years: '10', maturity_date: '2036-01-01' })])] },
      { liquidity_needs: { amount: '1', needed_by: '2030-01-01' }, time_horizon_years: '3' },
    );
    expect(evaluation).toMatchObject({ rule_set_version: ruleSetVersion, insurance_limit: '250000', concentration_share: '0.5' });
    expect(evaluation.findings.map((finding) => finding.rule)).toEqual(['deposit-insurance', 'concentration', 'liquidity', 'horizon']);
    const decoded = bestInterestEvaluationCodec.decode(JSON.parse(JSON.stringify(evaluation)));
    expect(decoded).toEqual(E.right(evaluation));
  });

  it('never throws, whatever text the figures hold', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('1e5', '-1', 'NaN', '2028-02-30', ''), fc.constant(null));
    const anyDeposit = fc.record({
      deposit_uuid: fc.string(),
      account: fc.string(),
      amount: text,
      years: fc.string(),
      total: text,
      maturity_date: text,
    });
    const anyBank = fc.record({ bank_uuid: fc.string(), name: fc.string(), deposits: fc.array(anyDeposit, { maxLength: 4 }) });
    const anyProfile = fc.record({
      liquidity_needs: fc.option(fc.record({ amount: fc.string(), needed_by: fc.string() }), { nil: null }),
      time_horizon_years: fc.option(fc.string(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(anyBank, { maxLength: 4 }), anyProfile, (banks, profile) => {
        const evaluation = evaluateBestInterest({ banks }, profile);
        expect(evaluation.findings.every((finding) => finding.severity === 'warning')).toBe(true);
      }),
    );
  });
});

describe('parseBestInterestConfig', () => {
  it('defaults to 250000 and 0.5 and refuses thresholds that would switch a rule off', () => {
    expect(parseBestInterestConfig({})).toEqual(E.right({ insuranceLimit: '250000', concentrationShare: '0.5' }));
    expect(parseBestInterestConfig({ insuranceLimit: '500000', concentrationShare: '0.25' })).toEqual(
      E.right({ insuranceLimit: '500000', concentrationShare: '0.25' }),
    );
    expect(E.isLeft(parseBestInterestConfig({ insuranceLimit: '250,000' }))).toBe(true);
    expect(E.isLeft(parseBestInterestConfig({ concentrationShare: '0' }))).toBe(true);
    expect(E.isLeft(parseBestInterestConfig({ concentrationShare: '50' }))).toBe(true);
  });
});
