import { isLeft } from 'fp-ts/lib/Either.js';
import type { BestInterestConfig } from '../domain/bestInterest/ruleSet.js';
import type { PortfolioState, PortfolioView } from '../domain/portfolio/portfolioDecider.js';
import type { PortfolioRequest } from '../domain/portfolioRequest.js';
import type { ProfileState, ProfileView } from '../domain/profile/profileState.js';
import type { Instant, PortfolioId, UserId } from '../domain/profile/profileValues.js';
import { canAdviseProfile, canChangePortfolio, canReadPortfolio } from './access.js';
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
import { hasRole, type Principal } from './principal.js';
import { portfolioAggregate } from './portfolioAggregate.js';
import { profileAggregate } from './profileAggregate.js';
import { loadSnapshot, newStreamSnapshot, type StreamSnapshot } from './streamSnapshot.js';

/** Portfolio use cases also need the best-interest thresholds in force. */
export interface PortfolioServices extends CommandServices {
  readonly bestInterestConfig?: BestInterestConfig;
}

/** Renders a portfolio command's response from the portfolio as the command left it. */
export type PortfolioRender = (after: StreamSnapshot<PortfolioView>) => StoredResponse;

const noSuchPortfolio = rejected('not-found', 'No such portfolio.');
const notTheirs = rejected('forbidden', 'Only the advisor who proposed this portfolio revises or withdraws it.');

/**
 * Proposes a portfolio. With a profile, the proposal is evaluated against it (best-interest findings recorded with the
 * proposal) and linked to it in the same atomic commit: the profile moves to Proposed, and `If-Match` is checked against
 * the profile's version.
 */
export const proposePortfolio = (
  services: PortfolioServices,
  context: CommandContext,
  principal: Principal,
  request: PortfolioRequest,
  profileId: string | null,
  render: PortfolioRender,
): Promise<CommandResult> => {
  const attempt = async (): Promise<CommandResult> => {
    const portfolioId = services.newId();
    const now = services.clock();
    // A freshly generated id names no stream yet: deciding on the empty state costs no read.
    const before = newStreamSnapshot(portfolioAggregate, streamIdOf(portfolioAggregate, portfolioId));
    let profile: StreamSnapshot<ProfileState> | undefined;
    if (profileId !== null) {
      profile = await snapshotForCommand(services, profileAggregate, streamIdOf(profileAggregate, profileId));
      if (profile.state === null || !canAdviseProfile(principal, profile.state)) {
        return rejected('invalid-command', 'No such profile among those you advise.', { path: 'profile_uuid', value: profileId });
      }
    }
    // If-Match names the profile the proposal is for, as the advisor last read it; without one, the new portfolio.
    const unmet = precondition(context, profile ?? before);
    if (unmet !== undefined) return unmet;
    const proposed = portfolioAggregate.decider.decide(
      {
        kind: 'ProposePortfolio',
        portfolioId,
        advisorId: context.actor,
        request,
        calculation: { newId: services.newId, createdAt: now },
        profile: profile?.state ? { profileId: profile.state.profile_id, facts: profile.state, version: profile.version } : null,
        ...(services.bestInterestConfig === undefined ? {} : { bestInterestConfig: services.bestInterestConfig }),
      },
      before.state,
    );
    if (isLeft(proposed)) return { kind: 'rejected', rejection: proposed.left };
    const changes: StreamChange[] = [changeOf(portfolioAggregate, before, proposed.right)];
    if (profile !== undefined) {
      const linked = profileAggregate.decider.decide(
        { command: { type: 'LinkProposal', portfolio_id: portfolioId as PortfolioId }, meta: { actor: context.actor as UserId, at: now as Instant } },
        profile.state,
      );
      if (isLeft(linked)) return { kind: 'rejected', rejection: linked.left };
      changes.push(changeOf(profileAggregate, profile, linked.right));
    }
    return commitChanges(services, context, changes, ([after]) => render(after as StreamSnapshot<PortfolioView>), now);
  };
  return runCommand(services, context, attempt, profileId === null ? [] : [streamIdOf(profileAggregate, profileId)]);
};

