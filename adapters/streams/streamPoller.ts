import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, type DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { dynamoCheckpointStore, type ShardCheckpoint } from './checkpointStore.js';
import { approximateCreationTime, combinedLag, type ProjectionLag, type RecordTime } from './projectionLag.js';
import { orphanedShards, readableShards, type StreamShard } from './shardTree.js';
import { startShardWorker, type Parallelization, type ShardOutcome, type ShardWorker } from './shardWorker.js';
import type { StreamHandler, StreamPollerLogger } from './streamConsumer.js';
import { errorName } from './streamErrors.js';
import { createWakeUp } from './wakeUp.js';

export type { StreamHandler, StreamPollerLogger } from './streamConsumer.js';
export type { Parallelization } from './shardWorker.js';

export interface StreamPollerConfig {
  readonly streamsClient: DynamoDBStreamsClient;
  readonly dynamoClient: DynamoDBClient;
  /** The table whose stream is read (the events table). */
  readonly tableName: string;
  /** The table holding the checkpoints (the read-model table: string keys `pk`, `sk`). */
  readonly checkpointTable: string;
  /** Names the consumer; each consumer has its own checkpoints (`checkpoint#<consumer>`), so several can read one stream. */
  readonly consumer: string;
  readonly handler: StreamHandler;
  /** Records per handler call; default 100 (Lambda's default for DynamoDB Streams). */
  readonly batchSize?: number;
  /**
   * Records per GetRecords call, at most 1,000 (the default). Up to two such pages are held ahead of the handler;
   * reading is the bottleneck (DynamoDB Local: about 7,500 records/s at batchSize 100 with full pages, half that
   * with pages of 100).
   */
  readonly readLimit?: number;
  /** Pause after a read of an open shard that was not a full page; default 200 ms. */
  readonly idleDelayMs?: number;
  /** Pause before listing the stream's shards again, to find new ones; default 10 s (a closed shard lists at once). */
  readonly describeIntervalMs?: number;
  /** First pause after a failure, doubled per further failure up to `maxRetryDelayMs`; defaults 100 ms and 5 s. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /**
   * Deliveries of one record before it is given up on (logged as an error with its keys and skipped), like a Lambda
   * mapping's maximum retry attempts; unbounded by default. Only deliveries whose failure the handler reported for
   * that record count: a handler that throws (its destination is down) blames none. The record stays in the table, so
   * nothing is lost to a rebuild or an export.
   */
  readonly maxRecordAttempts?: number;
  /**
   * Called with a record given up on, before the checkpoint moves past it (retried until it succeeds): where the AWS
   * mapping sends it to its on-failure destination, the local runtime parks it as a dead letter.
   */
  readonly onGiveUp?: (record: DynamoDBRecord, attempts: number) => Promise<void>;
  /**
   * Batches of one shard handled at once, like a Lambda mapping's ParallelizationFactor; one at a time when absent.
   * The records of one ordering key still go in order, one batch at a time; a failing record holds up only its key.
   */
  readonly parallelization?: Parallelization;
  /**
   * The rebuild, run when the checkpoints cannot be resumed without missing records (see `startStreamPoller`), told why
   * and whether the table's stream itself changed. Reading then starts over from the oldest record the stream holds:
   * unless the stream changed, that is every record of its retention period, so the rebuild need only cover older ones.
   * Without it the poller logs an error and reads what the stream still holds.
   */
  readonly onExpiredCheckpoint?: (cause: { readonly reason: string; readonly streamChanged: boolean; readonly streamArn: string }) => Promise<void>;
  /** When a record was written, for the lag in milliseconds; default the stream's approximate creation time. */
  readonly recordTime?: RecordTime;
  readonly logger?: StreamPollerLogger;
}

/** A running poller. */
export interface StreamPoller {
  /** Lets every batch in flight finish and its checkpoint be written, then ends all reading. */
  stop(): Promise<void>;
  /** The consumer's lag, summed over its shards (see ProjectionLag for what it can and cannot see). */
  lag(): ProjectionLag;
}

const latestStreamArn = async (client: DynamoDBClient, tableName: string): Promise<string> => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = Table?.LatestStreamArn;
  if (arn === undefined || Table?.StreamSpecification?.StreamEnabled !== true) throw new Error(`table ${tableName} has no stream`);
  return arn;
};

