import type { PortfolioView } from '../domain/portfolio/portfolioDecider.js';
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

/**
 * Advisors and compliance read every portfolio (they see all rankings anyway); a client reads a portfolio only when it
 * was proposed for one of their own profiles (`owner` is that profile's client id, if any).
 */
export const canReadPortfolio = (principal: Principal, owner: string | null): boolean =>
  hasRole(principal, 'advisor') || hasRole(principal, 'compliance') || (hasRole(principal, 'client') && owner !== null && isSubject(principal, owner));

/** The advisor who proposed a portfolio revises or withdraws it. */
export const canChangePortfolio = (principal: Principal, portfolio: PortfolioView): boolean =>
  hasRole(principal, 'advisor') && isSubject(principal, portfolio.advisor_id);
