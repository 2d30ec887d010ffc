import { isLeft } from 'fp-ts/lib/Either.js';
import type { CreateProfile, ProfileCommand } from '../domain/profile/profileCommands.js';
import type { ProfileState, ProfileView } from '../domain/profile/profileState.js';
import type { Instant, UserId } from '../domain/profile/profileValues.js';
import { canAdviseProfile, canReadProfile, canReviewProfile } from './access.js';
import { streamIdOf } from './aggregateType.js';
import {
  changeOf,
  commitChanges,
  precondition,
  rejected,
  runCommand,
  snapshotForCommand,
  type CommandContext,
  type CommandResult,
  type CommandServices,
  type StreamChange,
} from './commandExecution.js';
import type { ReadBound, StoredResponse } from './ports/eventStore.js';
import type { Principal } from './principal.js';
import { portfolioAggregate } from './portfolioAggregate.js';
import { profileAggregate } from './profileAggregate.js';
import { loadSnapshot, newStreamSnapshot, type StreamSnapshot } from './streamSnapshot.js';

/** Renders a profile command's response from the profile as the command left it. */
export type ProfileRender = (after: StreamSnapshot<ProfileView>) => StoredResponse;

const notFound = rejected('not-found', 'No such profile.');

/** Creates a profile in Draft; the creating advisor advises it. */
export const createProfile = (
  services: CommandServices,
  context: CommandContext,
  command: CreateProfile,
  render: ProfileRender,
): Promise<CommandResult> => decideAndCommit(services, context, command, command.profile_id, () => true, render, true);

/**
 * Applies a command to an existing profile: only its advisor may change it, and only compliance records reviews;
 * anyone else is told the profile does not exist.
 */
export const changeProfile = (
  services: CommandServices,
  context: CommandContext,
  principal: Principal,
  profileId: string,
  command: ProfileCommand,
  render: ProfileRender,
): Promise<CommandResult> =>
  decideAndCommit(
    services,
    context,
    command,
    profileId,
    (profile) => (command.type === 'RecordComplianceReview' ? canReviewProfile(principal) : canAdviseProfile(principal, profile)),
    render,
    false,
    command.type === 'SubmitApplication' ? (profile) => proposalStands(services, profile, command.portfolio_id) : undefined,
  );

/** What a check against other aggregates found: a refusal, or the snapshots the command relies on. */
type GuardOutcome = { readonly refused: CommandResult } | { readonly relied: ReadonlyArray<StreamChange> };

const refusal = (...why: Parameters<typeof rejected>): GuardOutcome => ({ refused: rejected(...why) });

/** A commit holds at most 100 items: the profile's change and the proposals it holds. */
const maxHeldProposals = 99;

/**
 * A client applies only for a proposal that stands: not for one that was withdrawn, nor one that changes before the
 * application is committed (the commit holds it to the version read). An application that names no proposal covers
 * every proposal that stands, so it holds them all, and needs at least one. Only proposals linked to the profile are
 * read: for any other id the profile itself refuses, saying nothing about that portfolio.
 */
const proposalStands = async (services: CommandServices, profile: ProfileView, named: string | null): Promise<GuardOutcome | undefined> => {
  const linked = profile.linked_portfolios.map((link) => link.portfolio_id);
  const candidates = named === null ? linked : linked.filter((id) => id === named);
  if (candidates.length === 0) return undefined;
  if (candidates.length > maxHeldProposals) {
    return refusal('invalid-command', `Profile ${profile.profile_id} has ${candidates.length} proposals: name the one applied for.`, { path: 'portfolio_id', value: null });
  }
  const portfolios = await Promise.all(candidates.map((id) => loadSnapshot(services.store, portfolioAggregate, streamIdOf(portfolioAggregate, id))));
  const standing = portfolios.filter((portfolio) => portfolio.state.status !== 'withdrawn');
  if (standing.length > 0) return { relied: standing.map((portfolio) => changeOf(portfolioAggregate, portfolio, [])) };
  return named === null
    ? refusal('invalid-transition', `Every portfolio proposed for profile ${profile.profile_id} was withdrawn: there is none to apply for.`)
    : refusal('invalid-command', `Portfolio ${named} was withdrawn.`, { path: 'portfolio_id', value: named });
};

const decideAndCommit = (
  services: CommandServices,
  context: CommandContext,
  command: ProfileCommand,
  profileId: string,
  allowed: (profile: ProfileView) => boolean,
  render: ProfileRender,
  newStream = false,
  /** A check against another aggregate, made before deciding on the profile as read (it may refuse the command). */
  guard?: (profile: ProfileView) => Promise<GuardOutcome | undefined>,
): Promise<CommandResult> => {
  const streamId = streamIdOf(profileAggregate, profileId);
  const attempt = async (): Promise<CommandResult> => {
    // A freshly generated id names no stream yet: deciding on the empty state costs no read.
    const before = newStream ? newStreamSnapshot(profileAggregate, streamId) : await snapshotForCommand(services, profileAggregate, streamId);
    // A profile that does not exist is not found before any precondition: a 412 would tell it apart from one not theirs.
    if (before.state === null ? !newStream : !allowed(before.state)) return notFound;
    const unmet = precondition(context, before);
    if (unmet !== undefined) return unmet;
    const guarded = before.state === null ? undefined : await guard?.(before.state);
    if (guarded !== undefined && 'refused' in guarded) return guarded.refused;
    const now = services.clock();
    const decision = profileAggregate.decider.decide({ command, meta: { actor: context.actor as UserId, at: now as Instant } }, before.state);
    if (isLeft(decision)) return { kind: 'rejected', rejection: decision.left };
    const changes = [changeOf(profileAggregate, before, decision.right), ...(guarded === undefined ? [] : guarded.relied)];
    return commitChanges(services, context, changes, ([after]) => render(after as StreamSnapshot<ProfileView>), now);
  };
  return runCommand(services, context, attempt, [streamId]);
};

/** A profile as the principal may see it, now or as of a version or instant; undefined if absent or not theirs. */
export const readProfile = async (
  services: Pick<CommandServices, 'store'>,
  principal: Principal,
  profileId: string,
  bound?: ReadBound,
): Promise<StreamSnapshot<ProfileView> | undefined> => {
  const snapshot: StreamSnapshot<ProfileState> = await loadSnapshot(services.store, profileAggregate, streamIdOf(profileAggregate, profileId), bound);
  const profile = snapshot.state;
  return profile !== null && canReadProfile(principal, profile) ? { ...snapshot, state: profile } : undefined;
};
