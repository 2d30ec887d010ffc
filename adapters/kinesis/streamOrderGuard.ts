import type { RecordedEvent } from '../../application/ports/eventStore.js';

/** An export source yielded a stream's events out of version order; the feed would not be in stream order. */
export class StreamOrderError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`export source yielded ${streamId} version ${actual} where version ${expected} was due`);
    this.name = 'StreamOrderError';
  }
}

/**
 * Checks that each stream's events come in contiguous ascending versions. A stream may start at any version (an
 * export window can begin mid-stream) but may not skip or go back afterwards. Streams may interleave.
 */
export const createStreamOrderGuard = (): ((event: RecordedEvent) => void) => {
  const last = new Map<string, number>();
  return (event) => {
    const previous = last.get(event.streamId);
    if (previous !== undefined && event.version !== previous + 1) throw new StreamOrderError(event.streamId, previous + 1, event.version);
    last.set(event.streamId, event.version);
  };
};
