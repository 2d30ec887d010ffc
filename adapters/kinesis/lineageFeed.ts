import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { isTransientError } from '../aws/transientError.js';
import { feedEntriesOf, kinesisMaxRecordBytes } from './lineageFragment.js';
import { toLineageRecord } from './lineageRecord.js';
import { createStreamOrderGuard } from './streamOrderGuard.js';
import { errorName } from '../streams/streamErrors.js';

/** Limits and pacing of one publication; the defaults are Kinesis's own limits. */
export interface PublishOptions {
  /** Largest Kinesis record (data + partition key); bigger events are fragmented. */
  readonly maxRecordBytes?: number;
  /** Records per PutRecords call (Kinesis: 500). */
  readonly maxBatchRecords?: number;
  /** Bytes per PutRecords call, partition keys included (Kinesis: 5 MiB). */
  readonly maxBatchBytes?: number;
  /** PutRecords calls in flight at once. */
  readonly concurrency?: number;
  /** Tries per Kinesis record before the publication fails. */
  readonly maxAttempts?: number;
  /** First retry delay; it doubles per failed try of the same record, up to `retryMaxMs`. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Events read ahead of the acknowledged ones; bounds memory whatever the source's size. */
  readonly readAheadEvents?: number;
  readonly readAheadBytes?: number;
  /** Called with the number of events fully acknowledged so far, after each call that advanced it. */
  readonly onProgress?: (published: number) => void;
}

/** What a publication did. */
export interface PublishSummary {
  readonly events: number;
  readonly streams: number;
  /** Kinesis records acknowledged: one per event, more for fragmented ones. */
  readonly kinesisRecords: number;
  readonly fragmentedEvents: number;
  readonly putRecordsCalls: number;
  /** Record tries that failed and were sent again. */
  readonly retries: number;
  /** Data and partition-key bytes acknowledged. */
  readonly bytes: number;
}

/** A record could not be published within its tries, or Kinesis refused the request outright; the message names codes only. */
export class LineagePublishError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'LineagePublishError';
  }
}

interface Entry {
  readonly data: Buffer;
  readonly bytes: number;
  readonly lastOfEvent: boolean;
  attempts: number;
}

/** One event stream's pending Kinesis records; at most one of them is ever in flight. */
interface Lane {
  readonly streamId: string;
  readonly entries: Entry[];
  head: number;
  state: 'idle' | 'ready' | 'flight' | 'delayed';
  notBefore: number;
}

/** A failure of the moment, or no answer at all (no HTTP status: the connection failed before Kinesis answered). */
const isRetryable = (error: unknown): boolean =>
  isTransientError(error) || (error instanceof Error && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined);

const toAsync = async function* <T>(source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* source;
};

/**
 * Publishes committed events to a Kinesis stream, partition key = event stream id, so that every event stream
 * arrives in version order. Kinesis orders a shard by arrival, and PutRecords neither orders nor atomically writes
 * the records of one call, so a stream's next record is only sent once its predecessor is acknowledged: one call
 * never holds two records of the same stream, and calls still fill up with records of other streams. Failed records
 * are retried (with backoff) before anything later of their stream. A retry may duplicate a record that Kinesis did
 * store; consumers drop duplicates by (stream_id, version). The source must yield each stream in ascending versions.
 */
