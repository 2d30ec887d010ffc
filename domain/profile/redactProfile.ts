import type { ProfileCreated, ProfileEvent } from './profileEvents.js';
import { redactedText } from './profileFieldCodecs.js';
import type { ProfileView } from './profileState.js';

/**
 * PII: a profile's `client` (name, date of birth, email, tax id digits) identifies a person. It is served to the
 * client and their advisor and stored in events, but never written to logs, metrics or traces: log a profile or a
 * profile event only through these functions. Free-text notes are written by staff and are kept; they must not
 * repeat client PII (the UI says so).
 */

/** The client's identity fields, each replaced by `[redacted]`. */
export interface RedactedClient {
  readonly name: typeof redactedText;
  readonly date_of_birth: typeof redactedText;
  readonly email: typeof redactedText;
  readonly tax_id_last4: typeof redactedText;
}

export type RedactedProfileView = Omit<ProfileView, 'client'> & { readonly client: RedactedClient };

const redactedClient: RedactedClient = {
  name: redactedText,
  date_of_birth: redactedText,
  email: redactedText,
  tax_id_last4: redactedText,
};

/** The profile with its client PII replaced by `[redacted]`, safe to log. */
export const redactProfile = (view: ProfileView): RedactedProfileView => ({ ...view, client: redactedClient });

type ProfileCreatedData = ProfileCreated['data'];

export type RedactedProfileEvent =
  | Exclude<ProfileEvent, ProfileCreated>
  | { readonly type: 'ProfileCreated'; readonly data: Omit<ProfileCreatedData, 'client'> & { readonly client: RedactedClient } };

/** A profile event safe to log: ProfileCreated loses its client PII, other events carry none. */
export const redactProfileEvent = (event: ProfileEvent): RedactedProfileEvent =>
  event.type === 'ProfileCreated' ? { type: event.type, data: { ...event.data, client: redactedClient } } : event;
