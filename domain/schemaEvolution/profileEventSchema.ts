import { profileEventSchemaVersion, profileEventTypes, type ProfileEventType } from '../profile/profileEvents.js';
import { upcasterRegistry } from './upcasterRegistry.js';

/**
 * Current schema version of each profile event type (all at `profileEventSchemaVersion` so far). Changing a type's
 * data shape means: give it its own higher version here, add the upcaster below, and add golden events of the new
 * version under tests/golden (the old ones stay and must keep decoding).
 */
export const profileEventSchemaVersions: Readonly<Record<ProfileEventType, number>> = Object.fromEntries(
  profileEventTypes.map((type) => [type, profileEventSchemaVersion]),
) as Record<ProfileEventType, number>;

/** The schema history of profile events: every type is still at version 1, so no upcasters yet. */
export const profileEventSchema = upcasterRegistry('profile', profileEventSchemaVersions, []);
