import type { IssuedProfileCommand } from '../domain/profile/profileCommands.js';
import { profileDecider } from '../domain/profile/profileDecider.js';
import { profileEventCodec, type ProfileEvent } from '../domain/profile/profileEvents.js';
import type { ProfileState } from '../domain/profile/profileState.js';
import { profileEventSchema, profileEventSchemaVersions } from '../domain/schemaEvolution/profileEventSchema.js';
import type { AggregateType } from './aggregateType.js';
import { registryEventDecoder } from './storedEventDecoder.js';

/** Client Investment Profiles: streams `profile-<id>`. Old event shapes are upcast through `profileEventSchema`. */
export const profileAggregate: AggregateType<IssuedProfileCommand, ProfileEvent, ProfileState> = {
  streamPrefix: 'profile',
  decider: profileDecider,
  decode: registryEventDecoder(profileEventCodec, profileEventSchema),
  encode: (event) => ({ type: event.type, schemaVersion: profileEventSchemaVersions[event.type], data: event.data }),
};
