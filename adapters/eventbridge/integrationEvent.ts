import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { putEventsEntrySize } from './putEventsLimits.js';

/**
 * The integration event of one domain event (docs/integration-events.md is the contract; keep both in step).
 * Profile events carry client PII in `data`: downstream systems (account opening, CRM) need it, so it is sent, but an
 * entry's `Detail` is never logged.
 */

/** Where integration events go and how they are labelled. */
export interface IntegrationEventOptions {
  readonly busName: string;
  /** Source prefix, e.g. `fiducia`: events of a `profile-…` stream are published as `fiducia.profiles`. */
  readonly source: string;
  /** Marks a re-publication of history (an audit replay), so consumers that already had the events can ignore them. */
  readonly replay: boolean;
  /** Exclusive upper bound of an entry's size (`putEventsEntrySize`); a larger event goes out as a claim check. */
  readonly maxEntryBytes: number;
}

/** The store's metadata of the event, snake_case. `actor`, `commit_id` and `previous_hash` stay internal. */
export interface IntegrationMetadata {
  readonly event_id: string;
  readonly stream_id: string;
  readonly version: number;
  readonly type: string;
  readonly schema_version: number;
  readonly recorded_at: string;
  readonly correlation_id: string;
  readonly causation_id: string;
  readonly engine_version?: string;
  readonly rule_set_version?: string;
  readonly hash: string;
  /** Present (and `true`) only on events re-sent by a replay. */
  readonly replay?: true;
}

/** Where a consumer fetches an event whose data was too large to travel with it. */
export interface ClaimCheck {
  readonly stream_id: string;
  readonly version: number;
  /** UTF-8 size of the full `detail` that was not sent. */
  readonly detail_bytes: number;
}

/** An integration event's `detail`: the event's data, or a claim check when the data does not fit in an entry. */
export type IntegrationDetail =
  | { readonly metadata: IntegrationMetadata; readonly data: unknown }
  | { readonly metadata: IntegrationMetadata; readonly data_omitted: true; readonly claim_check: ClaimCheck };

// Plural source names read as "events about profiles"; a Map, so a stream named `constructor-…` finds nothing inherited.
const sourceSuffixes = new Map([
  ['profile', 'profiles'],
  ['portfolio', 'portfolios'],
  ['audit', 'audit'],
]);

/** The `source` of a stream's events: `<source>.profiles`, `.portfolios`, `.audit`, or `.<prefix>` for other streams. */
export const integrationSource = (source: string, streamId: string): string => {
  const dash = streamId.indexOf('-');
  const prefix = dash < 0 ? streamId : streamId.slice(0, dash);
  return `${source}.${sourceSuffixes.get(prefix) ?? (prefix === '' ? 'unknown' : prefix)}`;
};

/** The metadata block of an integration event. */
export const integrationMetadata = (event: RecordedEvent, replay: boolean): IntegrationMetadata => ({
  event_id: event.eventId,
  stream_id: event.streamId,
  version: event.version,
  type: event.type,
  schema_version: event.schemaVersion,
  recorded_at: event.recordedAt,
  correlation_id: event.correlationId,
  causation_id: event.causationId,
  ...(event.engineVersion === undefined ? {} : { engine_version: event.engineVersion }),
  ...(event.ruleSetVersion === undefined ? {} : { rule_set_version: event.ruleSetVersion }),
  hash: event.hash,
  ...(replay ? { replay: true as const } : {}),
});

/** An entry for one event, with or without its data; the detail-type is the event type, whatever the type. */
const entryWith = (event: RecordedEvent, options: IntegrationEventOptions, detail: IntegrationDetail): PutEventsRequestEntry => {
  const time = new Date(event.recordedAt);
  return {
    // EventBridge's `time` keeps milliseconds only; `metadata.recorded_at` is the exact instant.
    ...(Number.isNaN(time.getTime()) ? {} : { Time: time }),
    Source: integrationSource(options.source, event.streamId),
    DetailType: event.type,
    Detail: JSON.stringify(detail),
    EventBusName: options.busName,
  };
};

/** An integration event, and the claim check it carries instead of its data, if it had to. */
export interface IntegrationEntry {
  readonly entry: PutEventsRequestEntry;
  readonly claimCheck: ClaimCheck | undefined;
}

/**
 * Maps a recorded event to its `PutEvents` entry. An event too large for an entry (a portfolio of thousands of
 * deposits) is still delivered, as a claim check: its metadata and a pointer to fetch the data, instead of a failure
 * that would block the stream. Throws only if even the claim check does not fit, which metadata bounded by the
 * store's id limits cannot reach.
 */
export const integrationEntry = (event: RecordedEvent, options: IntegrationEventOptions): IntegrationEntry => {
  const metadata = integrationMetadata(event, options.replay);
  const full = entryWith(event, options, { metadata, data: event.data });
  if (putEventsEntrySize(full) < options.maxEntryBytes) return { entry: full, claimCheck: undefined };
  const claimCheck: ClaimCheck = {
    stream_id: event.streamId,
    version: event.version,
    detail_bytes: Buffer.byteLength(full.Detail ?? '', 'utf8'),
  };
  const checked = entryWith(event, options, { metadata, data_omitted: true, claim_check: claimCheck });
  if (putEventsEntrySize(checked) >= options.maxEntryBytes) {
    throw new RangeError(`event ${event.eventId} does not fit in a PutEvents entry even as a claim check`);
  }
  return { entry: checked, claimCheck };
};
