import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { auditTrailEventSummary, portfolioEventSummary, profileEventSummary, undecodableEventSummary } from '../../../domain/audit/eventSummary.js';
import { fold } from '../../../domain/decider.js';
import { portfolioDecider } from '../../../domain/portfolio/portfolioDecider.js';
import type { PortfolioEvent } from '../../../domain/portfolio/portfolioEvents.js';
import {
  parseAccountOpeningBody,
  parseApplicationBody,
  parseComplianceReviewBody,
  parseCreateProfileBody,
  parseRiskAssessmentBody,
} from '../../../domain/profile/profileCommandBodies.js';
import { profileIdFrom } from '../../../domain/profile/profileValues.js';
import { aBank, aDeposit, aRequest, sequentialIds } from '../support/portfolioRequestBuilder.js';
import { commands, metaAt, parsed, run, today } from '../profile/support/profileFixtures.js';

// Distinctive PII and free text: none of it may appear in any summary.
const pii = { name: 'Zebulon Quartermaine', date_of_birth: '1971-03-04', email: 'zq@example.org', tax_id_last4: '8642' };
const freeText = ['NOTE-SAYS-ZEBULON', 'REASON-SAYS-ZEBULON'];

const profileHistory = () => {
  const create = parsed(
    parseCreateProfileBody(
      {
        client_id: 'client-7',
        client: pii,
        investment_objectives: ['income'],
        risk_score: 40,
        time_horizon_years: '5',
        liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
        target_allocation: { bonds: '60', cash: '40' },
        existing_holdings: [{ plan_name: 'Acme 401(k)', plan_type: '401k', balance: '182000.55', annual_fee_percent: '0.85' }],
      },
      { profileId: profileIdFrom('p-1')!, today },
    ),
  );
  return run([
    create,
    parsed(parseRiskAssessmentBody({ risk_score: 55, time_horizon_years: '7.5', liquidity_needs: null, notes: freeText[0] })),
    commands.objectives(),
    commands.targetAllocation(),
    commands.link(),
    { command: parsed(parseComplianceReviewBody({ outcome: 'needs_changes', notes: freeText[0] })), meta: metaAt('2026-11-22T11:00:00.000Z') },
    parsed(parseApplicationBody({ portfolio_id: 'portfolio-1' })),
    parsed(parseAccountOpeningBody({ account_number_last4: '9876', custodian: 'Fidelity' })),
  ]).events;
};

const portfolioHistory = (): PortfolioEvent[] => {
  const request = aRequest([aBank([aDeposit({ amount: '300000', years: '10' }), aDeposit({ account: '5678N' })], 'FIRST'), aBank([aDeposit()], 'SECOND')]);
  const calculation = { newId: sequentialIds(), createdAt: '2026-11-22T10:00:00.000Z' };
  const facts = { liquidity_needs: { amount: '1000.00', needed_by: '2025-01-01' }, time_horizon_years: '5' };
  const events: PortfolioEvent[] = [];
  const step = (command: Parameters<typeof portfolioDecider.decide>[0]) => {
    const decision = portfolioDecider.decide(command, fold(portfolioDecider, events));
    if (E.isLeft(decision)) throw new Error(decision.left.message);
    events.push(...decision.right);
  };
  step({ kind: 'ProposePortfolio', portfolioId: 'pf-1', advisorId: 'advisor-1', request, calculation, profile: { profileId: 'p-1', facts, version: 1 } });
  step({ kind: 'RevisePortfolio', request: aRequest([aBank([aDeposit()])]), calculation, profile: null });
  step({ kind: 'WithdrawPortfolio', reason: freeText[1]!, at: '2026-11-23T10:00:00.000Z' });
  return events;
};

describe('event summaries', () => {
  it('summarise every profile event type in one line, with its figures and ids', () => {
    const summaries = profileHistory().map(profileEventSummary);
    expect(summaries).toEqual([
      'Profile created in Draft by advisor advisor-1 for client client-7: risk score 40, horizon 5 years, objectives income, 1 existing holding.',
      'Risk assessed: risk score 55, horizon 7.5 years, no liquidity needs (with notes).',
      'Investment objectives set to growth.',
      'Target allocation set to us_equity 33.33 %, intl_equity 33.33 %, bonds 33.34 %.',
      'Portfolio portfolio-1 proposed for this profile.',
      'Compliance review by advisor-1: needs_changes (with notes).',
      'Application submitted (Proposed → Applied) for portfolio portfolio-1.',
      'Account ending 9876 opened at Fidelity (Applied → AccountOpened).',
    ]);
  });

  it('summarise portfolio events with banks, deposits, totals and the best-interest findings', () => {
    const [proposed, revised, withdrawn] = portfolioHistory().map(portfolioEventSummary);
    expect(proposed).toMatch(/^Portfolio proposed by advisor advisor-1 for profile p-1: 2 banks, 3 deposits, amount 302000, growth [0-9.]+ per 1 Month, total at maturity [0-9.]+; [1-9]\d* best-interest findings? \(rule set [^)]+\)\.$/);
    expect(revised).toMatch(/^Portfolio revised \(revision 1\): 1 bank, 1 deposit, amount 1000, .*; no best-interest evaluation\.$/);
    expect(withdrawn).toBe('Portfolio withdrawn (reason given).');
  });

  it('never contain client PII or free text', () => {
    const summaries = [...profileHistory().map(profileEventSummary), ...portfolioHistory().map(portfolioEventSummary)];
    for (const summary of summaries) {
      for (const secret of [...Object.values(pii), 'Zebulon', 'Quartermaine', ...freeText]) expect(summary).not.toContain(secret);
      expect(summary).not.toContain('\n');
    }
  });

  it('summarise an audit read with its parameters, and an undecodable event by its type only', () => {
    expect(auditTrailEventSummary({ type: 'AuditRead', data: { resource: '/profiles/p-1', query: { as_of: '2026-01-01T00:00:00Z' }, at: '2026-11-22T10:00:00.000Z' } })).toBe(
      'Audit read of /profiles/p-1?as_of=2026-01-01T00:00:00Z.',
    );
    expect(undecodableEventSummary('ProfileMerged', 3)).toBe('ProfileMerged (schema version 3): not readable by this version of the service.');
  });
});
