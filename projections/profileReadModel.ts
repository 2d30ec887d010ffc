import type { ProfileView } from '../domain/profile/profileState.js';
import type { ProfileStatus } from '../domain/profile/profileStatus.js';
import { profileStatuses } from '../domain/profile/profileStatus.js';
import type { ReadModelItem, ReadModelKey } from './readModelItem.js';
import { readModelKeys } from './readModelKeys.js';

/**
 * What a profile search returns for each profile: enough to pick one and fetch it, and no client PII (name, date of
 * birth, email and tax id stay in the event store and in `GET /profiles/{id}`).
 */
export interface ProfileSummary {
  readonly profile_id: string;
  readonly client_id: string;
  readonly advisor_id: string;
  readonly status: ProfileStatus;
  readonly created_at: string;
  readonly updated_at: string;
  readonly linked_portfolios: number;
  /** The profile stream's version the summary reflects. */
  readonly version: number;
}

/** The search items of a profile at one version, and what its state item records. */
export interface ProfileReadModel {
  readonly profileId: string;
  readonly version: number;
  readonly status: ProfileStatus;
  readonly clientId: string;
  readonly advisorId: string;
  /** The summary under the client's and under the advisor's partition, keyed by status then id. */
  readonly items: ReadonlyArray<ReadModelItem>;
}

/** The search items of a profile folded up to `version`. */
export const profileReadModel = (profile: ProfileView, version: number): ProfileReadModel => {
  const summary: ProfileSummary = {
    profile_id: profile.profile_id,
    client_id: profile.client_id,
    advisor_id: profile.advisor_id,
    status: profile.status,
    created_at: profile.created_at,
    updated_at: profile.updated_at,
    linked_portfolios: profile.linked_portfolios.length,
    version,
  };
  const attributes = { entry: JSON.stringify(summary), source_version: version };
  const sk = readModelKeys.profileSk(profile.status, profile.profile_id);
  return {
    profileId: profile.profile_id,
    version,
    status: profile.status,
    clientId: profile.client_id,
    advisorId: profile.advisor_id,
    items: [
      { pk: readModelKeys.profilesOfClient(profile.client_id), sk, attributes },
      { pk: readModelKeys.profilesOfAdvisor(profile.advisor_id), sk, attributes },
    ],
  };
};

/**
 * The search keys the profile would have in every status but `status`. Client and advisor never change and the sort
 * key is status then id, so deleting these after a status change removes the old entries without knowing the old status.
 */
export const profileKeysOutside = (model: Pick<ProfileReadModel, 'profileId' | 'clientId' | 'advisorId'>, status: ProfileStatus): ReadonlyArray<ReadModelKey> =>
  profileStatuses
    .filter((other) => other !== status)
    .flatMap((other) => {
      const sk = readModelKeys.profileSk(other, model.profileId);
      return [
        { pk: readModelKeys.profilesOfClient(model.clientId), sk },
        { pk: readModelKeys.profilesOfAdvisor(model.advisorId), sk },
      ];
    });