export const publishLineage = async (
  client: KinesisClient,
  streamName: string,
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: PublishOptions = {},
): Promise<PublishSummary> => {
  const maxRecordBytes = options.maxRecordBytes ?? kinesisMaxRecordBytes;
  const maxBatchRecords = options.maxBatchRecords ?? 500;
  const maxBatchBytes = options.maxBatchBytes ?? 5 * 1_048_576;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 10;
  const retryBaseMs = options.retryBaseMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5_000;
  const readAheadEvents = options.readAheadEvents ?? 10_000;
  const readAheadBytes = options.readAheadBytes ?? 64 * 1_048_576;
  if (maxRecordBytes > maxBatchBytes) throw new Error('maxRecordBytes must not exceed maxBatchBytes');

  const lanes = new Map<string, Lane>();
  const ready: Lane[] = [];
  let readyHead = 0;
  const delayed = new Set<Lane>();
  const inFlight = new Set<Promise<void>>();
  const guard = createStreamOrderGuard();
  const seenStreams = new Set<string>();
  const source = toAsync(events)[Symbol.asyncIterator]();
  let sourceDone = false;
  let bufferedEvents = 0;
  let bufferedBytes = 0;
  let fatal: LineagePublishError | undefined;
  let reported = 0;
  const summary = { events: 0, kinesisRecords: 0, fragmentedEvents: 0, putRecordsCalls: 0, retries: 0, bytes: 0 };

  const makeReady = (lane: Lane) => {
    lane.state = 'ready';
    ready.push(lane);
  };

  const read = async (limit: number) => {
    for (let n = 0; n < limit && !sourceDone && bufferedEvents < readAheadEvents && bufferedBytes < readAheadBytes; n++) {
      const next = await source.next();
      if (next.done === true) {
        sourceDone = true;
        return;
      }
      const event = next.value;
      guard(event);
      if (event.streamId.length > 256) throw new LineagePublishError(`stream id ${event.streamId} is longer than a Kinesis partition key`);
      seenStreams.add(event.streamId);
      const blobs = feedEntriesOf(toLineageRecord(event), maxRecordBytes);
      if (blobs.length > 1) summary.fragmentedEvents++;
      let lane = lanes.get(event.streamId);
      if (lane === undefined) {
        lane = { streamId: event.streamId, entries: [], head: 0, state: 'idle', notBefore: 0 };
        lanes.set(event.streamId, lane);
      }
      const keyBytes = Buffer.byteLength(event.streamId, 'utf8');
      blobs.forEach((data, index) => {
        lane.entries.push({ data, bytes: data.length + keyBytes, lastOfEvent: index === blobs.length - 1, attempts: 0 });
        bufferedBytes += data.length + keyBytes;
      });
      bufferedEvents++;
      if (lane.state === 'idle') makeReady(lane);
    }
  };

  const settle = (lane: Lane, entry: Entry, ok: boolean, reason: string) => {
    if (ok) {
      lane.head++;
      bufferedBytes -= entry.bytes;
      summary.kinesisRecords++;
      summary.bytes += entry.bytes;
      if (entry.lastOfEvent) {
        bufferedEvents--;
        summary.events++;
      }
      if (lane.head < lane.entries.length) makeReady(lane);
      else {
        lane.state = 'idle';
        lanes.delete(lane.streamId);
      }
      return;
    }
    entry.attempts++;
    if (entry.attempts >= maxAttempts) {
      fatal ??= new LineagePublishError(`a lineage record of ${lane.streamId} failed ${entry.attempts} times: ${reason}`);
      return;
    }
    summary.retries++;
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** (entry.attempts - 1));
    lane.notBefore = Date.now() + ceiling / 2 + (Math.random() * ceiling) / 2;
    lane.state = 'delayed';
    delayed.add(lane);
  };

  const send = async (batch: ReadonlyArray<Lane>) => {
    const entries = batch.map((lane) => lane.entries[lane.head]!);
    summary.putRecordsCalls++;
    try {
      const response = await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: batch.map((lane, i) => ({ PartitionKey: lane.streamId, Data: entries[i]!.data })),
        }),
      );
      const results = response.Records ?? [];
      if (results.length !== batch.length) {
        fatal ??= new LineagePublishError(`PutRecords answered ${results.length} results for ${batch.length} records`);
        return;
      }
      batch.forEach((lane, i) => {
        const result = results[i]!;
        // The code only: these errors reach the logs, and an AWS error message is free text.
        settle(lane, entries[i]!, result.ErrorCode === undefined, result.ErrorCode ?? 'UnknownError');
      });
    } catch (error) {
      if (!isRetryable(error)) {
        fatal ??= new LineagePublishError(`PutRecords to ${streamName} refused: ${errorName(error)}`, { cause: error });
        return;
      }
      batch.forEach((lane, i) => settle(lane, entries[i]!, false, errorName(error)));
    } finally {
      // Fragmented lanes can free memory early; the entries array is only ever appended to otherwise.
      for (const lane of batch) {
        if (lane.head > 1_024 && lane.head * 2 > lane.entries.length) {
          lane.entries.splice(0, lane.head);
          lane.head = 0;
        }
      }
      if (summary.events > reported) {
        reported = summary.events;
        options.onProgress?.(reported);
      }
    }
  };

  const takeBatch = (): Lane[] => {
    const batch: Lane[] = [];
    let bytes = 0;
    while (readyHead < ready.length && batch.length < maxBatchRecords) {
      const lane = ready[readyHead]!;
      const entry = lane.entries[lane.head]!;
      if (bytes + entry.bytes > maxBatchBytes) break;
      readyHead++;
      lane.state = 'flight';
      batch.push(lane);
      bytes += entry.bytes;
    }
    if (readyHead > 4_096 && readyHead * 2 > ready.length) {
      ready.splice(0, readyHead);
      readyHead = 0;
    }
    return batch;
  };

  const promoteDelayed = (): number | undefined => {
    const now = Date.now();
    let earliest: number | undefined;
    for (const lane of delayed) {
      if (lane.notBefore <= now) {
        delayed.delete(lane);
        makeReady(lane);
      } else earliest = Math.min(earliest ?? Infinity, lane.notBefore);
    }
    return earliest;
  };

  try {
    while (fatal === undefined) {
      await read(maxBatchRecords);
      const nextRetryAt = promoteDelayed();
      while (inFlight.size < concurrency && readyHead < ready.length) {
        const call = send(takeBatch()).finally(() => inFlight.delete(call));
        inFlight.add(call);
      }
      const canRead = !sourceDone && bufferedEvents < readAheadEvents && bufferedBytes < readAheadBytes;
      if (canRead && inFlight.size < concurrency) continue;
      if (inFlight.size === 0 && nextRetryAt === undefined) break;
      let timer: NodeJS.Timeout | undefined;
      const retryDue = nextRetryAt === undefined ? [] : [new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, nextRetryAt - Date.now()))))];
      await Promise.race([...inFlight, ...retryDue]);
      // A pending retry timer would otherwise keep the process alive after the last acknowledgement.
      clearTimeout(timer);
    }
  } finally {
    await Promise.allSettled([...inFlight]);
  }
  if (fatal !== undefined) throw fatal;
  return { ...summary, streams: seenStreams.size };
};
