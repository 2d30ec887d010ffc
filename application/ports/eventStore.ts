import type { Either } from 'fp-ts/lib/Either.js';

/** One aggregate's stream: `profile-<uuid>` or `portfolio-<uuid>`. */
export type StreamId = string & { readonly StreamId: unique symbol };

/** Who did it and why: recorded with every event of a commit. */
export interface CommitContext {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** RFC 3339 UTC; one instant for the whole commit. */
  readonly recordedAt: string;
}

/** An event about to be appended; its version, hash and context are assigned by the store. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  /** Calculation engine version, where the event records calculated figures. */
  readonly engineVersion?: string;
  /** Best-interest rule-set version, where the event records findings. */
  readonly ruleSetVersion?: string;
}

/**
 * Appends to one stream, valid only if the stream is exactly at `expectedVersion` (0 = new stream). Without events it
 * appends nothing but still holds the commit to that version: a decision that read another aggregate (a withdrawal
 * checks that the client has not applied) is refused as a conflict if that aggregate moved on meanwhile.
 */
export interface StreamAppend {
  readonly streamId: StreamId;
  readonly expectedVersion: number;
  /** Hash of the event at `expectedVersion` (undefined for a new stream): the chain continues from it. */
  readonly previousHash: string | undefined;
  readonly events: ReadonlyArray<NewEvent>;
}

/** A stored event with its full metadata, exactly as committed. */
export interface RecordedEvent {
  readonly streamId: StreamId;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly recordedAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly engineVersion?: string;
  readonly ruleSetVersion?: string;
  readonly commitId: string;
  readonly previousHash: string;
  readonly hash: string;
}

/** What an idempotent command answered the first time; replayed verbatim to retries. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The remembered outcome of a command sent with an `Idempotency-Key`. */
export interface IdempotencyRecord {
  readonly key: string;
  /** Digest of the request that first used the key; a different request with the same key is refused. */
  readonly fingerprint: string;
  readonly response: StoredResponse;
  /** Epoch seconds after which the key may be forgotten (at least 24 hours after first use). */
  readonly expiresAt: number;
}

/**
 * Everything one decision writes: events on one or more streams (and the versions of streams it only read), and
 * optionally its idempotency record.
 */
export interface Commit {
  readonly appends: ReadonlyArray<StreamAppend>;
  readonly context: CommitContext;
  readonly idempotency?: IdempotencyRecord;
}

export type CommitFailure =
  /** A stream was not at its expected version: someone else committed first. */
  | { readonly kind: 'conflict'; readonly streamId: StreamId }
  /** The idempotency key was used already; the first outcome is returned. */
  | { readonly kind: 'duplicate'; readonly record: IdempotencyRecord }
  /** The commit exceeds what one atomic write can hold. */
  | { readonly kind: 'too-large'; readonly bytes: number; readonly limit: number };

/** Upper bound of a read: a version, or an instant (events recorded at or before it). */
export interface ReadBound {
  readonly toVersion?: number;
  readonly toTime?: string;
}

/** Append-only, optimistic event store (see architecture.md, "Event store"). */
export interface EventStore {
  /** Commits all appends atomically, or nothing. */
  readonly commit: (commit: Commit) => Promise<Either<CommitFailure, ReadonlyArray<RecordedEvent>>>;
  /** Reads one stream in version order, optionally up to a bound. */
  readonly readStream: (streamId: StreamId, bound?: ReadBound) => Promise<ReadonlyArray<RecordedEvent>>;
  /** The remembered response for an idempotency key, if still known. */
  readonly findIdempotency: (key: string) => Promise<IdempotencyRecord | undefined>;
}
