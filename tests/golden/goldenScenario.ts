import * as E from 'fp-ts/lib/Either.js';
import { streamIdOf } from '../../application/aggregateType.js';
import type { CommandContext, CommandResult } from '../../application/commandExecution.js';
import type { EventStore, StoredResponse, StreamId } from '../../application/ports/eventStore.js';
import { proposePortfolio, revisePortfolio, withdrawPortfolio, type PortfolioServices } from '../../application/portfolioUseCases.js';
import { portfolioAggregate } from '../../application/portfolioAggregate.js';
import { actorIdFrom, type Principal, type Role } from '../../application/principal.js';
import { profileAggregate } from '../../application/profileAggregate.js';
import { changeProfile, createProfile } from '../../application/profileUseCases.js';
import { SnapshotCache, type StreamSnapshot } from '../../application/streamSnapshot.js';
import type { PortfolioView } from '../../domain/portfolio/portfolioDecider.js';
import type { FieldProblem } from '../../domain/problem.js';
import { parsePortfolioRequest } from '../../domain/portfolioRequestParser.js';
import {
  parseAccountOpeningBody,
  parseApplicationBody,
  parseComplianceReviewBody,
  parseCreateProfileBody,
  parseObjectivesBody,
  parseRiskAssessmentBody,
  parseTargetAllocationBody,
} from '../../domain/profile/profileCommandBodies.js';
import { profileIdFrom } from '../../domain/profile/profileValues.js';
import type { CalendarDate } from '../../domain/values.js';

/**
 * The story behind the golden corpus, run through the real use cases (so the events are exactly what the service
 * commits): a profile goes through its whole lifecycle while one portfolio is proposed for it (best-interest findings
 * of every rule), revised after a new risk assessment (findings against the new facts), and another portfolio without
 * a profile is proposed, revised and withdrawn. Every event type of both aggregates occurs. Ids and the clock are
 * deterministic, so the same store contents come out every run (except commit ids, which the store draws itself).
 */

/** One stream the scenario writes, with the name its golden file gets. */
export interface GoldenStream {
  readonly label: string;
  readonly streamId: StreamId;
  readonly description: string;
}

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const principal = (sub: string, role: Role): Principal => ({ sub: actorIdFrom(sub)!, roles: new Set([role]) });

const parsed = <A>(result: E.Either<ReadonlyArray<FieldProblem>, A>): A => {
  if (E.isLeft(result)) throw new Error(`scenario input is invalid: ${JSON.stringify(result.left)}`);
  return result.right;
};

const rendered: StoredResponse = { status: 200, headers: {}, body: '' };
const render = (): StoredResponse => rendered;

const done = async (step: string, result: Promise<CommandResult>): Promise<void> => {
  const outcome = await result;
  if (outcome.kind !== 'done') throw new Error(`scenario step "${step}" failed: ${JSON.stringify(outcome)}`);
};

/** The request of the portfolio proposed for the profile: large enough at one bank to trip every rule. */
export const proposalForProfile = {
  new_delta: { period: '1', period_unit: 'Month' },
  new_banks: [
    {
      name: 'HARBOR-TRUST',
      bank_tz: 'America/New_York',
      new_deposits: [
        { account: 'HT-0001', account_type: 'CertificateOfDeposit', apy: '4.10', years: '3', amount: '300000', start_date_in_bank_tz: '2026-11-02' },
        { account: 'HT-0002', account_type: 'BrokerageCertificateOfDeposit', apy: '4.5', years: '1', amount: '10000.50', start_date_in_bank_tz: '2026-11-02' },
      ],
    },
    {
      name: 'PRAIRIE-SAVINGS',
      bank_tz: 'America/Chicago',
      new_deposits: [{ account: 'PS-0001', account_type: 'Savings', apy: '2.5', years: '7.25', amount: '50000', start_date_in_bank_tz: '2026-11-15' }],
    },
  ],
};

const revisionForProfile = {
  new_delta: { period: '2', period_unit: 'Week' },
  new_banks: [
    {
      name: 'HARBOR-TRUST',
      bank_tz: 'America/New_York',
      new_deposits: [{ account: 'HT-0001', account_type: 'CertificateOfDeposit', apy: '4.10', years: '3', amount: '240000', start_date_in_bank_tz: '2026-11-20' }],
    },
    {
      name: 'PRAIRIE-SAVINGS',
      bank_tz: 'America/Chicago',
      new_deposits: [{ account: 'PS-0001', account_type: 'Savings', apy: '2.5', years: '7.25', amount: '60000', start_date_in_bank_tz: '2026-11-20' }],
    },
  ],
};

const proposalWithoutProfile = {
  new_delta: { period: '10', period_unit: 'Day' },
  new_banks: [
    {
      name: 'MOUNTAIN',
      bank_tz: 'America/Denver',
      new_deposits: [
        { account: '1234N', account_type: 'Checking', apy: '0.01', years: '10', amount: '100', start_date_in_bank_tz: '2018-12-31' },
        { account: '1256N', account_type: 'CertificateOfDeposit', apy: '5.40', years: '2.5', amount: '50000', start_date_in_bank_tz: '2018-04-07' },
      ],
    },
    {
      name: 'VISION-BANK',
      bank_tz: 'America/Los_Angeles',
      new_deposits: [{ account: '3833N', account_type: 'Savings', apy: '3.75', years: '20', amount: '10000.50', start_date_in_bank_tz: '2024-02-16' }],
    },
  ],
};

