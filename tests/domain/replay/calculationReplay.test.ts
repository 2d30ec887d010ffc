import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { BestInterestProfile } from '../../../domain/bestInterest/bestInterestInput.js';
import { evaluateBestInterest } from '../../../domain/bestInterest/bestInterestRules.js';
import { fromPortfolioResponse } from '../../../domain/bestInterest/fromPortfolioResponse.js';
import type { BestInterestConfig } from '../../../domain/bestInterest/ruleSet.js';
import { portfolioDecider } from '../../../domain/portfolio/portfolioDecider.js';
import type { ProposalRecord } from '../../../domain/portfolio/portfolioEvents.js';
import type { PortfolioRequest } from '../../../domain/portfolioRequest.js';
import { replayCalculation, type ReplayProfileFacts } from '../../../domain/replay/calculationReplay.js';
import { portfolioRequest } from '../../domain/support/portfolioRequestArbitrary.js';
import { aBank, aDeposit, aRequest, sequentialIds } from '../../domain/support/portfolioRequestBuilder.js';

const facts: BestInterestProfile = { liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' }, time_horizon_years: '5' };
const known = (profile: BestInterestProfile = facts): ReplayProfileFacts => ({ kind: 'known', facts: profile });
const noProfile: ReplayProfileFacts = { kind: 'no-profile' };

/** A proposal exactly as the decider records it. */
const proposed = (request: PortfolioRequest, profile: BestInterestProfile | null = null, config?: BestInterestConfig): ProposalRecord => {
  const decision = portfolioDecider.decide(
    {
      kind: 'ProposePortfolio',
      portfolioId: 'portfolio-1',
      advisorId: 'advisor-1',
      request,
      calculation: { newId: sequentialIds('id'), createdAt: '2026-11-02T09:00:00.000Z' },
      profile: profile === null ? null : { profileId: 'profile-1', facts: profile, version: 1 },
      ...(config === undefined ? {} : { bestInterestConfig: config }),
    },
    { status: 'none' },
  );
  if (E.isLeft(decision)) throw new Error(decision.left.message);
  const [event] = decision.right;
  if (event?.type !== 'PortfolioProposed') throw new Error('expected a proposal');
  return event.data;
};

// One bank above the insurance limit and most of the money, a deposit longer than the horizon and maturing late.
const flaggedRequest = aRequest([
  aBank([aDeposit({ account: 'BIG1', amount: '300000', years: '3', apy: '4.10' })], 'HARBOR'),
  aBank([aDeposit({ account: 'LONG', amount: '5000', years: '7.25', apy: '2.5', accountType: 'Savings' })], 'PRAIRIE'),
]);

const tampered = (record: ProposalRecord, change: (copy: any) => void): ProposalRecord => {
  const copy = structuredClone(record) as any;
  change(copy);
  return copy;
};

describe('replayCalculation', () => {
  it('reproduces every proposal the current decider records, with and without findings', () => {
    fc.assert(
      fc.property(portfolioRequest, fc.boolean(), (request, withProfile) => {
        const record = proposed(request, withProfile ? facts : null);
        expect(replayCalculation(record, withProfile ? known() : noProfile)).toEqual({ differences: [], unverified: [] });
      }),
      { numRuns: 40 },
    );
  });

  it('reports a tampered figure with its path, the recorded and the recomputed value', () => {
    const record = proposed(flaggedRequest);
    const interest = record.proposal.banks[1]!.deposits[0]!.outcome.maturity!.interest;
    const changed = tampered(record, (copy) => {
      copy.proposal.banks[1].deposits[0].outcome.maturity.interest = '999.99';
    });
    expect(replayCalculation(changed, noProfile)).toEqual({
      differences: [{ path: 'proposal.banks[1].deposits[0].outcome.maturity.interest', recorded: '999.99', recomputed: interest }],
      unverified: [],
    });
  });

  it('reports recorded parts the request does not produce, and ids that were not recorded', () => {
    const record = proposed(flaggedRequest);
    const extraBank = tampered(record, (copy) => {
      copy.proposal.banks.push(copy.proposal.banks[0]);
    });
    const differences = replayCalculation(extraBank, noProfile).differences;
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ path: 'proposal.banks[2]', recomputed: undefined });

    const otherId = tampered(record, (copy) => {
      copy.proposal.banks[0].uuid = 'not-drawn';
    });
    // The recorded ids are replayed in draw order, so a changed id comes back as recorded; only a dropped one differs.
    expect(replayCalculation(otherId, noProfile).differences).toEqual([]);
    const noBankId = tampered(record, (copy) => {
      delete copy.proposal.banks[0].uuid;
    });
    // Ids are replayed by position, so every later id shifts as well: the differences start at the missing one.
    expect(replayCalculation(noBankId, noProfile).differences).toContainEqual({ path: 'proposal.banks[0].uuid', recorded: undefined, recomputed: 'id-3' });
  });

  it('reports a recorded request that is not in its normalised form', () => {
    const record = proposed(aRequest([aBank([aDeposit({ apy: '5' })])]));
    const changed = tampered(record, (copy) => {
      copy.request.new_banks[0].new_deposits[0].apy = '+05';
    });
    expect(replayCalculation(changed, noProfile).differences).toEqual([
      { path: 'request.new_banks[0].new_deposits[0].apy', recorded: '+05', recomputed: '5' },
    ]);
  });

  it('re-evaluates the findings against the given profile facts and reports a tampered or missing finding', () => {
    const record = proposed(flaggedRequest, facts);
    expect(record.best_interest!.findings.map((finding) => finding.rule)).toEqual(['deposit-insurance', 'concentration', 'liquidity', 'horizon']);
    const uninsured = record.best_interest!.findings[0]!.figures.uninsured_amount;
    const changed = tampered(record, (copy) => {
      copy.best_interest.findings[0].figures.uninsured_amount = '1.00';
      copy.best_interest.findings.pop();
    });
    expect(replayCalculation(changed, known()).differences).toEqual([
      { path: 'best_interest.findings[0].figures.uninsured_amount', recorded: '1.00', recomputed: uninsured },
      expect.objectContaining({ path: 'best_interest.findings[3]', recorded: undefined }),
    ]);
    // Facts other than those of the time give other findings: the caller must pass the profile as it was.
    const later = replayCalculation(record, known({ liquidity_needs: null, time_horizon_years: '10' })).differences;
    expect(later.length).toBeGreaterThan(0);
  });

  it('evaluates with the thresholds recorded with the findings, not the defaults of today', () => {
    const config = { insuranceLimit: '100000', concentrationShare: '0.99' };
    const record = proposed(flaggedRequest, facts, config);
    const withDefaults = evaluateBestInterest(fromPortfolioResponse(record.proposal), facts).findings;
    expect(withDefaults).not.toEqual(record.best_interest!.findings);
    expect(replayCalculation(record, known())).toEqual({ differences: [], unverified: [] });
  });

  it('leaves findings unverified when the profile of the time is unknown, or when findings and profile do not match', () => {
    const record = proposed(flaggedRequest, facts);
    expect(replayCalculation(record, { kind: 'unknown', reason: 'profile p did not exist then' })).toEqual({
      differences: [],
      unverified: ['best_interest: profile p did not exist then'],
    });
    expect(replayCalculation(record, noProfile).unverified).toEqual(['best_interest: findings were recorded for a portfolio without a profile']);
    expect(replayCalculation(proposed(flaggedRequest), known()).unverified).toEqual([
      'best_interest: the portfolio belongs to a profile but no best-interest evaluation was recorded',
    ]);
  });

  it('cannot recompute a recorded request that no longer parses, and says where it fails', () => {
    const record = tampered(proposed(flaggedRequest), (copy) => {
      copy.request.new_banks[0].new_deposits[0].account_type = 'Unspecified';
    });
    const replay = replayCalculation(record, noProfile);
    expect(replay.differences).toEqual([]);
    expect(replay.unverified).toHaveLength(1);
    expect(replay.unverified[0]).toMatch(/^request: the recorded request is no longer valid \(new_banks\[0\]\.new_deposits\[0\]\.account_type must be one of/);
  });
});
