import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../../../domain/problem.js';
import {
  parseAccountOpeningBody,
  parseApplicationBody,
  parseComplianceReviewBody,
  parseCreateProfileBody,
  parseObjectivesBody,
  parseRiskAssessmentBody,
  parseTargetAllocationBody,
} from '../../../domain/profile/profileCommandBodies.js';
import { createBody, parsed, profileId, today } from './support/profileFixtures.js';

const problemsOf = <A>(result: E.Either<ReadonlyArray<FieldProblem>, A>): ReadonlyArray<FieldProblem> => {
  if (E.isRight(result)) throw new Error(`expected problems, got ${JSON.stringify(result.right)}`);
  return result.left;
};

const pathsOf = <A>(result: E.Either<ReadonlyArray<FieldProblem>, A>): ReadonlyArray<string> => problemsOf(result).map((problem) => problem.path);

const create = (body: unknown) => parseCreateProfileBody(body, { profileId, today });
const withBody = (patch: Record<string, unknown>) => ({ ...createBody(), ...patch });

describe('parseCreateProfileBody', () => {
  it('turns a valid body into CreateProfile with normalised decimals and without unknown fields', () => {
    const command = parsed(
      create(
        withBody({
          time_horizon_years: '+05.50',
          target_allocation: { bonds: '060', cash: '.5', us_equity: '39.5' },
          surprise: 'ignored',
          client: { ...(createBody().client as object), nickname: 'dropped' },
        }),
      ),
    );
    expect(command).toMatchObject({ type: 'CreateProfile', profile_id: 'p-1', time_horizon_years: '5.50' });
    expect(command.target_allocation).toEqual({ bonds: '60', cash: '0.5', us_equity: '39.5' });
    expect(command).not.toHaveProperty('surprise');
    expect(command.client).not.toHaveProperty('nickname');
  });

  it('reports every failing field at once, each with its path', () => {
    const body = withBody({
      client_id: '',
      client: { name: 'Ada', date_of_birth: '1980-02-30', email: 'ada-at-example.com', tax_id_last4: '12a4' },
      investment_objectives: ['income', 'yolo'],
      risk_score: 0,
      time_horizon_years: '0',
      liquidity_needs: { amount: '10.001', needed_by: '2028-13-01' },
      target_allocation: { bonds: '-1', cash: '101' },
      existing_holdings: [
        { plan_name: 'IRA', plan_type: 'ira', balance: '10', annual_fee_percent: '1' },
        { plan_name: 'Old 401k', plan_type: '401K', balance: 'lots', annual_fee_percent: '100.5' },
      ],
    });
    expect(pathsOf(create(body))).toEqual([
      'client_id',
      'client.date_of_birth',
      'client.email',
      'client.tax_id_last4',
      'investment_objectives[1]',
      'risk_score',
      'time_horizon_years',
      'liquidity_needs.amount',
      'liquidity_needs.needed_by',
      'target_allocation.bonds',
      'target_allocation.cash',
      'existing_holdings[1].plan_type',
      'existing_holdings[1].balance',
      'existing_holdings[1].annual_fee_percent',
    ]);
  });

  it('reports missing fields as required', () => {
    const problems = problemsOf(create({}));
    expect(problems.map((problem) => problem.path)).toEqual([
      'client_id',
      'client',
      'investment_objectives',
      'risk_score',
      'time_horizon_years',
      'liquidity_needs',
      'target_allocation',
      'existing_holdings',
    ]);
    expect(problems.every((problem) => problem.message.startsWith('is required'))).toBe(true);
  });

  it('refuses a body that is not a JSON object at the body path', () => {
    expect(problemsOf(create([1, 2]))).toEqual([{ path: '', value: [1, 2], message: 'must be a JSON object' }]);
  });

  it('never echoes client PII in a problem, whatever shape the client field has', () => {
    expect(problemsOf(create(withBody({ client: 'Ada Lovelace, 1980-12-10' })))).toEqual([
      { path: 'client', value: '[redacted]', message: 'must be a JSON object' },
    ]);
    expect(problemsOf(create(withBody({ client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com' } })))).toEqual([
      { path: 'client.tax_id_last4', value: undefined, message: 'is required' },
    ]);
    const problems = problemsOf(create(withBody({ client: { name: '', date_of_birth: 'x', email: 'secret@', tax_id_last4: '123456789' } })));
    expect(problems.map((problem) => [problem.path, problem.value])).toEqual([
      ['client.name', '[redacted]'],
      ['client.date_of_birth', '[redacted]'],
      ['client.email', '[redacted]'],
      ['client.tax_id_last4', '[redacted]'],
    ]);
  });

  it('requires a date of birth before today', () => {
    const dob = (date_of_birth: string) => create(withBody({ client: { ...(createBody().client as object), date_of_birth } }));
    expect(pathsOf(dob(today))).toEqual(['client.date_of_birth']);
    expect(pathsOf(dob('2030-01-01'))).toEqual(['client.date_of_birth']);
    expect(E.isRight(dob('2026-11-21'))).toBe(true);
  });

  it('refuses a risk score that is not a JSON integer from 1 to 100', () => {
    for (const risk_score of [0, 101, 50.5, '50', null]) expect(pathsOf(create(withBody({ risk_score })))).toEqual(['risk_score']);
    for (const risk_score of [1, 100]) expect(E.isRight(create(withBody({ risk_score })))).toBe(true);
  });

  it('refuses objectives that are empty or repeated', () => {
    expect(pathsOf(create(withBody({ investment_objectives: [] })))).toEqual(['investment_objectives']);
    expect(pathsOf(create(withBody({ investment_objectives: ['growth', 'growth'] })))).toEqual(['investment_objectives']);
  });

  it('accepts liquidity_needs null and existing_holdings []', () => {
    const command = parsed(create(withBody({ liquidity_needs: null, existing_holdings: [] })));
    expect(command.liquidity_needs).toBeNull();
    expect(command.existing_holdings).toEqual([]);
  });

  it('bounds the time horizon to more than 0 and at most 100 years', () => {
    expect(pathsOf(create(withBody({ time_horizon_years: '100.01' })))).toEqual(['time_horizon_years']);
    expect(pathsOf(create(withBody({ time_horizon_years: 5 })))).toEqual(['time_horizon_years']);
    expect(E.isRight(create(withBody({ time_horizon_years: '100' })))).toBe(true);
  });
});

describe('target allocation', () => {
  const allocation = (target_allocation: unknown) => parseTargetAllocationBody({ target_allocation });

  it('accepts percentages that sum to exactly 100 in decimal arithmetic', () => {
    expect(E.isRight(allocation({ a: '33.33', b: '33.33', c: '33.34' }))).toBe(true);
    expect(E.isRight(allocation({ a: '0.1', b: '0.2', c: '99.7' }))).toBe(true);
    expect(E.isRight(allocation({ all: '100.00000000', none: '0' }))).toBe(true);
  });

  it('refuses a sum off by a cent, once, at target_allocation, saying what the sum is', () => {
    const problems = problemsOf(allocation({ a: '33.33', b: '33.33', c: '33.33' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'target_allocation', message: expect.stringContaining('99.99') });
    expect(pathsOf(allocation({ a: '50', b: '50.00000001' }))).toEqual(['target_allocation']);
  });

  it('refuses an empty allocation, bad asset class names and numbers that are not decimal strings', () => {
    expect(pathsOf(allocation({}))).toEqual(['target_allocation']);
    expect(pathsOf(allocation({ 'US Equity': '100' }))).toEqual(['target_allocation.US Equity']);
    expect(pathsOf(allocation({ bonds: 100 }))).toEqual(['target_allocation.bonds']);
    expect(pathsOf(allocation({ bonds: '1e2' }))).toEqual(['target_allocation.bonds']);
    expect(pathsOf(allocation(['100']))).toEqual(['target_allocation']);
  });
});

describe('the other bodies', () => {
  it('risk assessment: notes are optional, the figures required', () => {
    expect(parsed(parseRiskAssessmentBody({ risk_score: 10, time_horizon_years: '1', liquidity_needs: null }))).toEqual({
      type: 'RecordRiskAssessment',
      risk_score: 10,
      time_horizon_years: '1',
      liquidity_needs: null,
      notes: null,
    });
    expect(pathsOf(parseRiskAssessmentBody({ notes: '   ' }))).toEqual(['risk_score', 'time_horizon_years', 'liquidity_needs', 'notes']);
  });

  it('objectives: a list, not a single string', () => {
    expect(parsed(parseObjectivesBody({ investment_objectives: ['speculation'] }))).toEqual({
      type: 'SetObjectives',
      investment_objectives: ['speculation'],
    });
    expect(pathsOf(parseObjectivesBody({ investment_objectives: 'growth' }))).toEqual(['investment_objectives']);
  });

  it('application: an empty body, or a portfolio id that is a string', () => {
    expect(parsed(parseApplicationBody({}))).toEqual({ type: 'SubmitApplication', portfolio_id: null });
    expect(parsed(parseApplicationBody({ portfolio_id: 'pf-1' }))).toEqual({ type: 'SubmitApplication', portfolio_id: 'pf-1' });
    expect(pathsOf(parseApplicationBody({ portfolio_id: 7 }))).toEqual(['portfolio_id']);
  });

  it('account opening: only the last four digits of the account number', () => {
    expect(parsed(parseAccountOpeningBody({ account_number_last4: '0042', custodian: 'Schwab' }))).toEqual({
      type: 'RecordAccountOpening',
      account_number_last4: '0042',
      custodian: 'Schwab',
    });
    expect(pathsOf(parseAccountOpeningBody({ account_number_last4: '123456789', custodian: '' }))).toEqual([
      'account_number_last4',
      'custodian',
    ]);
  });

  it('compliance review: notes required unless approved', () => {
    expect(parsed(parseComplianceReviewBody({ outcome: 'approved' }))).toEqual({ type: 'RecordComplianceReview', outcome: 'approved', notes: null });
    expect(problemsOf(parseComplianceReviewBody({ outcome: 'needs_changes' }))).toEqual([
      { path: 'notes', value: undefined, message: expect.stringContaining('needs_changes') },
    ]);
    expect(pathsOf(parseComplianceReviewBody({ outcome: 'Approved' }))).toEqual(['outcome']);
  });
});

describe('every body parser', () => {
  const parsers = [
    create,
    parseRiskAssessmentBody,
    parseObjectivesBody,
    parseTargetAllocationBody,
    parseApplicationBody,
    parseAccountOpeningBody,
    parseComplianceReviewBody,
  ];

  // Arbitrary JSON (and any JS value), plus valid bodies with one field replaced by arbitrary JSON, so that deep paths are exercised.
  const mutatedBody = fc
    .tuple(fc.constantFrom(...Object.keys(createBody())), fc.jsonValue())
    .map(([key, value]) => withBody({ [key]: value }));

  it('never throws and answers either a command or a non-empty list of problems with messages', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), mutatedBody), (body) => {
        for (const parse of parsers) {
          const result = parse(body);
          if (E.isLeft(result)) {
            expect(result.left.length).toBeGreaterThan(0);
            for (const problem of result.left) expect(problem.message).not.toBe('');
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