const listShards = async (client: DynamoDBStreamsClient, streamArn: string): Promise<StreamShard[]> => {
  const shards: StreamShard[] = [];
  let startAfter: string | undefined;
  do {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: startAfter }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (shard.ShardId === undefined) continue;
      shards.push({
        shardId: shard.ShardId,
        parentShardId: shard.ParentShardId,
        startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber,
        endingSequenceNumber: shard.SequenceNumberRange?.EndingSequenceNumber,
      });
    }
    startAfter = StreamDescription?.LastEvaluatedShardId;
  } while (startAfter !== undefined);
  return shards;
};

/** A consumer's first start: whatever the stream no longer holds can only come from a rebuild. */
const noCheckpoint = 'the consumer has no checkpoint yet';
const earlierStream = 'the checkpoints belong to an earlier stream of the table';

/** Why the checkpoints cannot be resumed as they are, or undefined when they can. */
const unusableCheckpoints = (
  shards: ReadonlyArray<StreamShard>,
  checkpoints: ReadonlyMap<string, ShardCheckpoint>,
  streamArn: string,
): string | undefined => {
  if (checkpoints.size === 0) return shards.length === 0 ? undefined : noCheckpoint;
  const listed = new Set(shards.map((shard) => shard.shardId));
  for (const checkpoint of checkpoints.values()) {
    if (checkpoint.streamArn !== undefined && checkpoint.streamArn !== streamArn) return earlierStream;
    if (!checkpoint.finished && !listed.has(checkpoint.shardId)) return 'a shard left the stream before it was read to its end';
  }
  if (orphanedShards(shards, new Set(checkpoints.keys())).length > 0) return "a shard's parent left the stream unread";
  return undefined;
};

/**
 * Starts reading the table's stream through the DynamoDB Streams API into `handler`, as Lambda's event source
 * mapping would: batches of records in stream order, parents before children, partial batch responses honoured,
 * and a checkpoint written after each acknowledged batch (at least once: a crash between the handler and the
 * checkpoint delivers that batch again, so the handler must be idempotent). Each shard is read by its own worker;
 * the shards are listed again periodically and whenever one is read to its end.
 *
 * Expired checkpoints. The stream holds records for 24 hours; when the checkpoints cannot be resumed without a gap
 * (a record after a checkpoint has expired, a checkpointed shard or a shard's parent left the stream unread, the
 * checkpoint names no record of its shard, the table's stream changed, or the consumer has no checkpoint at all),
 * every worker is stopped, `onExpiredCheckpoint` runs, all checkpoints of the consumer are deleted, every listed shard
 * is recorded as accounted for, and reading starts over from the oldest record each shard holds (TRIM_HORIZON).
 * Nothing is lost as long as the rebuild covers what the stream does not hold: the table itself for the projector;
 * for the publisher, the events older than the stream's retention or than the stream itself (`streamArn`, whose
 * label is when it began). Every record written after the rebuild began is still in the stream and is read again
 * from TRIM_HORIZON; records both rebuilt and in the stream are delivered twice, which the version-guarded projector
 * ignores and feed consumers drop by (stream, version). A crash during the rebuild leaves the checkpoints as they
 * were, so the next start rebuilds again.
 */
