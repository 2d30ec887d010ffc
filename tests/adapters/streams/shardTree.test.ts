import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orphanedShards, parentsFirst, readableShards, type StreamShard } from '../../../adapters/streams/shardTree.js';

const shard = (shardId: string, parentShardId?: string, closed = false): StreamShard => ({
  shardId,
  parentShardId,
  startingSequenceNumber: undefined,
  endingSequenceNumber: closed ? '000000000000000000009' : undefined,
});

const none = new Set<string>();

// A random forest: each shard's parent is an earlier shard or none; listed in a shuffled order.
const forest = fc
  .array(fc.option(fc.nat(), { nil: undefined }), { minLength: 1, maxLength: 30 })
  .chain((parents) => {
    const shards = parents.map((parent, index) =>
      shard(`s${index}`, parent === undefined || index === 0 ? undefined : `s${parent % index}`),
    );
    return fc.shuffledSubarray(shards, { minLength: shards.length, maxLength: shards.length });
  });

describe('shard tree', () => {
  it('lists every shard once, each listed parent before its children', () => {
    fc.assert(
      fc.property(forest, (shards) => {
        const ordered = parentsFirst(shards);
        expect(ordered.map((s) => s.shardId).sort()).toEqual(shards.map((s) => s.shardId).sort());
        const position = new Map(ordered.map((s, index) => [s.shardId, index]));
        for (const s of ordered) {
          if (s.parentShardId !== undefined) expect(position.get(s.parentShardId)!).toBeLessThan(position.get(s.shardId)!);
        }
      }),
    );
  });

  it('reads a child only after its parent is finished', () => {
    const shards = [shard('child', 'parent'), shard('parent', undefined, true)];
    expect(readableShards(shards, none, none).map((s) => s.shardId)).toEqual(['parent']);
    expect(readableShards(shards, new Set(['parent']), none).map((s) => s.shardId)).toEqual(['child']);
  });

  it('reads both children of a split once their parent is finished', () => {
    const shards = [shard('p', undefined, true), shard('a', 'p'), shard('b', 'p')];
    expect(readableShards(shards, new Set(['p']), none).map((s) => s.shardId)).toEqual(['a', 'b']);
  });

  it('does not start a shard that is being read or finished', () => {
    const shards = [shard('a'), shard('b'), shard('c')];
    expect(readableShards(shards, new Set(['a']), new Set(['b'])).map((s) => s.shardId)).toEqual(['c']);
  });

  it('reads a shard whose parent is no longer listed', () => {
    expect(readableShards([shard('child', 'trimmed')], none, none).map((s) => s.shardId)).toEqual(['child']);
  });

  it('walking the tree as shards finish reaches every shard, never a child before its parent', () => {
    fc.assert(
      fc.property(forest, (shards) => {
        const finished = new Set<string>();
        const order: string[] = [];
        for (let round = 0; round <= shards.length && finished.size < shards.length; round += 1) {
          for (const s of readableShards(shards, finished, none)) {
            if (s.parentShardId !== undefined) expect(finished.has(s.parentShardId)).toBe(true);
            order.push(s.shardId);
            finished.add(s.shardId);
          }
        }
        expect(order.sort()).toEqual(shards.map((s) => s.shardId).sort());
      }),
    );
  });

  it('flags a shard whose parent left the stream unaccounted for', () => {
    const shards = [shard('child', 'gone'), shard('root')];
    expect(orphanedShards(shards, none).map((s) => s.shardId)).toEqual(['child']);
  });

  it('does not flag a shard whose vanished parent or itself has a checkpoint', () => {
    const shards = [shard('child', 'gone')];
    expect(orphanedShards(shards, new Set(['gone']))).toEqual([]);
    expect(orphanedShards(shards, new Set(['child']))).toEqual([]);
  });

  it('does not flag a shard whose parent is still listed or that has none', () => {
    expect(orphanedShards([shard('parent'), shard('child', 'parent')], none)).toEqual([]);
  });
});
