import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { chainIssues, storedLinkOf, verifyStoredChain, type StoredLink } from '../../../adapters/integrity/chainVerification.js';
import { eventHash, genesisHash } from '../../../adapters/integrity/eventHash.js';
import { chainedStream } from '../kinesis/support/hashChain.js';

const streamId = 'profile-x';

/** Events as they sit in the events table: each item at a key version (normally its own). */
type Stored = { key: number; event: RecordedEvent } | { key: number; unreadable: string; hash: string; previousHash: string };

const storedOf = (events: RecordedEvent[]): Stored[] => events.map((event) => ({ key: event.version, event }));

const verify = (stored: Stored[]) =>
  verifyStoredChain(
    streamId,
    stored.map((item) => storedLinkOf(item.key, 'event' in item ? { event: item.event } : item)),
  );

const failure = (stored: Stored[]) => {
  const verdict = verify(stored);
  return verdict.ok ? verdict : { version: verdict.version, problem: verdict.problem };
};

const rehashed = (event: RecordedEvent, change: Partial<RecordedEvent>): RecordedEvent => {
  const { hash: _, ...changed } = { ...event, ...change };
  return { ...changed, hash: eventHash(changed) };
};

/** Swaps the contents of two items, keys kept (what a swap in a keyed table is). */
const swap = (stored: Stored[], i: number, j: number): void => {
  const [a, b] = [stored[i]!, stored[j]!];
  stored[i] = { ...b, key: a.key };
  stored[j] = { ...a, key: b.key };
};

describe('verifyStoredChain', () => {
  it('accepts an intact stream and reports its length and head hash', () => {
    const events = chainedStream(streamId, 8);
    expect(verify(storedOf(events))).toEqual({ streamId, ok: true, events: 8, lastVersion: 8, headHash: events[7]!.hash });
  });

  it('names altered data or metadata as a hash mismatch at that version', () => {
    for (const change of [{ data: { amount: '999999.00' } }, { actor: 'mallory' }, { recordedAt: '2020-01-01T00:00:00.000Z' }, { engineVersion: '0.0.1' }]) {
      const stored = storedOf(chainedStream(streamId, 8));
      const item = stored[4] as { key: number; event: RecordedEvent };
      stored[4] = { key: 5, event: { ...item.event, ...change } };
      expect(failure(stored)).toEqual({ version: 5, problem: 'hash-mismatch' });
    }
  });

  it('names a deleted event as a gap at the missing version, also the first and several in a row', () => {
    const stored = storedOf(chainedStream(streamId, 8));
    expect(verify(stored.filter((item) => item.key !== 4))).toMatchObject({ ok: false, version: 4, problem: 'gap', detail: 'version 4 is missing' });
    expect(verify(stored.filter((item) => item.key !== 1))).toMatchObject({ ok: false, version: 1, problem: 'gap', detail: 'the stream starts at version 2' });
    expect(verify(stored.filter((item) => item.key < 3 || item.key > 5))).toMatchObject({ version: 3, problem: 'gap', detail: 'versions 3..5 are missing' });
  });

  it('names swapped events as a reorder at the earlier version, saying where the event belongs', () => {
    const stored = storedOf(chainedStream(streamId, 8));
    swap(stored, 2, 5);
    expect(verify(stored)).toMatchObject({ ok: false, version: 3, problem: 'reorder', detail: expect.stringContaining('recorded as version 6') });
  });

  it('names an item inserted between two versions as a chain break at the inserted key', () => {
    const events = chainedStream(streamId, 8);
    const forged = rehashed(events[4]!, { version: 5.5, previousHash: events[4]!.hash, eventId: 'forged' });
    const stored = storedOf(events);
    stored.splice(5, 0, { key: 5.5, event: forged });
    expect(failure(stored)).toEqual({ version: 5.5, problem: 'chain-break' });
  });

  it('names a forged event carrying a fresh hash as a chain break at the next version', () => {
    const events = chainedStream(streamId, 8);
    events[3] = rehashed(events[3]!, { data: { forged: true } });
    expect(failure(storedOf(events))).toEqual({ version: 5, problem: 'chain-break' });
  });

  it('names a first event that does not start from the genesis hash as a chain break at version 1', () => {
    const events = chainedStream(streamId, 3);
    events[0] = rehashed(events[0]!, { previousHash: 'f'.repeat(64) });
    expect(failure(storedOf(events))).toEqual({ version: 1, problem: 'chain-break' });
  });

  it('names an item that cannot be read back as a hash mismatch, and the chain after it still holds', () => {
    const stored = storedOf(chainedStream(streamId, 6));
    const item = stored[2] as { key: number; event: RecordedEvent };
    stored[2] = { key: 3, unreadable: 'its data is not valid JSON', hash: item.event.hash, previousHash: item.event.previousHash };
    expect(verify(stored)).toMatchObject({ ok: false, version: 3, problem: 'hash-mismatch', detail: expect.stringContaining('its data is not valid JSON') });
    expect(chainIssues(stored.map((s) => storedLinkOf(s.key, 'event' in s ? { event: s.event } : s))).map((issue) => issue.version)).toEqual([3]);
  });

  it('names an alteration in a stream longer than a call takes arguments (an audit trail grows by every read)', () => {
    // Links of 150,000 versions chained by stand-in hashes; version 7 holds readable content that hashes to neither.
    const length = 150_000;
    const links: StoredLink[] = Array.from({ length }, (_, i) => ({
      version: i + 1,
      hash: `h${i + 1}`,
      previousHash: i === 0 ? genesisHash : `h${i}`,
      recomputedHash: `h${i + 1}`,
    }));
    const content = chainedStream(streamId, 7)[6]!;
    links[6] = { ...links[6]!, recomputedHash: eventHash(content), content };
    expect(verifyStoredChain(streamId, links)).toMatchObject({ ok: false, version: 7, problem: 'hash-mismatch' });
  });

  it('finds any single tampering of a random stream at exactly the tampered version', () => {
    const tampering = fc.record({
      length: fc.integer({ min: 3, max: 30 }),
      at: fc.nat(),
      distance: fc.integer({ min: 1, max: 5 }),
      kind: fc.constantFrom('alter', 'delete', 'swap', 'forge', 'unreadable'),
    });
    fc.assert(
      fc.property(tampering, ({ length, at, distance, kind }) => {
        const events = chainedStream(streamId, length);
        // Deleting or forging the head is invisible to a chain (compare the head hash with one kept elsewhere).
        const i = at % (length - 1);
        const version = i + 1;
        let stored = storedOf(events);
        if (kind === 'alter') stored[i] = { key: version, event: { ...events[i]!, type: 'Forged' } };
        if (kind === 'delete') stored = stored.filter((item) => item.key !== version);
        if (kind === 'swap') swap(stored, i, Math.min(i + distance, length - 1));
        if (kind === 'forge') stored[i] = { key: version, event: rehashed(events[i]!, { data: { forged: true } }) };
        if (kind === 'unreadable') stored[i] = { key: version, unreadable: 'damaged', hash: events[i]!.hash, previousHash: events[i]!.previousHash };
        const expected = {
          alter: { version, problem: 'hash-mismatch' },
          delete: { version, problem: 'gap' },
          swap: { version, problem: 'reorder' },
          forge: { version: version + 1, problem: 'chain-break' },
          unreadable: { version, problem: 'hash-mismatch' },
        }[kind];
        expect(failure(stored)).toEqual(expected);
      }),
    );
  });
});
