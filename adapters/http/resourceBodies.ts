import type { StreamSnapshot } from '../../application/streamSnapshot.js';
import type { PortfolioView } from '../../domain/portfolio/portfolioDecider.js';
import type { ProfileView } from '../../domain/profile/profileState.js';

/** The portfolio as the API shows it: the compatible response of its current proposal, plus our own fields. */
export const portfolioBody = ({ state, version }: StreamSnapshot<PortfolioView>) => ({
  ...state.proposal,
  status: state.status,
  version,
  revision: state.revision,
  profile_uuid: state.profile_id,
  best_interest: state.best_interest,
  withdrawal: state.withdrawal,
});

/** The profile as the API shows it, with its stream version. */
export const profileBody = ({ state, version }: StreamSnapshot<ProfileView>) => ({ ...state, version });
