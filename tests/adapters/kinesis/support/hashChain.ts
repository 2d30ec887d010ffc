import type { RecordedEvent, StreamId } from '../../../../application/ports/eventStore.js';
import { eventHash, genesisHash, type HashedEvent } from '../../../../adapters/integrity/eventHash.js';

/** A small deterministic generator, so a failing run can be replayed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const uuidOf = (n: number, salt: number): string => {
  const hex = (n * 2_654_435_761 + salt).toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
};

/** Event data of a realistic shape: nested, decimal strings, non-ASCII text, arrays, nulls. */
export type DataOf = (streamIndex: number, version: number) => unknown;

const defaultData: DataOf = (streamIndex, version) => ({
  client: { name: `Zoë Ångström-${streamIndex}`, email: `client${streamIndex}@example.com` },
  amount: `${1_000 + version}.50`,
  apy: '4.75',
  flags: [version % 2 === 0, null, 'naïve ☂'],
  note: version === 1 ? 'created' : `change ${version}`,
});

/** One stream of `count` correctly hash-chained events, built with the event store's own `eventHash`. */
export const chainedStream = (streamId: string, count: number, streamIndex = 0, dataOf: DataOf = defaultData): RecordedEvent[] => {
  const events: RecordedEvent[] = [];
  let previousHash = genesisHash;
  for (let version = 1; version <= count; version++) {
    const unhashed: HashedEvent = {
      streamId: streamId as StreamId,
      version,
      eventId: uuidOf(version, streamIndex * 7_919),
      type: version === 1 ? 'ProfileCreated' : 'ProfileChanged',
      schemaVersion: 1,
      data: dataOf(streamIndex, version),
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, version)).toISOString(),
      actor: `advisor-${streamIndex % 5}`,
      correlationId: uuidOf(version, 1),
      causationId: uuidOf(version, 2),
      ...(version % 3 === 0 ? { engineVersion: '1.4.0' } : {}),
      ...(version % 4 === 0 ? { ruleSetVersion: 'best-interest-2025.1' } : {}),
      commitId: uuidOf(version, streamIndex * 31 + 3),
      previousHash,
    };
    const hash = eventHash(unhashed);
    events.push({ ...unhashed, hash });
    previousHash = hash;
  }
  return events;
};

/**
 * `total` events over `streams` streams (each at least one, sizes uneven), interleaved at random as a store scan
 * might yield them, each stream still in ascending versions.
 */
export const interleavedStreams = (streams: number, total: number, seed = 42): { readonly events: RecordedEvent[]; readonly byStream: Map<string, RecordedEvent[]> } => {
  const random = seededRandom(seed);
  const sizes = Array.from({ length: streams }, () => 1);
  for (let i = streams; i < total; i++) sizes[Math.floor(random() * streams)]! += 1;
  const byStream = new Map<string, RecordedEvent[]>();
  sizes.forEach((size, index) => byStream.set(`profile-${uuidOf(index, 99)}`, chainedStream(`profile-${uuidOf(index, 99)}`, size, index)));
  const cursors = [...byStream.values()].map((events) => ({ events, next: 0 }));
  const events: RecordedEvent[] = [];
  while (cursors.length > 0) {
    const pick = Math.floor(random() * cursors.length);
    const cursor = cursors[pick]!;
    events.push(cursor.events[cursor.next++]!);
    if (cursor.next === cursor.events.length) cursors.splice(pick, 1);
  }
  return { events, byStream };
};

/** Yields the events one by one, asynchronously, as an event store scan would. */
export const asyncSource = async function* (events: Iterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
  for (const event of events) yield event;
};
