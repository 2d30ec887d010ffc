import { isLeft } from 'fp-ts/lib/Either.js';
import type { Rejection } from '../domain/decider.js';
import { weightOf, type AggregateType } from './aggregateType.js';
import type { Clock } from './ports/clock.js';
import type { EventStore, IdempotencyRecord, StoredResponse, StreamAppend, StreamId } from './ports/eventStore.js';
import type { IdSource } from './ports/idSource.js';
import { loadSnapshot, type SnapshotCache, type StreamSnapshot } from './streamSnapshot.js';

/** What the write side needs from the outside world. */
export interface CommandServices {
  readonly store: EventStore;
  readonly cache: SnapshotCache;
  readonly clock: Clock;
  readonly newId: IdSource;
  /** How long an idempotency key is remembered; at least 24 hours. */
  readonly idempotencyTtlSeconds?: number;
}

/** Who sends the command, why, and under which HTTP preconditions. */
export interface CommandContext {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** The key is already scoped to the caller; the fingerprint identifies the request body and route. */
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
  /** Expected version of the command's primary stream (`If-Match`). */
  readonly ifMatch?: IfMatch;
}

export type CommandResult =
  | { readonly kind: 'done'; readonly response: StoredResponse; readonly replayed: boolean }
  | { readonly kind: 'rejected'; readonly rejection: Rejection }
  | { readonly kind: 'precondition-failed'; readonly currentVersion: number }
  | { readonly kind: 'conflict'; readonly streamId: StreamId }
  | { readonly kind: 'idempotency-mismatch' }
  | { readonly kind: 'too-large'; readonly bytes: number; readonly limit: number };

/** A command refused: why, and the request field it is about with the value received there, if any. */
export const rejected = (kind: Rejection['kind'], message: string, at?: { readonly path: string; readonly value: unknown }): CommandResult => ({
  kind: 'rejected',
  rejection: { kind, message, ...(at === undefined ? {} : at) },
});

/** New events for one stream, decided on the snapshot they extend. */
export interface StreamChange {
  readonly type: AggregateType<unknown, unknown, unknown>;
  readonly before: StreamSnapshot<unknown>;
  readonly events: ReadonlyArray<unknown>;
}

/** A change of one aggregate, typed where it is made and erased for the commit. */
export const changeOf = <C, E, S>(type: AggregateType<C, E, S>, before: StreamSnapshot<S>, events: ReadonlyArray<E>): StreamChange => ({
  type: type as unknown as AggregateType<unknown, unknown, unknown>,
  before,
  events,
});

/** Renders the response of a command from the snapshots its changes lead to (in the order of the changes). */
export type Render = (after: ReadonlyArray<StreamSnapshot<unknown>>) => StoredResponse;

const minimumTtlSeconds = 24 * 60 * 60;
const attemptsWithoutIfMatch = 3;

/** The snapshot a command decides on: cached if known, otherwise read from the store. */
export const snapshotForCommand = async <C, E, S>(
  services: CommandServices,
  type: AggregateType<C, E, S>,
  streamId: StreamId,
): Promise<StreamSnapshot<S>> => {
  const cached = services.cache.get<S>(streamId);
  if (cached !== undefined) return cached;
  const snapshot = await loadSnapshot(services.store, type, streamId);
  services.cache.set(snapshot, weightOf(type, snapshot.state));
  return snapshot;
};

/**
 * An `If-Match` (RFC 9110 §13.1.1): `any` (`*`, the resource exists), or the stream versions its strong entity tags name
 * (a weak tag never matches, so it names none).
 */
export type IfMatch = 'any' | ReadonlyArray<number>;

/** Checks `If-Match` against the snapshot the command will decide on. */
export const precondition = (context: CommandContext, snapshot: StreamSnapshot<unknown>): CommandResult | undefined => {
  const { ifMatch } = context;
  if (ifMatch === undefined) return undefined;
  const met = ifMatch === 'any' ? snapshot.version > 0 : ifMatch.includes(snapshot.version);
  return met ? undefined : { kind: 'precondition-failed', currentVersion: snapshot.version };
};

/**
 * Runs one command: replays a known idempotency key, otherwise attempts it; a conflicting concurrent write without
 * `If-Match` is retried on fresh state (the command is re-decided), with `If-Match` it is the caller's to resolve.
 */
