import type { IssuedProfileCommand } from '../domain/profile/profileCommands.js';
import { profileDecider } from '../domain/profile/profileDecider.js';
import { profileEventCodec, profileEventSchemaVersion, type ProfileEvent } from '../domain/profile/profileEvents.js';
import type { ProfileState } from '../domain/profile/profileState.js';
import type { AggregateType } from './aggregateType.js';
import { storedEventDecoder } from './storedEventDecoder.js';

/** Client Investment Profiles: streams `profile-<id>`. */
export const profileAggregate: AggregateType<IssuedProfileCommand, ProfileEvent, ProfileState> = {
  streamPrefix: 'profile',
  decider: profileDecider,
  decode: storedEventDecoder(profileEventCodec, () => profileEventSchemaVersion),
  encode: (event) => ({ type: event.type, schemaVersion: profileEventSchemaVersion, data: event.data }),
};
