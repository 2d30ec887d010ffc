import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
  type DynamoDBStreamsClient,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { CheckpointStore, ShardCheckpoint } from './checkpointStore.js';
import { lambdaRecord } from './lambdaRecord.js';
import { pendingLag, type ProjectionLag, type RecordTime } from './projectionLag.js';
import { compareSequenceNumbers, isSequenceNumber, type SequenceNumber } from './sequenceNumber.js';
import type { StreamShard } from './shardTree.js';
import type { StreamHandler, StreamPollerLogger } from './streamConsumer.js';
import { errorName, streamErrorKind } from './streamErrors.js';
import { createWakeUp } from './wakeUp.js';

export interface ShardWorkerConfig {
  readonly streamsClient: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly shard: StreamShard;
  /** The consumer's checkpoint for this shard, if it has one. */
  readonly checkpoint: ShardCheckpoint | undefined;
  readonly store: CheckpointStore;
  readonly handler: StreamHandler;
  /** Records per handler call. */
  readonly batchSize: number;
  /** Records per GetRecords call (at most 1,000). */
  readonly readLimit: number;
  /** Pause after a read of an open shard that was not a full page. */
  readonly idleDelayMs: number;
  /** First pause after a failure; doubled per further failure up to `maxRetryDelayMs`. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Deliveries of one record before it is skipped (see StreamPollerConfig). */
  readonly maxRecordAttempts?: number;
  /** Keeps a durable trace of a record given up on, before the checkpoint moves past it (see StreamPollerConfig). */
  readonly onGiveUp?: (record: DynamoDBRecord, attempts: number) => Promise<void>;
  /** Batches handled at once (see StreamPollerConfig); one at a time when absent. */
  readonly parallelization?: Parallelization;
  readonly recordTime: RecordTime;
  readonly logger?: StreamPollerLogger;
}

/**
 * Several batches of one shard handled at once, as a Lambda mapping's ParallelizationFactor does: the records of one
 * ordering key (an item's partition key: one aggregate's events) still go in order, one batch at a time.
 */
export interface Parallelization {
  readonly batches: number;
  readonly orderingKey: (record: DynamoDBRecord) => string;
}

/** How a shard worker ended. */
export type ShardOutcome =
  /** Every record of the closed shard is acknowledged and the shard is marked finished. */
  | { readonly kind: 'finished' }
  /** stop() was called; the checkpoint holds the last acknowledged record. */
  | { readonly kind: 'stopped' }
  /** The checkpoint cannot be resumed without losing records: the consumer must rebuild. */
  | { readonly kind: 'expired'; readonly reason: string }
  /** An unexpected error; the shard can be started again from its checkpoint. */
  | { readonly kind: 'failed'; readonly error: string };

/** Reads one shard into the handler, in order, from its checkpoint on. */
export interface ShardWorker {
  readonly shardId: string;
  readonly outcome: Promise<ShardOutcome>;
  /** Lets the batch in flight finish and its checkpoint be written, then ends (see `outcome`). */
  stop(): void;
  lag(): ProjectionLag;
}

interface Pending {
  readonly record: DynamoDBRecord;
  readonly sequenceNumber: SequenceNumber;
}

type Position = { readonly kind: 'at'; readonly iterator: string | undefined } | { readonly kind: 'expired'; readonly reason: string };

/** Checks of a resumed checkpoint that fail on DynamoDB Local's internal error before it counts as unusable. */
const verificationAttempts = 3;
/** Empty pages tolerated while looking for the checkpointed record (AWS may answer empty before it). */
const verificationReads = 3;

/**
 * Starts reading a shard. A fetch loop keeps up to two pages read ahead of the handler, so reading overlaps handling;
 * a process loop hands batches to the handler one at a time (so one item's records are handled in order), or several
 * at once with `parallelization` (one ordering key's records still in order), and writes the checkpoint after each
 * acknowledged batch, never before: a crash in between delivers the batch again.
 */
