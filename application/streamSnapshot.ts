import { fold } from '../domain/decider.js';
import type { AggregateType } from './aggregateType.js';
import type { EventStore, ReadBound, RecordedEvent, StreamId } from './ports/eventStore.js';

/** An aggregate's state folded up to `version`, with what the next append must chain to. */
export interface StreamSnapshot<State> {
  readonly streamId: StreamId;
  readonly version: number;
  readonly state: State;
  readonly lastHash: string | undefined;
  readonly lastRecordedAt: string | undefined;
}

/** Folds recorded events (already in version order) into a snapshot. */
export const snapshotOf = <C, E, S>(
  type: AggregateType<C, E, S>,
  streamId: StreamId,
  events: ReadonlyArray<RecordedEvent>,
): StreamSnapshot<S> => {
  const last = events.at(-1);
  return {
    streamId,
    version: last?.version ?? 0,
    state: fold(type.decider, events.map(type.decode)),
    lastHash: last?.hash,
    lastRecordedAt: last?.recordedAt,
  };
};

/** The snapshot of a stream that cannot exist yet (its id was just generated): no read needed. */
export const newStreamSnapshot = <C, E, S>(type: AggregateType<C, E, S>, streamId: StreamId): StreamSnapshot<S> =>
  snapshotOf(type, streamId, []);

/** Reads and folds a stream, optionally as of a version or an instant. */
export const loadSnapshot = async <C, E, S>(
  store: EventStore,
  type: AggregateType<C, E, S>,
  streamId: StreamId,
  bound?: ReadBound,
): Promise<StreamSnapshot<S>> => snapshotOf(type, streamId, await store.readStream(streamId, bound));

/**
 * A bounded in-process cache of the latest snapshot per stream, so that the happy path of a command costs one write
 * and no read. A stale entry is harmless: the append's expected version then conflicts and the stream is reloaded.
 */
export class SnapshotCache {
  private readonly entries = new Map<StreamId, { readonly snapshot: StreamSnapshot<unknown>; readonly weight: number }>();
  private total = 0;

  /**
   * Bounded by the entries' total weight (see `AggregateType.weight`), not their count: a proposal of 5,000 deposits
   * holds some megabytes, a profile a few kilobytes. The default holds ten such proposals, or 50,000 profiles.
   */
  constructor(private readonly capacity = 50_000) {}

  get<S>(streamId: StreamId): StreamSnapshot<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    // Re-insert to keep the map in least-recently-used order.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry.snapshot as StreamSnapshot<S>;
  }

  /** Remembers a snapshot of the given weight, forgetting the least recently used ones beyond the capacity. */
  set<S>(snapshot: StreamSnapshot<S>, weight = 1): void {
    this.forget(snapshot.streamId);
    if (weight > this.capacity) return;
    this.entries.set(snapshot.streamId, { snapshot, weight });
    this.total += weight;
    for (const [streamId] of this.entries) {
      if (this.total <= this.capacity) break;
      this.forget(streamId);
    }
  }

  has(streamId: StreamId): boolean {
    return this.entries.has(streamId);
  }

  forget(streamId: StreamId): void {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return;
    this.entries.delete(streamId);
    this.total -= entry.weight;
  }
}
