import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SortOrder } from '../../projections/cursor.js';
import { mergeTopK } from '../../projections/topKMerge.js';

describe('mergeTopK', () => {
  it('gives the global top k of partitions that each return their own first k + 1, and tells whether more exist', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom('!', '0', '1', '9', 'N', 'P'), minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom<SortOrder>('asc', 'desc'),
        (keys, partitions, k, order) => {
          const sorted = [...keys].sort();
          const reading = order === 'asc' ? sorted : [...sorted].reverse();
          const lists = Array.from({ length: partitions }, (_, p) =>
            reading.filter((_, i) => i % partitions === p).slice(0, k + 1).map((sk) => ({ sk })),
          );
          const { page, more } = mergeTopK(lists, order, k);
          expect(page.map((entry) => entry.sk)).toEqual(reading.slice(0, k));
          expect(more).toBe(reading.length > k);
        },
      ),
    );
  });
});
