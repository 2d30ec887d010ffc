import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { putEventsBatches } from '../../../adapters/eventbridge/putEventsBatches.js';

const sum = (sizes: ReadonlyArray<number>): number => sizes.reduce((total, size) => total + size, 0);

describe('PutEvents batches', () => {
  it('keeps every item once, in order, in batches within both limits, each closed only when the next item would not fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 1_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 60 }),
        (maxEntries, maxBytes, fractions) => {
          const sizes = fractions.map((fraction) => Math.min(maxBytes - 1, Math.floor(fraction * maxBytes)));
          const batches = putEventsBatches(sizes, (size) => size, { maxEntries, maxBytes });
          expect(batches.flat()).toEqual(sizes);
          batches.forEach((batch, index) => {
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(maxEntries);
            expect(sum(batch)).toBeLessThan(maxBytes);
            const next = batches[index + 1]?.[0];
            if (next !== undefined) expect(batch.length === maxEntries || sum(batch) + next >= maxBytes).toBe(true);
          });
        },
      ),
    );
  });

  it('returns no batch for no items', () => {
    expect(putEventsBatches([], () => 1)).toEqual([]);
  });

  it('refuses an item that cannot fit even alone, rather than making a call AWS would reject', () => {
    expect(() => putEventsBatches([10, 100], (size) => size, { maxEntries: 10, maxBytes: 100 })).toThrow(RangeError);
  });
});
