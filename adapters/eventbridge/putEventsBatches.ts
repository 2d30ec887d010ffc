import { putEventsMaxBytes, putEventsMaxEntries } from './putEventsLimits.js';

/** How much one `PutEvents` call may carry: at most `maxEntries` entries, and a total size below `maxBytes`. */
export interface PutEventsBatchLimits {
  readonly maxEntries: number;
  /** Exclusive: a batch's total size must stay strictly below it. */
  readonly maxBytes: number;
}

/** The EventBridge quotas. */
export const putEventsBatchLimits: PutEventsBatchLimits = { maxEntries: putEventsMaxEntries, maxBytes: putEventsMaxBytes };

/**
 * Splits items, in order, into consecutive batches within the limits. Filling each batch greedily gives the fewest
 * calls, because both limits only ever get tighter as items are added. An item that cannot fit even alone is a bug
 * upstream (oversize events become claim checks first), so it throws instead of producing a call AWS would refuse.
 */
export const putEventsBatches = <T>(
  items: ReadonlyArray<T>,
  sizeOf: (item: T) => number,
  limits: PutEventsBatchLimits = putEventsBatchLimits,
): ReadonlyArray<ReadonlyArray<T>> => {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (size >= limits.maxBytes) throw new RangeError(`an entry of ${size} bytes cannot fit in a PutEvents call`);
    if (current.length === limits.maxEntries || bytes + size >= limits.maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
};