/** Revises a proposal with new inputs: recalculated, and re-evaluated against the linked profile as it is now. */
export const revisePortfolio = (
  services: PortfolioServices,
  context: CommandContext,
  principal: Principal,
  portfolioId: string,
  request: PortfolioRequest,
  render: PortfolioRender,
): Promise<CommandResult> =>
  changePortfolio(services, context, principal, portfolioId, render, (profile, now) => ({
    kind: 'RevisePortfolio',
    request,
    calculation: { newId: services.newId, createdAt: now },
    profile: profile?.state ? { facts: profile.state, version: profile.version } : null,
    ...(services.bestInterestConfig === undefined ? {} : { bestInterestConfig: services.bestInterestConfig }),
  }));

/** Withdraws a proposal: it leaves every ranking, its history stays. */
export const withdrawPortfolio = (
  services: PortfolioServices,
  context: CommandContext,
  principal: Principal,
  portfolioId: string,
  reason: string | null,
  render: PortfolioRender,
): Promise<CommandResult> =>
  changePortfolio(services, context, principal, portfolioId, render, (_, now) => ({ kind: 'WithdrawPortfolio', reason, at: now }));

/**
 * True once the client applied for this proposal: what they signed must stay as it was. An application that names no
 * proposal covers every proposal linked to the profile when it was made, not those proposed after it.
 */
const appliedFor = (profile: ProfileView | null, portfolioId: string): boolean => {
  const application = profile?.application;
  if (application == null) return false;
  if (application.portfolio_id !== null) return application.portfolio_id === portfolioId;
  return profile!.linked_portfolios.some((link) => link.portfolio_id === portfolioId && link.linked_at <= application.submitted_at);
};

const changePortfolio = (
  services: PortfolioServices,
  context: CommandContext,
  principal: Principal,
  portfolioId: string,
  render: PortfolioRender,
  /** The command, given the linked profile as it is now (null without one) and the decision's instant. */
  command: (profile: StreamSnapshot<ProfileState> | null, now: string) => Parameters<typeof portfolioAggregate.decider.decide>[0],
): Promise<CommandResult> => {
  const streamId = streamIdOf(portfolioAggregate, portfolioId);
  const attempt = async (): Promise<CommandResult> => {
    const before = await snapshotForCommand(services, portfolioAggregate, streamId);
    if (before.state.status === 'none') return noSuchPortfolio;
    // Whoever may read the portfolio is told it is not theirs to change; anyone else, that it does not exist.
    if (!canChangePortfolio(principal, before.state)) return canReadPortfolio(principal, before.state, null) ? notTheirs : noSuchPortfolio;
    const unmet = precondition(context, before);
    if (unmet !== undefined) return unmet;
    const profile =
      before.state.profile_id === null ? null : await loadSnapshot(services.store, profileAggregate, streamIdOf(profileAggregate, before.state.profile_id));
    if (appliedFor(profile?.state ?? null, portfolioId)) {
      return rejected('invalid-transition', 'The client has applied for this proposal; it can no longer change.');
    }
    const now = services.clock();
    const decision = portfolioAggregate.decider.decide(command(profile, now), before.state);
    if (isLeft(decision)) return { kind: 'rejected', rejection: decision.left };
    const changes = [changeOf(portfolioAggregate, before, decision.right)];
    // Decided on the profile as read (not applied for, its facts for the findings): it must not move before the commit.
    if (profile !== null) changes.push(changeOf(profileAggregate, profile, []));
    return commitChanges(services, context, changes, ([after]) => render(after as StreamSnapshot<PortfolioView>), now);
  };
  return runCommand(services, context, attempt, [streamId]);
};

/** A portfolio as the principal may see it, now or as of a version or instant; undefined if absent or not theirs. */
export const readPortfolio = async (
  services: Pick<CommandServices, 'store'>,
  principal: Principal,
  portfolioId: string,
  bound?: ReadBound,
): Promise<StreamSnapshot<PortfolioView> | undefined> => {
  const snapshot: StreamSnapshot<PortfolioState> = await loadSnapshot(services.store, portfolioAggregate, streamIdOf(portfolioAggregate, portfolioId), bound);
  const portfolio = snapshot.state;
  if (portfolio.status === 'none') return undefined;
  let owner: string | null = null;
  // Only a client's reading depends on whose profile it is: look that up for no one else.
  if (portfolio.profile_id !== null && hasRole(principal, 'client') && !canReadPortfolio(principal, portfolio, null)) {
    const profile = await loadSnapshot(services.store, profileAggregate, streamIdOf(profileAggregate, portfolio.profile_id));
    owner = profile.state?.client_id ?? null;
  }
  return canReadPortfolio(principal, portfolio, owner) ? { ...snapshot, state: portfolio } : undefined;
};
