import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { canonicalJson } from './canonicalJson.js';

/** The `previousHash` of a stream's first event. */
export const genesisHash = '0'.repeat(64);

/** The fields an event's hash covers: everything recorded except the hash itself. */
export type HashedEvent = Omit<RecordedEvent, 'hash'>;

/** The event as its hash covers it, in the snake_case form the lineage feed also carries (absent versions as null). */
export const hashedFields = (event: HashedEvent) => ({
  stream_id: event.streamId,
  version: event.version,
  event_id: event.eventId,
  type: event.type,
  schema_version: event.schemaVersion,
  data: event.data,
  recorded_at: event.recordedAt,
  actor: event.actor,
  correlation_id: event.correlationId,
  causation_id: event.causationId,
  engine_version: event.engineVersion ?? null,
  rule_set_version: event.ruleSetVersion ?? null,
  commit_id: event.commitId,
  previous_hash: event.previousHash,
});

/** SHA-256 (hex) over the RFC 8785 canonical JSON of the event, chained through `previousHash`. */
export const eventHash = (event: HashedEvent): string => {
  const canonical = canonicalJson(hashedFields(event));
  if (canonical === undefined) throw new Error('event is not JSON-serialisable');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
};