export const startStreamPoller = (config: StreamPollerConfig): StreamPoller => {
  const { streamsClient, dynamoClient, logger } = config;
  const batchSize = config.batchSize ?? 100;
  const readLimit = Math.max(1, Math.min(1000, config.readLimit ?? 1000));
  const retryDelayMs = config.retryDelayMs ?? 100;
  const maxRetryDelayMs = config.maxRetryDelayMs ?? 5000;
  const describeIntervalMs = config.describeIntervalMs ?? 10_000;
  const store = dynamoCheckpointStore(dynamoClient, config.checkpointTable, config.consumer);
  const log = { consumer: config.consumer, table: config.tableName };

  const workers = new Map<string, ShardWorker>();
  const finished = new Set<string>();
  const wake = createWakeUp();
  let stopping = false;
  let reading = false;
  // Set when something happened that the next round must see; a wake-up signal alone is lost while a round runs.
  let roundDue = false;
  let expiredReason: string | undefined;
  let currentStream: string | undefined;

  const onOutcome = (worker: ShardWorker, outcome: ShardOutcome): void => {
    if (workers.get(worker.shardId) === worker) workers.delete(worker.shardId);
    if (outcome.kind === 'finished') finished.add(worker.shardId);
    if (outcome.kind === 'expired') expiredReason ??= outcome.reason;
    // A failed worker is started again by the next regular round, not at once: it may fail again at once.
    if (outcome.kind === 'failed') return;
    roundDue = true;
    wake.signal();
  };

  const startWorker = (shard: StreamShard, checkpoint: ShardCheckpoint | undefined, streamArn: string): void => {
    const worker = startShardWorker({
      streamsClient,
      streamArn,
      shard,
      checkpoint,
      store,
      handler: config.handler,
      batchSize,
      readLimit,
      idleDelayMs: config.idleDelayMs ?? 200,
      retryDelayMs,
      maxRetryDelayMs,
      ...(config.maxRecordAttempts === undefined ? {} : { maxRecordAttempts: config.maxRecordAttempts }),
      ...(config.onGiveUp === undefined ? {} : { onGiveUp: config.onGiveUp }),
      ...(config.parallelization === undefined ? {} : { parallelization: config.parallelization }),
      recordTime: config.recordTime ?? approximateCreationTime,
      logger,
    });
    workers.set(shard.shardId, worker);
    void worker.outcome.then((outcome) => onOutcome(worker, outcome));
  };

  const stopWorkers = async (): Promise<void> => {
    const running = [...workers.values()];
    for (const worker of running) worker.stop();
    await Promise.all(running.map((worker) => worker.outcome));
    workers.clear();
  };

  const rebuild = async (reason: string, shards: ReadonlyArray<StreamShard>, streamArn: string): Promise<void> => {
    reading = false;
    await stopWorkers();
    if (config.onExpiredCheckpoint === undefined) {
      if (reason === noCheckpoint) logger?.info('no checkpoint yet and no rebuild configured', log);
      else logger?.error('checkpoints unusable and no rebuild configured: records may have been missed', { ...log, reason });
    } else {
      logger?.warn('checkpoints unusable, rebuilding', { ...log, reason });
      await config.onExpiredCheckpoint({ reason, streamChanged: reason === earlierStream, streamArn });
    }
    await store.reset();
    for (const shard of shards) await store.begin(shard.shardId, streamArn);
    finished.clear();
    expiredReason = undefined;
    logger?.info('reading the stream from its oldest records', { ...log, shards: shards.length });
  };

  // One round: list the shards, settle unusable checkpoints, start a worker for every shard that may be read now.
  const round = async (): Promise<void> => {
    const streamArn = await latestStreamArn(dynamoClient, config.tableName);
    if (currentStream !== undefined && streamArn !== currentStream) {
      logger?.warn('the table has a new stream', log);
      await stopWorkers();
      finished.clear();
    }
    currentStream = streamArn;
    const shards = await listShards(streamsClient, streamArn);
    const checkpoints = await store.load();
    const reason = expiredReason ?? unusableCheckpoints(shards, checkpoints, streamArn);
    if (reason !== undefined) return rebuild(reason, shards, streamArn);
    const listed = new Set(shards.map((shard) => shard.shardId));
    // A finished parent's checkpoint is what vouches for its children until they have checkpoints of their own.
    const vouching = new Set(shards.filter((shard) => !checkpoints.has(shard.shardId)).map((shard) => shard.parentShardId));
    const obsolete = [...checkpoints.values()].filter(
      (checkpoint) => checkpoint.finished && !listed.has(checkpoint.shardId) && !vouching.has(checkpoint.shardId),
    );
    if (obsolete.length > 0) await store.forget(obsolete.map((checkpoint) => checkpoint.shardId));
    for (const checkpoint of checkpoints.values()) if (checkpoint.finished) finished.add(checkpoint.shardId);
    for (const shard of readableShards(shards, finished, new Set(workers.keys()))) {
      startWorker(shard, checkpoints.get(shard.shardId), streamArn);
    }
    reading = true;
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!stopping) {
      try {
        roundDue = false;
        await round();
        failures = 0;
        if (!stopping && !roundDue && expiredReason === undefined && reading) await wake.wait(describeIntervalMs);
      } catch (error) {
        failures += 1;
        logger?.warn('stream poller round failed, retrying', { ...log, error: errorName(error), failures });
        if (!stopping) await wake.wait(Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (failures - 1)));
      }
    }
    await stopWorkers();
  };

  const running = run();

  return {
    stop: async () => {
      stopping = true;
      wake.signal();
      await running;
    },
    lag: () => {
      const lag = combinedLag([...workers.values()].map((worker) => worker.lag()));
      return reading ? lag : { ...lag, more: true };
    },
  };
};
