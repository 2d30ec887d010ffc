import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../domain/decider.js';
import type { Rejection } from '../../../domain/decider.js';
import type { ProfileCommand } from '../../../domain/profile/profileCommands.js';
import { profileDecider } from '../../../domain/profile/profileDecider.js';
import type { ProfileEvent } from '../../../domain/profile/profileEvents.js';
import type { ProfileState } from '../../../domain/profile/profileState.js';
import { portfolioIdFrom } from '../../../domain/profile/profileValues.js';
import { advisor, commands, link, meta, metaAt, profileIn, reviewer, run } from './support/profileFixtures.js';

const decide = (command: ProfileCommand, state: ProfileState, issuedMeta = meta) =>
  profileDecider.decide({ command, meta: issuedMeta }, state);

const eventsOf = (command: ProfileCommand, state: ProfileState, issuedMeta = meta): ReadonlyArray<ProfileEvent> => {
  const decision = decide(command, state, issuedMeta);
  if (E.isLeft(decision)) throw new Error(decision.left.message);
  return decision.right;
};

const rejectionOf = (command: ProfileCommand, state: ProfileState): Rejection => {
  const decision = decide(command, state);
  if (E.isRight(decision)) throw new Error(`expected a rejection, got ${JSON.stringify(decision.right)}`);
  return decision.left;
};

describe('CreateProfile', () => {
  it('creates a Draft profile whose advisor is the actor and whose times are the decision instant', () => {
    const events = eventsOf(commands.create(), null);
    expect(events.map((event) => event.type)).toEqual(['ProfileCreated']);
    const state = fold(profileDecider, events);
    expect(state).toMatchObject({
      profile_id: 'p-1',
      client_id: 'client-7',
      advisor_id: advisor,
      status: 'Draft',
      client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
      investment_objectives: ['income', 'capital_preservation'],
      risk_score: 40,
      time_horizon_years: '5',
      liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
      target_allocation: { bonds: '60', us_equity: '30', cash: '10' },
      existing_holdings: [{ plan_name: 'Acme 401(k)', plan_type: '401k', balance: '182000.55', annual_fee_percent: '0.85' }],
      linked_portfolios: [],
      compliance_reviews: [],
      application: null,
      account: null,
      created_at: '2026-11-22T10:00:00.000Z',
      updated_at: '2026-11-22T10:00:00.000Z',
    });
  });

  it('is rejected with already-exists when the profile exists', () => {
    expect(rejectionOf(commands.create(), profileIn('Draft')).kind).toBe('already-exists');
  });
});

describe('commands on a profile that does not exist', () => {
  it.each(Object.entries(commands).filter(([name]) => name !== 'create'))('%s is rejected with not-found', (_name, command) => {
    expect(rejectionOf(command(), null).kind).toBe('not-found');
  });
});

describe('amendments (risk assessment, objectives, target allocation)', () => {
  const later = metaAt('2026-11-23T08:30:00.000Z');

  it.each(['Draft', 'Proposed'] as const)('are applied while the profile is %s, keeping the status', (status) => {
    const before = profileIn(status);
    const { state } = run(
      [
        { command: commands.riskAssessment(), meta: later },
        { command: commands.objectives(), meta: later },
        { command: commands.targetAllocation(), meta: later },
      ],
      before,
    );
    expect(state).toMatchObject({
      status,
      risk_score: 55,
      time_horizon_years: '7.5',
      liquidity_needs: null,
      risk_assessment: { notes: 'after review call', assessed_at: '2026-11-23T08:30:00.000Z' },
      investment_objectives: ['growth'],
      target_allocation: { us_equity: '33.33', intl_equity: '33.33', bonds: '33.34' },
      created_at: before.created_at,
      updated_at: '2026-11-23T08:30:00.000Z',
    });
  });

  it.each([
    ['Applied', 'riskAssessment'],
    ['Applied', 'objectives'],
    ['Applied', 'targetAllocation'],
    ['AccountOpened', 'riskAssessment'],
    ['AccountOpened', 'objectives'],
    ['AccountOpened', 'targetAllocation'],
  ] as const)('are rejected with invalid-transition once the profile is %s (%s)', (status, command) => {
    const rejection = rejectionOf(commands[command](), profileIn(status));
    expect(rejection.kind).toBe('invalid-transition');
    expect(rejection.message).toContain(status);
  });
});

describe('LinkProposal', () => {
  it('moves a Draft profile to Proposed', () => {
    const { state } = run([link('portfolio-1')], profileIn('Draft'));
    expect(state?.status).toBe('Proposed');
    expect(state?.linked_portfolios).toEqual([{ portfolio_id: 'portfolio-1', linked_at: meta.at }]);
  });

  it.each(['Proposed', 'Applied', 'AccountOpened'] as const)('records another proposal on a %s profile without changing the status', (status) => {
    const { state } = run([link('portfolio-2')], profileIn(status));
    expect(state?.status).toBe(status);
    expect(state?.linked_portfolios.map((linked) => linked.portfolio_id)).toEqual(['portfolio-1', 'portfolio-2']);
  });

  it('decides nothing when the portfolio is linked already (a redelivered link is harmless)', () => {
    expect(eventsOf(link('portfolio-1'), profileIn('Proposed'))).toEqual([]);
  });
});

