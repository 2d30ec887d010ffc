import { chainIssues, firstIssue, type ChainIssue } from '../integrity/chainVerification.js';
import { genesisHash } from '../integrity/eventHash.js';
import type { IncompleteEvent } from './lineageFragment.js';
import { recomputedHash, type LineageRecord } from './lineageRecord.js';

/** Why a stream's lineage fails, at its first bad version. */
export type LineageProblem =
  /** Two different records claim the same version. */
  | 'duplicate'
  /** The record's content does not hash to its `hash`. */
  | 'hash-mismatch'
  /** `previous_hash` is not the hash of the version before (or, for version 1, not the genesis hash). */
  | 'chain-break'
  /** Only some fragments of the version arrived. */
  | 'incomplete'
  /** The version is missing. */
  | 'gap'
  /** The version arrived after a later version of its stream. */
  | 'reorder';

/** The outcome of one stream's check. */
export type StreamVerdict =
  | {
      readonly streamId: string;
      readonly ok: true;
      readonly events: number;
      readonly firstVersion: number;
      readonly lastVersion: number;
      /** Compare with the event store's head to detect a truncated or rewritten tail, which no chain can show. */
      readonly headHash: string;
    }
  | {
      readonly streamId: string;
      readonly ok: false;
      readonly events: number;
      /** The lowest version with a problem. */
      readonly version: number;
      readonly problem: LineageProblem;
      readonly detail: string;
    };

/** What the check may assume about the feed. */
export interface VerifyOptions {
  /** Every stream must start at version 1 (a full export); false for a window that may begin mid-stream. */
  readonly expectGenesis?: boolean;
  /** Events whose fragments did not all arrive (from `readLineage`). */
  readonly incomplete?: ReadonlyArray<IncompleteEvent>;
}

interface Seen {
  readonly hash: string;
  readonly previousHash: string;
  readonly recomputedHash: string;
  /** Recomputed hash plus claimed hash: equal exactly when two copies agree in every field. */
  readonly identity: string;
}

type Issue = ChainIssue<LineageProblem>;

// At one version, the most telling problem wins: a conflicting copy or forged content explains the rest.
const precedence: ReadonlyArray<LineageProblem> = ['duplicate', 'hash-mismatch', 'chain-break', 'incomplete', 'gap', 'reorder'];

/**
 * What a record hashes to. Content that cannot even be hashed (a lone surrogate, a number past JSON's range) gets a
 * value that differs from the hash it claims, whatever that is: a fixed word could be claimed as a hash too.
 */
const hashOf = (record: LineageRecord): string => {
  try {
    return recomputedHash(record);
  } catch {
    return `unhashable, not ${record.hash}`;
  }
};

const verifyStream = (streamId: string, arrivals: ReadonlyArray<LineageRecord>, incomplete: ReadonlyArray<number>, expectGenesis: boolean): StreamVerdict => {
  const byVersion = new Map<number, Seen>();
  const issues: Issue[] = [];
  let latest = 0;
  for (const record of arrivals) {
    const recomputed = hashOf(record);
    const seen: Seen = { hash: record.hash, previousHash: record.previous_hash, recomputedHash: recomputed, identity: `${recomputed}/${record.hash}` };
    const earlier = byVersion.get(record.version);
    if (earlier !== undefined) {
      // An identical copy is a redelivery; a different one means two histories.
      if (earlier.identity !== seen.identity) issues.push({ version: record.version, problem: 'duplicate', detail: `two different records claim version ${record.version}` });
      continue;
    }
    byVersion.set(record.version, seen);
    if (record.version < latest) {
      issues.push({ version: record.version, problem: 'reorder', detail: `version ${record.version} arrived after version ${latest}` });
    }
    latest = Math.max(latest, record.version);
  }
  for (const version of incomplete) {
    if (!byVersion.has(version)) issues.push({ version, problem: 'incomplete', detail: `version ${version} arrived only in part` });
  }
  const versions = [...byVersion.keys()].sort((a, b) => a - b);
  const first = versions[0] ?? 1;
  // Once deduplicated and in version order, the feed's chain is checked exactly as the event store's.
  issues.push(...chainIssues(versions.map((version) => ({ version, ...byVersion.get(version)! })), { expectGenesis }));
  const issue = firstIssue(issues, precedence);
  if (issue !== undefined) return { streamId, ok: false, events: byVersion.size, ...issue };
  const last = versions[versions.length - 1] ?? 0;
  return { streamId, ok: true, events: byVersion.size, firstVersion: first, lastVersion: last, headHash: byVersion.get(last)?.hash ?? genesisHash };
};

/**
 * Checks every stream of a lineage feed end to end, in the order the records arrived: each record hashes to its
 * `hash`, chains to its predecessor from the genesis hash on, no version is missing, doubled with different content,
 * or out of order. Identical duplicates are accepted (at-least-once delivery). Sorted by stream id.
 */
export const verifyLineage = (records: Iterable<LineageRecord>, options: VerifyOptions = {}): ReadonlyArray<StreamVerdict> => {
  const streams = new Map<string, LineageRecord[]>();
  for (const record of records) {
    const arrivals = streams.get(record.stream_id) ?? [];
    arrivals.push(record);
    streams.set(record.stream_id, arrivals);
  }
  const incomplete = new Map<string, number[]>();
  for (const event of options.incomplete ?? []) {
    incomplete.set(event.streamId, [...(incomplete.get(event.streamId) ?? []), event.version]);
    if (!streams.has(event.streamId)) streams.set(event.streamId, []);
  }
  return [...streams.keys()]
    .sort()
    .map((streamId) => verifyStream(streamId, streams.get(streamId) ?? [], incomplete.get(streamId) ?? [], options.expectGenesis ?? true));
};
