import type { ProfileView } from '../domain/profile/profileState.js';
import { hasRole, isSubject, type Principal } from './principal.js';

/**
 * Resource-level authorization. Role checks per route happen at the edge; these decide whether a principal may see or
 * act on one particular resource. Whoever may not see a resource is told it does not exist (404), never that it does.
 */

/** Compliance reads every profile; an advisor the profiles they advise; a client only their own. */
export const canReadProfile = (principal: Principal, profile: ProfileView): boolean =>
  hasRole(principal, 'compliance') ||
  (hasRole(principal, 'advisor') && isSubject(principal, profile.advisor_id)) ||
  (hasRole(principal, 'client') && isSubject(principal, profile.client_id));

/** Only the profile's advisor changes it (compliance records reviews, checked separately). */
export const canAdviseProfile = (principal: Principal, profile: ProfileView): boolean =>
  hasRole(principal, 'advisor') && isSubject(principal, profile.advisor_id);

/** Compliance records reviews on any profile it can read. */
export const canReviewProfile = (principal: Principal): boolean => hasRole(principal, 'compliance');

/** Whom a portfolio was proposed for and by: what deciding who may read it needs (a stored state or a read model's). */
export interface PortfolioParties {
  readonly profile_id: string | null;
  readonly advisor_id: string | null;
}

/**
 * Compliance reads every portfolio; an advisor every portfolio proposed for no client (they see all rankings anyway) and
 * those they proposed for clients they advise, whose best-interest findings carry the client's own facts; a client only
 * a portfolio proposed for one of their own profiles (`owner` is that profile's client id, if any).
 */
export const canReadPortfolio = (principal: Principal, portfolio: PortfolioParties, owner: string | null): boolean =>
  hasRole(principal, 'compliance') ||
  // Only a profile's advisor can propose for it, so the proposing advisor is the profile's.
  (hasRole(principal, 'advisor') && (portfolio.profile_id === null || canChangePortfolio(principal, portfolio))) ||
  (hasRole(principal, 'client') && owner !== null && isSubject(principal, owner));

/** The advisor who proposed a portfolio revises or withdraws it. */
export const canChangePortfolio = (principal: Principal, portfolio: Pick<PortfolioParties, 'advisor_id'>): boolean =>
  hasRole(principal, 'advisor') && portfolio.advisor_id !== null && isSubject(principal, portfolio.advisor_id);
