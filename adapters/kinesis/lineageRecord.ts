import type { RecordedEvent, StreamId } from '../../application/ports/eventStore.js';
import { canonicalJson } from '../integrity/canonicalJson.js';
import { eventHash, hashedFields, type HashedEvent } from '../integrity/eventHash.js';

/**
 * One committed event as the lineage feed carries it: exactly the fields `eventHash` covers, plus `hash`.
 * A consumer without our code verifies it as SHA-256 over the RFC 8785 canonical JSON of the record minus `hash`.
 */
export interface LineageRecord {
  readonly stream_id: string;
  readonly version: number;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly recorded_at: string;
  readonly actor: string;
  readonly correlation_id: string;
  readonly causation_id: string;
  readonly engine_version: string | null;
  readonly rule_set_version: string | null;
  readonly commit_id: string;
  readonly previous_hash: string;
  readonly hash: string;
}

const textFields = [
  'stream_id',
  'event_id',
  'type',
  'recorded_at',
  'actor',
  'correlation_id',
  'causation_id',
  'commit_id',
  'previous_hash',
  'hash',
] as const;
const optionalTextFields = ['engine_version', 'rule_set_version'] as const;
const recordFields = new Set<string>([...textFields, ...optionalTextFields, 'version', 'schema_version', 'data']);

const isInteger = (value: unknown, min: number): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** Maps a recorded event to its lineage record (absent versions become null, as `eventHash` hashes them). */
export const toLineageRecord = (event: RecordedEvent): LineageRecord => ({ ...hashedFields(event), hash: event.hash });

/** Maps a lineage record back to the event fields its hash covers. */
export const hashedEventOf = (record: LineageRecord): HashedEvent => ({
  streamId: record.stream_id as StreamId,
  version: record.version,
  eventId: record.event_id,
  type: record.type,
  schemaVersion: record.schema_version,
  data: record.data,
  recordedAt: record.recorded_at,
  actor: record.actor,
  correlationId: record.correlation_id,
  causationId: record.causation_id,
  ...(record.engine_version === null ? {} : { engineVersion: record.engine_version }),
  ...(record.rule_set_version === null ? {} : { ruleSetVersion: record.rule_set_version }),
  commitId: record.commit_id,
  previousHash: record.previous_hash,
});

/** The hash the record's content deserves, recomputed with the event store's own `eventHash`. */
export const recomputedHash = (record: LineageRecord): string => eventHash(hashedEventOf(record));

/** The record's RFC 8785 canonical JSON: the exact bytes the feed and the NDJSON file carry. */
export const lineageRecordJson = (record: LineageRecord): string => {
  if (record.data === undefined) throw new Error(`event ${record.stream_id}@${record.version} has no data`);
  const json = canonicalJson(record);
  if (json === undefined) throw new Error(`event ${record.stream_id}@${record.version} is not JSON-serialisable`);
  return json;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a lineage record from parsed JSON, or says why it is not one. Unknown fields are refused: the hash does not
 * cover them, so accepting them would let a writer smuggle unverified content into the feed.
 */
export const decodeLineageRecord = (value: unknown): { readonly record: LineageRecord } | { readonly error: string } => {
  if (!isObject(value)) return { error: 'not a JSON object' };
  const unknown = Object.keys(value).filter((key) => !recordFields.has(key));
  if (unknown.length > 0) return { error: `unexpected field(s) ${unknown.join(', ')}` };
  for (const field of textFields) {
    if (typeof value[field] !== 'string') return { error: `${field} must be a string` };
  }
  for (const field of optionalTextFields) {
    if (value[field] !== null && typeof value[field] !== 'string') return { error: `${field} must be a string or null` };
  }
  if (!isInteger(value.version, 1)) return { error: 'version must be an integer >= 1' };
  if (!isInteger(value.schema_version, 0)) return { error: 'schema_version must be an integer >= 0' };
  if (!('data' in value)) return { error: 'data is missing' };
  return { record: value as unknown as LineageRecord };
};
