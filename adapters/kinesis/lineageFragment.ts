import { canonicalJson } from '../integrity/canonicalJson.js';
import { decodeLineageRecord, lineageRecordJson, type LineageRecord } from './lineageRecord.js';

/** Kinesis refuses a record whose data and partition key together exceed 1 MiB. */
export const kinesisMaxRecordBytes = 1_048_576;

/**
 * A slice of an event too large for one Kinesis record. The consumer joins `count` of them, in `index` order, back
 * into the event's canonical JSON; `event_hash` keeps fragments of conflicting copies of one version apart.
 */
export interface LineageFragment {
  readonly stream_id: string;
  readonly version: number;
  readonly event_hash: string;
  readonly index: number;
  readonly count: number;
  /** Base64 of the slice's UTF-8 bytes: byte slicing may cut a character in two, and base64 size is exact. */
  readonly part: string;
}

/** What one Kinesis record of the feed holds. */
export type FeedEntry =
  | { readonly kind: 'record'; readonly record: LineageRecord; readonly json: string }
  | { readonly kind: 'fragment'; readonly fragment: LineageFragment }
  | { readonly kind: 'invalid'; readonly error: string };

const fragmentJson = (fragment: LineageFragment): string => canonicalJson({ fragment }) ?? '';

/**
 * The Kinesis records (data blobs, in order) that carry one lineage record: its canonical JSON as is when it fits,
 * else ordered fragments. The partition key (the stream id) counts towards the limit, as it does in Kinesis.
 */
export const feedEntriesOf = (record: LineageRecord, maxRecordBytes = kinesisMaxRecordBytes): ReadonlyArray<Buffer> => {
  const json = Buffer.from(lineageRecordJson(record), 'utf8');
  const budget = maxRecordBytes - Buffer.byteLength(record.stream_id, 'utf8');
  if (json.length <= budget) return [json];
  const header = { stream_id: record.stream_id, version: record.version, event_hash: record.hash };
  // Room for the header with the widest index/count it could carry; base64 turns 3 bytes into 4 characters.
  const wide = Number.MAX_SAFE_INTEGER;
  const overhead = Buffer.byteLength(fragmentJson({ ...header, index: wide, count: wide, part: '' }), 'utf8');
  const sliceBytes = Math.floor((budget - overhead) / 4) * 3;
  if (sliceBytes <= 0) throw new Error(`a Kinesis record of ${maxRecordBytes} bytes cannot hold a fragment of ${record.stream_id}`);
  const count = Math.ceil(json.length / sliceBytes);
  return Array.from({ length: count }, (_, index) => {
    const part = json.subarray(index * sliceBytes, (index + 1) * sliceBytes).toString('base64');
    return Buffer.from(fragmentJson({ ...header, index, count, part }), 'utf8');
  });
};

const isFragment = (value: unknown): value is LineageFragment => {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.stream_id === 'string' &&
    typeof f.event_hash === 'string' &&
    typeof f.part === 'string' &&
    Number.isSafeInteger(f.version) &&
    Number.isSafeInteger(f.count) &&
    Number.isSafeInteger(f.index) &&
    (f.count as number) > 0 &&
    (f.index as number) >= 0 &&
    (f.index as number) < (f.count as number)
  );
};

/** Reads one Kinesis record of the feed. */
export const decodeFeedEntry = (data: Uint8Array): FeedEntry => {
  const json = Buffer.from(data).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { kind: 'invalid', error: 'not JSON' };
  }
  if (typeof value === 'object' && value !== null && 'fragment' in value) {
    const { fragment } = value;
    return isFragment(fragment) ? { kind: 'fragment', fragment } : { kind: 'invalid', error: 'malformed fragment' };
  }
  const decoded = decodeLineageRecord(value);
  return 'record' in decoded ? { kind: 'record', record: decoded.record, json } : { kind: 'invalid', error: decoded.error };
};

/** An event of which some fragments never arrived. */
export interface IncompleteEvent {
  readonly streamId: string;
  readonly version: number;
  readonly received: number;
  readonly count: number;
}

/** Joins fragments into records; tolerates duplicates and any arrival order of one event's fragments. */
export interface FragmentAssembler {
  /** Takes a fragment; returns the entry it completes, if it was the last missing one. */
  readonly add: (fragment: LineageFragment) => Exclude<FeedEntry, { kind: 'fragment' }> | undefined;
  /** Events still waiting for fragments. */
  readonly incomplete: () => ReadonlyArray<IncompleteEvent>;
}

/** A fresh assembler for one read of the feed. */
export const createFragmentAssembler = (): FragmentAssembler => {
  const pending = new Map<string, { readonly first: LineageFragment; readonly parts: Map<number, string> }>();
  // Kinesis may redeliver a fragment after its event is complete; it must not start a new, never-complete group.
  const completed = new Set<string>();
  return {
    add: (fragment) => {
      const key = JSON.stringify([fragment.stream_id, fragment.version, fragment.event_hash, fragment.count]);
      if (completed.has(key)) return undefined;
      const group = pending.get(key) ?? { first: fragment, parts: new Map<number, string>() };
      pending.set(key, group);
      if (!group.parts.has(fragment.index)) group.parts.set(fragment.index, fragment.part);
      if (group.parts.size < fragment.count) return undefined;
      pending.delete(key);
      completed.add(key);
      const bytes = Buffer.concat(Array.from({ length: fragment.count }, (_, index) => Buffer.from(group.parts.get(index) ?? '', 'base64')));
      const entry = decodeFeedEntry(bytes);
      if (entry.kind !== 'record') return { kind: 'invalid', error: `fragments of ${fragment.stream_id}@${fragment.version} do not join into a record` };
      const { record } = entry;
      if (record.stream_id !== fragment.stream_id || record.version !== fragment.version || record.hash !== fragment.event_hash) {
        return { kind: 'invalid', error: `fragments of ${fragment.stream_id}@${fragment.version} join into another event` };
      }
      return entry;
    },
    incomplete: () =>
      [...pending.values()].map(({ first, parts }) => ({
        streamId: first.stream_id,
        version: first.version,
        received: parts.size,
        count: first.count,
      })),
  };
};