export const runCommand = async (
  services: CommandServices,
  context: CommandContext,
  attempt: () => Promise<CommandResult>,
  /** Streams the command decides on: a refusal decided on their cached snapshots is checked against the store. */
  streams: ReadonlyArray<StreamId> = [],
): Promise<CommandResult> => {
  const { idempotency } = context;
  /** The stored answer to this command's key, if it has one by now. */
  const replay = async (): Promise<CommandResult | undefined> => {
    if (idempotency === undefined) return undefined;
    const known = await services.store.findIdempotency(idempotency.key);
    return known === undefined ? undefined : replayOf(known, idempotency.fingerprint);
  };
  const first = await replay();
  if (first !== undefined) return first;
  let result = await attempt();
  // Another process (a second instance, another Lambda) may have moved a stream past our cached snapshot: a refusal
  // or a failed If-Match is only trusted once decided on what the store holds now.
  const cached = streams.filter((streamId) => services.cache.has(streamId));
  if ((result.kind === 'rejected' || result.kind === 'precondition-failed') && cached.length > 0) {
    for (const streamId of cached) services.cache.forget(streamId);
    result = await attempt();
  }
  // A conflict is retried on fresh state unless the caller pinned a version: `If-Match: *` pins none, only existence,
  // which every attempt checks again.
  const retriable = context.ifMatch === undefined || context.ifMatch === 'any';
  for (let tries = 1; result.kind === 'conflict' && retriable && tries < attemptsWithoutIfMatch; tries++) {
    result = await attempt();
  }
  // A retry sent while the original was still committing missed its record above, then decided on what the original
  // left (a refusal, a stale If-Match, a conflict): the original's answer is the one to give.
  if (result.kind === 'rejected' || result.kind === 'precondition-failed' || result.kind === 'conflict') return (await replay()) ?? result;
  return result;
};

/** The stored answer to a known idempotency key, if the request is the one it was given for. */
const replayOf = (known: IdempotencyRecord, fingerprint: string): CommandResult =>
  known.fingerprint === fingerprint ? { kind: 'done', response: known.response, replayed: true } : { kind: 'idempotency-mismatch' };

/** Commits the decided changes atomically (with the idempotency record, if any) and updates the snapshot cache. */
export const commitChanges = async (
  services: CommandServices,
  context: CommandContext,
  changes: ReadonlyArray<StreamChange>,
  render: Render,
  now: string = services.clock(),
): Promise<CommandResult> => {
  // Recorded times never decrease within a stream, so "as of an instant" is always a prefix of the stream.
  const recordedAt = changes.reduce(
    (latest, { before }) => (before.lastRecordedAt !== undefined && before.lastRecordedAt > latest ? before.lastRecordedAt : latest),
    now,
  );
  const appends: StreamAppend[] = changes.map(({ type, before, events }) => ({
    streamId: before.streamId,
    expectedVersion: before.version,
    previousHash: before.lastHash,
    events: events.map((event) => ({ eventId: services.newId(), ...type.encode(event) })),
  }));

  // The response must be known before the commit so that it can be stored with it for idempotent replays.
  const afters = changes.map(({ type, before }, index): StreamSnapshot<unknown> => {
    const events = changes[index]!.events;
    return {
      streamId: before.streamId,
      version: before.version + events.length,
      state: events.reduce((state: unknown, event) => type.decider.evolve(state, event), before.state),
      lastHash: before.lastHash,
      lastRecordedAt: events.length > 0 ? recordedAt : before.lastRecordedAt,
    };
  });
  const response = render(afters);

  const ttl = Math.max(services.idempotencyTtlSeconds ?? minimumTtlSeconds, minimumTtlSeconds);
  const outcome = await services.store.commit({
    appends,
    context: { actor: context.actor, correlationId: context.correlationId, causationId: context.causationId, recordedAt },
    ...(context.idempotency === undefined
      ? {}
      : {
          idempotency: {
            key: context.idempotency.key,
            fingerprint: context.idempotency.fingerprint,
            response,
            expiresAt: Math.floor(Date.parse(recordedAt) / 1000) + ttl,
          },
        }),
  });
  if (isLeft(outcome)) {
    for (const { before } of changes) services.cache.forget(before.streamId);
    const failure = outcome.left;
    switch (failure.kind) {
      case 'conflict':
        return { kind: 'conflict', streamId: failure.streamId };
      case 'too-large':
        return { kind: 'too-large', bytes: failure.bytes, limit: failure.limit };
      case 'duplicate':
        return replayOf(failure.record, context.idempotency?.fingerprint ?? '');
    }
  }
  // The cache learns the real chain head, known only once the store has hashed the events.
  let offset = 0;
  afters.forEach((after, index) => {
    offset += appends[index]!.events.length;
    const last = outcome.right[offset - 1];
    services.cache.set({ ...after, lastHash: last?.streamId === after.streamId ? last.hash : after.lastHash }, weightOf(changes[index]!.type, after.state));
  });
  return { kind: 'done', response, replayed: false };
};
