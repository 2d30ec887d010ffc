import * as E from 'fp-ts/lib/Either.js';
import type { Decider, Rejection } from '../decider.js';
import type { IssuedProfileCommand, ProfileCommand } from './profileCommands.js';
import type { ProfileEvent } from './profileEvents.js';
import { evolveProfile, initialProfileState } from './profileState.js';
import type { ProfileState, ProfileView } from './profileState.js';
import type { ProfileStatus } from './profileStatus.js';

type Decision = E.Either<Rejection, ReadonlyArray<ProfileEvent>>;

const reject = (kind: Rejection['kind'], message: string, at?: { readonly path: string; readonly value: unknown }): Decision =>
  E.left({ kind, message, ...(at === undefined ? {} : at) });
const emit = (...events: ReadonlyArray<ProfileEvent>): Decision => E.right(events);

/**
 * Objectives, risk assessment and target allocation may change while proposals are being prepared (Draft, Proposed).
 * Once the client has applied, the application and the account opened on it were made on exactly these figures, and
 * compliance reviews them as they were: changing them then would rewrite what the client signed. A changed situation
 * after that point calls for a new profile.
 */
const amendable: ReadonlyArray<ProfileStatus> = ['Draft', 'Proposed'];

const whenAmendable = (profile: ProfileView, what: string, events: () => Decision): Decision =>
  amendable.includes(profile.status)
    ? events()
    : reject(
        'invalid-transition',
        `The ${what} of profile ${profile.profile_id} can no longer change: it is ${profile.status}, and changes are allowed only while it is Draft or Proposed.`,
      );

const decideOnExisting = (command: Exclude<ProfileCommand, { type: 'CreateProfile' }>, profile: ProfileView, meta: IssuedProfileCommand['meta']): Decision => {
  const { at } = meta;
  switch (command.type) {
    case 'RecordRiskAssessment':
      return whenAmendable(profile, 'risk assessment', () =>
        emit({
          type: 'RiskAssessed',
          data: {
            risk_score: command.risk_score,
            time_horizon_years: command.time_horizon_years,
            liquidity_needs: command.liquidity_needs,
            notes: command.notes,
            at,
          },
        }),
      );
    case 'SetObjectives':
      return whenAmendable(profile, 'investment objectives', () =>
        emit({ type: 'ObjectivesSet', data: { investment_objectives: command.investment_objectives, at } }),
      );
    case 'SetTargetAllocation':
      return whenAmendable(profile, 'target allocation', () =>
        emit({ type: 'TargetAllocationSet', data: { target_allocation: command.target_allocation, at } }),
      );
    case 'LinkProposal':
      // Linking the same portfolio again changes nothing, so a redelivered link is harmless.
      return profile.linked_portfolios.some((link) => link.portfolio_id === command.portfolio_id)
        ? emit()
        : emit({ type: 'ProposalLinked', data: { portfolio_id: command.portfolio_id, at } });
    case 'SubmitApplication':
      if (profile.status !== 'Proposed') {
        return reject(
          'invalid-transition',
          profile.status === 'Draft'
            ? `Profile ${profile.profile_id} is Draft: a portfolio must be proposed for it before the client can apply.`
            : `Profile ${profile.profile_id} is ${profile.status}: the client has applied already.`,
        );
      }
      if (profile.linked_portfolios.length === 0) {
        return reject('invalid-transition', `Profile ${profile.profile_id} has no proposed portfolio to apply for.`);
      }
      if (command.portfolio_id !== null && !profile.linked_portfolios.some((link) => link.portfolio_id === command.portfolio_id)) {
        return reject('invalid-command', `Portfolio ${command.portfolio_id} was not proposed for profile ${profile.profile_id}.`, { path: 'portfolio_id', value: command.portfolio_id });
      }
      return emit({ type: 'ApplicationSubmitted', data: { portfolio_id: command.portfolio_id, at } });
    case 'RecordAccountOpening':
      if (profile.status !== 'Applied') {
        return reject(
          'invalid-transition',
          profile.status === 'AccountOpened'
            ? `Profile ${profile.profile_id} has its account opened already.`
            : `Profile ${profile.profile_id} is ${profile.status}: an account can be opened only after the client has applied.`,
        );
      }
      return emit({
        type: 'AccountOpened',
        data: { account_number_last4: command.account_number_last4, custodian: command.custodian, at },
      });
    case 'RecordComplianceReview':
      if (profile.status === 'Draft') {
        return reject('invalid-transition', `Profile ${profile.profile_id} is Draft: compliance reviews start once a portfolio is proposed.`);
      }
      if (command.outcome !== 'approved' && command.notes === null) {
        return reject('invalid-command', `A review with outcome ${command.outcome} must say why in its notes.`, { path: 'notes', value: command.notes });
      }
      return emit({
        type: 'ComplianceReviewRecorded',
        data: { outcome: command.outcome, notes: command.notes, reviewer: meta.actor, at },
      });
  }
};

/** Decides one issued command on the current profile state (pure: actor and time come in `meta`). */
export const decideProfile = ({ command, meta }: IssuedProfileCommand, state: ProfileState): Decision => {
  if (command.type === 'CreateProfile') {
    if (state !== null) return reject('already-exists', `Profile ${state.profile_id} exists already.`);
    return emit({
      type: 'ProfileCreated',
      data: {
        profile_id: command.profile_id,
        client_id: command.client_id,
        advisor_id: meta.actor,
        client: command.client,
        investment_objectives: command.investment_objectives,
        risk_score: command.risk_score,
        time_horizon_years: command.time_horizon_years,
        liquidity_needs: command.liquidity_needs,
        target_allocation: command.target_allocation,
        existing_holdings: command.existing_holdings,
        at: meta.at,
      },
    });
  }
  if (state === null) return reject('not-found', 'No such profile.');
  return decideOnExisting(command, state, meta);
};

/**
 * The Client Investment Profile aggregate (domain.md §5):
 * `Draft → Proposed (first LinkProposal) → Applied (SubmitApplication) → AccountOpened (RecordAccountOpening)`;
 * compliance reviews may be recorded from Proposed on and never change the status.
 */
export const profileDecider: Decider<IssuedProfileCommand, ProfileEvent, ProfileState> = {
  initialState: initialProfileState,
  decide: decideProfile,
  evolve: evolveProfile,
};
