/**
 * Lifecycle of a profile: `Draft → Proposed → Applied → AccountOpened`. A status only ever stays or moves one step
 * forward; there is no way back (a profile that must change after the application is replaced by a new profile).
 */
export const profileStatuses = ['Draft', 'Proposed', 'Applied', 'AccountOpened'] as const;
export type ProfileStatus = (typeof profileStatuses)[number];

/** True when the value names a status (case-sensitive), e.g. a `status` search parameter. */
export const isProfileStatus = (value: unknown): value is ProfileStatus =>
  (profileStatuses as ReadonlyArray<unknown>).includes(value);

/** Position in the lifecycle, for "at least Proposed" checks. */
export const statusRank = (status: ProfileStatus): number => profileStatuses.indexOf(status);

/** True when one event may take a profile from `from` to `to` (staying put, or exactly one step forward). */
export const isLifecycleStep = (from: ProfileStatus, to: ProfileStatus): boolean => {
  const step = statusRank(to) - statusRank(from);
  return step === 0 || step === 1;
};