export const startShardWorker = (config: ShardWorkerConfig): ShardWorker => {
  const { streamsClient: client, streamArn, shard, store, logger } = config;
  const shardId = shard.shardId;
  const buffer: Pending[] = [];
  const recordsArrived = createWakeUp();
  const spaceFreed = createWakeUp();
  const stopRequested = createWakeUp();
  let stopping = false;
  // A stop signalled while the worker was busy (reading, handling) finds no waiter: every later wait must see it too.
  const pause = (ms: number): Promise<void> => (stopping ? Promise.resolve() : stopRequested.wait(ms));
  let opened = false;
  let closed = false;
  let expiredReason: string | undefined;
  let readerError: string | undefined;
  let lastPageFull = false;
  let lastRead: SequenceNumber | undefined = config.checkpoint?.sequenceNumber;
  const log = { consumer: store.consumer, shard_id: shardId };

  const backoff = (failures: number): number =>
    Math.min(config.maxRetryDelayMs, config.retryDelayMs * 2 ** Math.max(0, failures - 1));

  const iteratorAt = async (type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> => {
    const answer = await client.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }),
    );
    return answer.ShardIterator;
  };

  const expired = (reason: string): Position => ({ kind: 'expired', reason });

  // DynamoDB Local silently accepts a position after its newest record (and would then skip every record up to it),
  // so the checkpointed record is looked up: it must exist in this shard, or its successors must.
  const resume = async (sequenceNumber: string): Promise<Position> => {
    if (!isSequenceNumber(sequenceNumber)) return expired('the checkpoint is not a sequence number');
    const start = shard.startingSequenceNumber;
    const end = shard.endingSequenceNumber;
    if (isSequenceNumber(start) && compareSequenceNumbers(sequenceNumber, start) < 0) return expired('the checkpoint lies before the shard');
    if (isSequenceNumber(end) && compareSequenceNumbers(sequenceNumber, end) > 0) return expired('the checkpoint lies after the end of the shard');
    // The checkpointed record itself may have expired while its successors have not: that loses nothing.
    const after = async (): Promise<Position> => ({ kind: 'at', iterator: await iteratorAt('AFTER_SEQUENCE_NUMBER', sequenceNumber) });
    let iterator: string | undefined;
    try {
      iterator = await iteratorAt('AT_SEQUENCE_NUMBER', sequenceNumber);
      for (let read = 0; read < verificationReads && iterator !== undefined; read += 1) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }));
        const first = page.Records?.[0];
        if (first !== undefined) {
          return first.dynamodb?.SequenceNumber === sequenceNumber
            ? { kind: 'at', iterator: page.NextShardIterator }
            : expired('the checkpoint names no record of the shard');
        }
        iterator = page.NextShardIterator;
      }
    } catch (error) {
      const kind = streamErrorKind(error);
      if (kind === 'trimmed') return after();
      if (kind === 'rejected') return expired('DynamoDB rejects the checkpoint for this shard');
      if (kind === 'gone') return expired('the shard left the stream');
      throw error;
    }
    return expired('the checkpoint names no record of the shard');
  };

  const open = async (): Promise<Position | undefined> => {
    let internalErrors = 0;
    for (let failures = 1; !stopping; failures += 1) {
      try {
        const checkpoint = config.checkpoint;
        if (checkpoint?.sequenceNumber !== undefined) return await resume(checkpoint.sequenceNumber);
        // An item for the shard tells a later start that this shard's parent was accounted for.
        if (checkpoint === undefined) await store.begin(shardId, streamArn);
        return { kind: 'at', iterator: await iteratorAt('TRIM_HORIZON') };
      } catch (error) {
        const kind = streamErrorKind(error);
        if (kind === 'gone') return expired('the shard left the stream before it was read');
        // Even the position after the checkpoint is gone: records were trimmed unread, only a rebuild recovers them.
        if (kind === 'trimmed') return expired('records after the checkpoint expired from the stream');
        // DynamoDB Local answers an internal error to a sequence number beyond its counter's range.
        if (kind === 'internal' && config.checkpoint?.sequenceNumber !== undefined) {
          internalErrors += 1;
          if (internalErrors >= verificationAttempts) return expired('DynamoDB cannot position at the checkpoint');
        }
        logger?.warn('could not open shard, retrying', { ...log, error: errorName(error), failures });
        await pause(backoff(failures));
      }
    }
    return undefined;
  };

  const expire = (reason: string): void => {
    expiredReason = reason;
    recordsArrived.signal();
  };

  const reopen = async (): Promise<string | undefined> =>
    lastRead === undefined ? iteratorAt('TRIM_HORIZON') : iteratorAt('AFTER_SEQUENCE_NUMBER', lastRead);

  const fetchLoop = async (first: string | undefined): Promise<void> => {
    let iterator = first;
    let failures = 0;
    while (!stopping && iterator !== undefined) {
      if (buffer.length >= 2 * config.readLimit) {
        await spaceFreed.wait();
        continue;
      }
      let records: StreamsRecord[];
      let next: string | undefined;
      try {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: config.readLimit }));
        records = page.Records ?? [];
        next = page.NextShardIterator;
      } catch (error) {
        const kind = streamErrorKind(error);
        if (kind === 'trimmed') return expire('records after the checkpoint expired from the stream');
        if (kind === 'gone') return expire('the shard left the stream before it was read to its end');
        failures += 1;
        if (kind !== 'expired-iterator') logger?.warn('stream read failed, retrying', { ...log, error: errorName(error), failures });
        if (kind === 'expired-iterator' || kind === 'rejected') {
          try {
            iterator = await reopen();
          } catch (reopenError) {
            if (streamErrorKind(reopenError) === 'gone') return expire('the shard left the stream before it was read to its end');
            logger?.warn('could not reposition in shard, retrying', { ...log, error: errorName(reopenError), failures });
          }
        }
        if (kind !== 'expired-iterator') await pause(backoff(failures));
        continue;
      }
      failures = 0;
      for (const record of records) {
        const sequenceNumber = record.dynamodb?.SequenceNumber;
        // Every stream record has one; without it the record could be neither acknowledged nor resumed after.
        if (!isSequenceNumber(sequenceNumber)) throw new Error(`stream record ${record.eventID ?? '?'} has no valid sequence number`);
        buffer.push({ record: lambdaRecord(record, streamArn), sequenceNumber });
        lastRead = sequenceNumber;
      }
      lastPageFull = records.length >= config.readLimit;
      if (records.length > 0) recordsArrived.signal();
      iterator = next;
      // A page that is not full means the reader has caught up: pause before the next read, so a busy stream is read
      // a page per idle delay instead of in a loop of tiny reads (each one a round trip for the engine and this process).
      if (iterator !== undefined && records.length < config.readLimit) await pause(config.idleDelayMs);
    }
    if (!stopping && iterator === undefined) {
      closed = true;
      recordsArrived.signal();
    }
  };

  // How many records of the batch the handler acknowledged (Lambda's partial batch response semantics).
  /**
   * Hands a batch to the handler: how many records at its head were acknowledged, and whether the first one that was
   * not is to blame. A handler that throws (its destination is down, say) blames no record: the batch is retried, but
   * no record comes any closer to being given up.
   */
  const deliver = async (batch: ReadonlyArray<Pending>): Promise<{ readonly acknowledged: number; readonly blamed: boolean }> => {
    let response;
    try {
      response = await config.handler({ Records: batch.map((pending) => pending.record) });
    } catch (error) {
      logger?.warn('stream handler failed, batch will be retried', { ...log, error: errorName(error), records: batch.length });
      return { acknowledged: 0, blamed: false };
    }
    const failures = response?.batchItemFailures ?? [];
    let earliest = batch.length;
    for (const failure of failures) {
      const index = batch.findIndex((pending) => pending.sequenceNumber === failure.itemIdentifier);
      if (index < 0) {
        logger?.warn('stream handler reported a record that is not in the batch, batch will be retried', { ...log, records: batch.length });
        return { acknowledged: 0, blamed: false };
      }
      earliest = Math.min(earliest, index);
    }
    return { acknowledged: earliest, blamed: true };
  };

  // Retries until written; once stopping, gives up after a few tries (the records are then delivered again).
  const persist = async (what: string, write: () => Promise<unknown>): Promise<void> => {
    for (let failures = 1; ; failures += 1) {
      try {
        await write();
        return;
      } catch (error) {
        if (stopping && failures >= 3) {
          logger?.error(`could not write ${what}; records after the last checkpoint will be delivered again`, { ...log, error: errorName(error) });
          return;
        }
        logger?.warn(`could not write ${what}, retrying`, { ...log, error: errorName(error), failures });
        await pause(backoff(failures));
      }
    }
  };

  const advance = async (sequenceNumber: SequenceNumber): Promise<void> =>
    persist('checkpoint', async () => {
      const moved = await store.advance(shardId, streamArn, sequenceNumber);
      if (!moved) logger?.warn('checkpoint was already at or beyond this record (another poller of the consumer?)', log);
    });

  /** Gives a record up, as a Lambda mapping would after its retries: the keys are logged, never the image. */
  const giveUp = async (failing: Pending, attempts: number): Promise<void> => {
    logger?.error('stream record given up after repeated failures', {
      ...log,
      sequence_number: failing.sequenceNumber,
      keys: JSON.stringify(failing.record.dynamodb?.Keys ?? {}),
      attempts,
    });
    const { onGiveUp } = config;
    if (onGiveUp !== undefined) await persist('given-up record', () => onGiveUp(failing.record, attempts));
  };

  const processLoop = async (): Promise<ShardOutcome> => {
    // Failures in a row (for the backoff), and of those the ones blamed on the failing record (for giving it up).
    let failures = 0;
    let blamedFailures = 0;
    let failingSequence: SequenceNumber | undefined;
    while (!stopping) {
      if (expiredReason !== undefined) return { kind: 'expired', reason: expiredReason };
      if (readerError !== undefined) return { kind: 'failed', error: readerError };
      if (buffer.length === 0) {
        if (closed) {
          await persist('finished shard', () => store.finish(shardId, streamArn));
          return { kind: 'finished' };
        }
        await recordsArrived.wait();
        continue;
      }
      const batch = buffer.slice(0, config.batchSize);
      const { acknowledged, blamed } = await deliver(batch);
      if (acknowledged > 0) {
        await advance(batch[acknowledged - 1]!.sequenceNumber);
        buffer.splice(0, acknowledged);
        spaceFreed.signal();
      }
      if (acknowledged < batch.length) {
        const failing = batch[acknowledged]!;
        // Count the attempts of the record that failed, not of whatever failed before it.
        const same = failing.sequenceNumber === failingSequence;
        failures = same ? failures + 1 : 1;
        blamedFailures = (same ? blamedFailures : 0) + (blamed ? 1 : 0);
        failingSequence = failing.sequenceNumber;
        if (config.maxRecordAttempts !== undefined && blamedFailures >= config.maxRecordAttempts) {
          await giveUp(failing, blamedFailures);
          await advance(failing.sequenceNumber);
          buffer.splice(0, 1);
          spaceFreed.signal();
          failures = 0;
          blamedFailures = 0;
          continue;
        }
        await pause(backoff(failures));
      } else {
        failures = 0;
        blamedFailures = 0;
      }
    }
    return { kind: 'stopped' };
  };

  /**
   * Several batches at once (`parallelization`). A record is handed out only while no earlier record of its ordering
   * key waits or is being handled, so each key's records still go in order; a failed record is retried after a
   * backoff without holding up other keys; the checkpoint moves over the records acknowledged without a gap, so a crash
   * delivers everything after it again.
   */
  const processInParallel = async ({ batches, orderingKey }: Parallelization): Promise<ShardOutcome> => {
    const done = new Set<Pending>();
    const handling = new Map<string, number>();
    // Failed deliveries of a record (for its backoff), and of those the ones that blamed it (for giving it up).
    const attempts = new Map<Pending, number>();
    const blamedAttempts = new Map<Pending, number>();
    const retryAt = new Map<Pending, number>();
    const running = new Set<Promise<void>>();
    const batchEnded = createWakeUp();
    let checkpointing: Promise<void> = Promise.resolve();

    const nextBatch = (now: number): Pending[] => {
      const batch: Pending[] = [];
      const held = new Set<string>();
      for (const pending of buffer) {
        if (batch.length >= config.batchSize) break;
        if (done.has(pending)) continue;
        const key = orderingKey(pending.record);
        if (held.has(key) || handling.has(key) || (retryAt.get(pending) ?? 0) > now) {
          held.add(key);
          continue;
        }
        batch.push(pending);
      }
      return batch;
    };

    // One at a time, in order: the acknowledged records at the head of the buffer become the checkpoint.
    const settle = async (): Promise<void> => {
      let count = 0;
      while (count < buffer.length && done.has(buffer[count]!)) count += 1;
      if (count === 0) return;
      await advance(buffer[count - 1]!.sequenceNumber);
      for (const pending of buffer.splice(0, count)) {
        done.delete(pending);
        attempts.delete(pending);
        blamedAttempts.delete(pending);
        retryAt.delete(pending);
      }
      spaceFreed.signal();
    };

    const handle = async (batch: Pending[]): Promise<void> => {
      const keys = batch.map((pending) => orderingKey(pending.record));
      for (const key of keys) handling.set(key, (handling.get(key) ?? 0) + 1);
      const { acknowledged, blamed } = await deliver(batch);
      for (const key of keys) {
        const left = handling.get(key)! - 1;
        if (left === 0) handling.delete(key);
        else handling.set(key, left);
      }
      for (const pending of batch.slice(0, acknowledged)) done.add(pending);
      const failing = batch[acknowledged];
      if (failing !== undefined) {
        const failures = (attempts.get(failing) ?? 0) + 1;
        attempts.set(failing, failures);
        const blamedFailures = (blamedAttempts.get(failing) ?? 0) + (blamed ? 1 : 0);
        blamedAttempts.set(failing, blamedFailures);
        if (config.maxRecordAttempts !== undefined && blamedFailures >= config.maxRecordAttempts) {
          await giveUp(failing, blamedFailures);
          done.add(failing);
        } else {
          retryAt.set(failing, Date.now() + backoff(failures));
        }
      }
      checkpointing = checkpointing.then(settle);
      await checkpointing;
    };

    const drain = async (): Promise<void> => {
      await Promise.all(running);
      await checkpointing;
    };

    while (!stopping) {
      if (expiredReason !== undefined || readerError !== undefined) {
        await drain();
        return expiredReason !== undefined ? { kind: 'expired', reason: expiredReason } : { kind: 'failed', error: readerError! };
      }
      const now = Date.now();
      while (running.size < batches) {
        const batch = nextBatch(now);
        if (batch.length === 0) break;
        const task: Promise<void> = handle(batch).finally(() => {
          running.delete(task);
          batchEnded.signal();
        });
        running.add(task);
      }
      if (running.size === 0 && buffer.length === 0 && closed) {
        await persist('finished shard', () => store.finish(shardId, streamArn));
        return { kind: 'finished' };
      }
      const retries = [...retryAt.values()].map((at) => at - now).filter((wait) => wait > 0);
      await Promise.race([batchEnded.wait(retries.length === 0 ? undefined : Math.min(...retries)), recordsArrived.wait()]);
    }
    await drain();
    return { kind: 'stopped' };
  };

  const stop = (): void => {
    stopping = true;
    recordsArrived.signal();
    spaceFreed.signal();
    stopRequested.signal();
  };

  const run = async (): Promise<ShardOutcome> => {
    let fetching: Promise<void> = Promise.resolve();
    try {
      const position = await open();
      if (position === undefined) return { kind: 'stopped' };
      if (position.kind === 'expired') return position;
      opened = true;
      fetching = fetchLoop(position.iterator).catch((error: unknown) => {
        logger?.error('stream reader failed', { ...log, error: errorName(error) });
        readerError = errorName(error);
        recordsArrived.signal();
      });
      return await (config.parallelization === undefined ? processLoop() : processInParallel(config.parallelization));
    } catch (error) {
      logger?.error('shard worker failed', { ...log, error: errorName(error) });
      return { kind: 'failed', error: errorName(error) };
    } finally {
      stop();
      await fetching;
    }
  };

  return {
    shardId,
    outcome: run(),
    stop,
    lag: () => pendingLag(buffer.length, buffer[0]?.record, lastPageFull || !opened, config.recordTime, Date.now()),
  };
};