describe('SubmitApplication', () => {
  it('moves a Proposed profile to Applied for the named proposal', () => {
    const { state } = run([commands.application()], profileIn('Proposed'));
    expect(state?.status).toBe('Applied');
    expect(state?.application).toEqual({ portfolio_id: 'portfolio-1', submitted_at: meta.at });
  });

  it('accepts an application that names no proposal', () => {
    const { state } = run([{ type: 'SubmitApplication', portfolio_id: null }], profileIn('Proposed'));
    expect(state?.application).toEqual({ portfolio_id: null, submitted_at: meta.at });
  });

  it('is rejected with invalid-transition on a Draft profile (no proposal yet)', () => {
    const rejection = rejectionOf(commands.application(), profileIn('Draft'));
    expect(rejection).toMatchObject({ kind: 'invalid-transition' });
    expect(rejection.message).toMatch(/proposed/);
  });

  it.each(['Applied', 'AccountOpened'] as const)('is rejected with invalid-transition on an %s profile', (status) => {
    expect(rejectionOf(commands.application(), profileIn(status)).kind).toBe('invalid-transition');
  });

  it('is rejected with invalid-command for a portfolio that was not proposed for the profile', () => {
    const rejection = rejectionOf({ type: 'SubmitApplication', portfolio_id: portfolioIdFrom('portfolio-9')! }, profileIn('Proposed'));
    expect(rejection.kind).toBe('invalid-command');
    expect(rejection.message).toContain('portfolio-9');
  });
});

describe('RecordAccountOpening', () => {
  it('moves an Applied profile to AccountOpened, keeping only the last four digits', () => {
    const { state } = run([commands.accountOpening()], profileIn('Applied'));
    expect(state?.status).toBe('AccountOpened');
    expect(state?.account).toEqual({ account_number_last4: '9876', custodian: 'Fidelity', opened_at: meta.at });
  });

  it.each(['Draft', 'Proposed', 'AccountOpened'] as const)('is rejected with invalid-transition on a %s profile', (status) => {
    expect(rejectionOf(commands.accountOpening(), profileIn(status)).kind).toBe('invalid-transition');
  });
});

describe('RecordComplianceReview', () => {
  it.each(['Proposed', 'Applied', 'AccountOpened'] as const)(
    'accumulates reviews on a %s profile with the actor as reviewer, never changing the status',
    (status) => {
      const { state } = run(
        [
          { command: { type: 'RecordComplianceReview', outcome: 'needs_changes', notes: 'horizon too short' }, meta: metaAt('2026-11-24T09:00:00Z', reviewer) },
          { command: commands.review(), meta: metaAt('2026-11-25T09:00:00Z', reviewer) },
        ],
        profileIn(status),
      );
      expect(state?.status).toBe(status);
      expect(state?.compliance_reviews).toEqual([
        { outcome: 'needs_changes', notes: 'horizon too short', reviewer, reviewed_at: '2026-11-24T09:00:00Z' },
        { outcome: 'approved', notes: null, reviewer, reviewed_at: '2026-11-25T09:00:00Z' },
      ]);
      expect(state?.updated_at).toBe('2026-11-25T09:00:00Z');
    },
  );

  it('is rejected with invalid-transition on a Draft profile', () => {
    expect(rejectionOf(commands.review(), profileIn('Draft')).kind).toBe('invalid-transition');
  });

  it('is rejected with invalid-command when a rejection gives no reason', () => {
    expect(rejectionOf({ type: 'RecordComplianceReview', outcome: 'rejected', notes: null }, profileIn('Proposed')).kind).toBe(
      'invalid-command',
    );
  });
});

describe('evolve', () => {
  it('ignores events that cannot apply, so a state never leaves the lifecycle', () => {
    const created = eventsOf(commands.create(), null);
    const opened = eventsOf(commands.accountOpening(), profileIn('Applied'))[0]!;
    expect(profileDecider.evolve(null, opened)).toBeNull();
    const draft = fold(profileDecider, created);
    expect(profileDecider.evolve(draft, opened)).toBe(draft);
    expect(profileDecider.evolve(draft, created[0]!)).toBe(draft);
    const applied = eventsOf(commands.application(), profileIn('Proposed'))[0]!;
    expect(profileDecider.evolve(draft, applied)).toBe(draft);
    const accountOpened = profileIn('AccountOpened');
    expect(profileDecider.evolve(accountOpened, applied)).toBe(accountOpened);
  });
});