const revisionWithoutProfile = {
  new_delta: { period: '1', period_unit: 'Year' },
  new_banks: [
    {
      name: 'VISION-BANK',
      bank_tz: 'America/Los_Angeles',
      new_deposits: [
        { account: '1235N', account_type: 'BrokerageCertificateOfDeposit', apy: '5', years: '7', amount: '10990', start_date_in_bank_tz: '2023-02-16' },
        { account: '9898N', account_type: 'CertificateOfDeposit', apy: '2.22', years: '1.5', amount: '5500', start_date_in_bank_tz: '2023-11-23' },
      ],
    },
  ],
};

/** Runs the scenario on an (empty) event store and names the streams it wrote. */
export const runGoldenScenario = async (store: EventStore): Promise<ReadonlyArray<GoldenStream>> => {
  let ids = 0;
  const newId = (): string => uuid((ids += 1));
  let minutes = 0;
  const clock = (): string => new Date(Date.parse('2026-11-02T09:00:00.000Z') + (minutes += 1) * 60_000).toISOString();
  const services: PortfolioServices = { store, cache: new SnapshotCache(), clock, newId };
  const advisor = principal('advisor-1', 'advisor');
  const compliance = principal('compliance-1', 'compliance');
  const context = (actor: Principal): CommandContext => ({ actor: actor.sub, correlationId: newId(), causationId: newId() });

  const profileId = newId();
  await done(
    'create profile',
    createProfile(
      services,
      context(advisor),
      parsed(
        parseCreateProfileBody(
          {
            client_id: 'client-7',
            client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
            investment_objectives: ['income', 'capital_preservation'],
            risk_score: 40,
            time_horizon_years: '5',
            liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
            target_allocation: { bonds: '60', us_equity: '30', cash: '10' },
            existing_holdings: [{ plan_name: 'Acme 401(k)', plan_type: '401k', balance: '182000.55', annual_fee_percent: '0.85' }],
          },
          { profileId: profileIdFrom(profileId)!, today: '2026-11-02' as CalendarDate },
        ),
      ),
      render,
    ),
  );
  const change = (step: string, actor: Principal, command: Parameters<typeof changeProfile>[4]) =>
    done(step, changeProfile(services, context(actor), actor, profileId, command, render));
  await change('set objectives', advisor, parsed(parseObjectivesBody({ investment_objectives: ['income', 'growth'] })));
  await change('set target allocation', advisor, parsed(parseTargetAllocationBody({ target_allocation: { bonds: '50', us_equity: '35', cash: '15' } })));

  // The id of a proposed portfolio is drawn inside the use case; its response renders the portfolio, so take it there.
  const propose = async (step: string, request: unknown, forProfile: string | null): Promise<string> => {
    let portfolioId: string | undefined;
    const capture = (after: StreamSnapshot<PortfolioView>): StoredResponse => {
      portfolioId = after.state.portfolio_id;
      return rendered;
    };
    await done(step, proposePortfolio(services, context(advisor), advisor, parsed(parsePortfolioRequest(request)), forProfile, capture));
    return portfolioId!;
  };
  const withProfile = await propose('propose for profile', proposalForProfile, profileId);
  await change(
    'assess risk',
    advisor,
    parsed(
      parseRiskAssessmentBody({
        risk_score: 55,
        time_horizon_years: '10',
        liquidity_needs: { amount: '5000.00', needed_by: '2030-01-01' },
        notes: 'longer horizon after the review call',
      }),
    ),
  );
  await done('revise for profile', revisePortfolio(services, context(advisor), advisor, withProfile, parsed(parsePortfolioRequest(revisionForProfile)), render));

  const withoutProfile = await propose('propose without profile', proposalWithoutProfile, null);
  await done(
    'revise without profile',
    revisePortfolio(services, context(advisor), advisor, withoutProfile, parsed(parsePortfolioRequest(revisionWithoutProfile)), render),
  );
  await done('withdraw', withdrawPortfolio(services, context(advisor), advisor, withoutProfile, 'client chose another proposal', render));

  await change('review', compliance, parsed(parseComplianceReviewBody({ outcome: 'needs_changes', notes: 'document the liquidity plan' })));
  await change('apply', advisor, parsed(parseApplicationBody({ portfolio_id: withProfile })));
  await change('open account', advisor, parsed(parseAccountOpeningBody({ account_number_last4: '9876', custodian: 'Fidelity' })));

  return [
    {
      label: 'profile-lifecycle',
      streamId: streamIdOf(profileAggregate, profileId),
      description: 'A profile from creation to account opening: every profile event type.',
    },
    {
      label: 'portfolio-for-profile',
      streamId: streamIdOf(portfolioAggregate, withProfile),
      description: 'Proposed for the profile (findings of every rule), revised after a new risk assessment (findings against the new facts).',
    },
    {
      // The same stream, written again once proposals recorded their profile version (schema version 2).
      label: 'portfolio-for-profile-v2',
      streamId: streamIdOf(portfolioAggregate, withProfile),
      description: 'As portfolio-for-profile, at schema version 2: each proposal records the profile version its findings were evaluated on.',
    },
    {
      label: 'portfolio-without-profile',
      streamId: streamIdOf(portfolioAggregate, withoutProfile),
      description: 'Proposed without a profile (no findings), revised with fractional years, withdrawn.',
    },
  ];
};
