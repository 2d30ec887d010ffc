import { describe, expect, it } from 'vitest';
import { weightOf } from '../../application/aggregateType.js';
import type { StreamId } from '../../application/ports/eventStore.js';
import { portfolioAggregate } from '../../application/portfolioAggregate.js';
import { profileAggregate } from '../../application/profileAggregate.js';
import { SnapshotCache, type StreamSnapshot } from '../../application/streamSnapshot.js';
import type { PortfolioState } from '../../domain/portfolio/portfolioDecider.js';

const snapshot = (id: string): StreamSnapshot<string> => ({ streamId: id as StreamId, version: 1, state: id, lastHash: undefined, lastRecordedAt: undefined });
const cached = (cache: SnapshotCache, ids: string[]) => ids.filter((id) => cache.has(id as StreamId));

describe('SnapshotCache', () => {
  it('forgets the least recently used snapshots once their total weight passes the capacity', () => {
    const cache = new SnapshotCache(10);
    cache.set(snapshot('a'), 4);
    cache.set(snapshot('b'), 4);
    expect(cache.get<string>('a' as StreamId)?.state).toBe('a');
    cache.set(snapshot('c'), 4);
    expect(cached(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    // Replacing a snapshot counts its new weight only.
    cache.set(snapshot('a'), 6);
    expect(cached(cache, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    cache.set(snapshot('d'), 1);
    expect(cached(cache, ['a', 'c', 'd'])).toEqual(['a', 'd']);
  });

  it('does not keep a snapshot heavier than the whole capacity, and frees what it forgets', () => {
    const cache = new SnapshotCache(10);
    cache.set(snapshot('a'), 10);
    cache.set(snapshot('huge'), 11);
    expect(cached(cache, ['a', 'huge'])).toEqual(['a']);
    cache.forget('a' as StreamId);
    for (const id of ['b', 'c', 'd', 'e', 'f']) cache.set(snapshot(id), 2);
    expect(cached(cache, ['b', 'c', 'd', 'e', 'f'])).toEqual(['b', 'c', 'd', 'e', 'f']);
  });

  it('weighs a proposal by its deposits and a profile as one', () => {
    const deposits = (count: number) => Array.from({ length: count }, () => ({}));
    const proposal = { status: 'proposed', proposal: { banks: [{ deposits: deposits(3) }, { deposits: deposits(4_997) }] } } as unknown as PortfolioState;
    expect(weightOf(portfolioAggregate, proposal)).toBe(5_001);
    expect(weightOf(portfolioAggregate, { status: 'none' })).toBe(1);
    expect(weightOf(profileAggregate, null)).toBe(1);
  });
});
