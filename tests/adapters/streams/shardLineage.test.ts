import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCheckpointStore } from '../../../adapters/streams/checkpointStore.js';
import { failedStreamRecord } from '../../../adapters/projection/deadLetters.js';
import { compareSequenceNumbers, type SequenceNumber } from '../../../adapters/streams/sequenceNumber.js';
import { startStreamPoller, type StreamPoller, type StreamPollerConfig } from '../../../adapters/streams/streamPoller.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { FakeStream } from './support/fakeStream.js';
import { deliveryCounts, firstDeliveriesInOrder, memoryLogger, recordingHandler, waitUntil, type Delivery } from './support/streamTestKit.js';

/**
 * Shard lineage against a fake stream (DynamoDB Local never rolls or splits a shard), with real checkpoints in
 * DynamoDB Local.
 */
describe('stream poller across shard lineage', () => {
  let dynamo: DynamoFixture;
  const running: StreamPoller[] = [];
  beforeAll(async () => {
    dynamo = await useDynamo();
  });
  afterAll(async () => {
    await Promise.all(running.map((poller) => poller.stop()));
  });

  const start = (stream: FakeStream, consumer: string, handler: StreamPollerConfig['handler'], overrides: Partial<StreamPollerConfig> = {}) => {
    const poller = startStreamPoller({
      streamsClient: stream.client,
      dynamoClient: dynamo.client,
      tableName: dynamo.tables.events,
      checkpointTable: dynamo.tables.readModels,
      consumer,
      handler,
      batchSize: 4,
      idleDelayMs: 10,
      retryDelayMs: 5,
      maxRetryDelayMs: 20,
      ...overrides,
    });
    running.push(poller);
    return poller;
  };
  const checkpoints = (consumer: string) => dynamoCheckpointStore(dynamo.client, dynamo.tables.readModels, consumer);
  const events = (deliveries: ReadonlyArray<Delivery>) => deliveries.map((d) => d.event);
  const shardOf = (stream: FakeStream) => {
    const owner = new Map<string, string>();
    for (const shard of stream.shards) for (const record of shard.records) owner.set(record.eventID!, shard.shardId);
    return (delivery: Delivery) => owner.get(delivery.event)!;
  };

  it('reads every parent to its end before any record of its children, through a rollover and a split', async () => {
    const stream = new FakeStream();
    // Listed children first, to show the order comes from the lineage, not from the listing.
    stream.open('d1', 'c').open('d2', 'c').open('c', 'root').open('root');
    stream.putVersions('root', 'a', 1, 5).putVersions('root', 'b', 1, 5).close('root');
    stream.putVersions('c', 'a', 6, 10).putVersions('c', 'b', 6, 8).close('c');
    stream.putVersions('d1', 'a', 11, 15).putVersions('d2', 'b', 9, 12);
    const consumer = `split-${randomUUID()}`;
    const recording = recordingHandler();
    const poller = start(stream, consumer, recording.handler);
    await waitUntil(() => recording.deliveries.length >= 27, 10_000, 'every record');
    await poller.stop();

    expect(deliveryCounts(recording.deliveries).size).toBe(27);
    expect(firstDeliveriesInOrder(recording.deliveries)).toBe(true);
    const shards = recording.deliveries.map(shardOf(stream));
    const lastOf = (shard: string) => shards.lastIndexOf(shard);
    const firstOf = (shard: string) => shards.indexOf(shard);
    expect(lastOf('root')).toBeLessThan(firstOf('c'));
    expect(lastOf('c')).toBeLessThan(Math.min(firstOf('d1'), firstOf('d2')));
    const saved = await checkpoints(consumer).load();
    expect(saved.get('root')?.finished).toBe(true);
    expect(saved.get('c')?.finished).toBe(true);
    expect(saved.get('d1')?.finished).toBe(false);
    expect(saved.get('d1')?.sequenceNumber).toBe(stream.sequenceNumber('d1', 4));
  });

  it('finds the child of a shard that closes while it runs, at once, without waiting for the next listing', async () => {
    const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 3);
    const recording = recordingHandler();
    const poller = start(stream, `rollover-${randomUUID()}`, recording.handler, { describeIntervalMs: 60_000 });
    await waitUntil(() => recording.deliveries.length >= 3, 10_000, 'the first records');
    // A rollover: the parent gets a last record and closes, the child takes over.
    stream.put('root', 'a', 4).open('child', 'root').putVersions('child', 'a', 5, 8).close('root');
    await waitUntil(() => recording.deliveries.length >= 8, 10_000, 'the child records');
    await poller.stop();
    expect(events(recording.deliveries)).toEqual(['a#1', 'a#2', 'a#3', 'a#4', 'a#5', 'a#6', 'a#7', 'a#8']);
  });

  it('resumes in the child after a restart when the finished parent has left the stream, and forgets the parent', async () => {
    const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 4).close('root');
    stream.open('child', 'root').putVersions('child', 'a', 5, 9);
    const consumer = `resume-${randomUUID()}`;
    const first = recordingHandler();
    const rebuilds: string[] = [];
    const onExpiredCheckpoint = async () => void rebuilds.push('rebuild');
    const poller = start(stream, consumer, first.handler, { onExpiredCheckpoint });
    await waitUntil(() => first.deliveries.length >= 9, 10_000, 'every record');
    await poller.stop();
    stream.remove('root').putVersions('child', 'a', 10, 12);

    const second = recordingHandler();
    const again = start(stream, consumer, second.handler, { onExpiredCheckpoint });
    await waitUntil(() => second.deliveries.length >= 3, 10_000, 'the new records');
    await again.stop();
    expect(events(second.deliveries)).toEqual(['a#10', 'a#11', 'a#12']);
    // Once at the very first start, never for the restart.
    expect(rebuilds).toEqual(['rebuild']);
    expect([...(await checkpoints(consumer).load()).keys()]).toEqual(['child']);
  });

  it('reads a child whose finished parent left the stream without a rebuild, then forgets the parent', async () => {
    const stream = new FakeStream().open('child', 'old-parent').putVersions('child', 'a', 5, 7);
    const consumer = `vouch-${randomUUID()}`;
    await checkpoints(consumer).finish('old-parent', dynamo.eventsStreamArn);
    const rebuilds: string[] = [];
    const recording = recordingHandler();
    const poller = start(stream, consumer, recording.handler, {
      describeIntervalMs: 20,
      onExpiredCheckpoint: async () => void rebuilds.push('rebuild'),
    });
    await waitUntil(() => recording.deliveries.length >= 3, 10_000, 'the child records');
    let saved = await checkpoints(consumer).load();
    for (let round = 0; saved.has('old-parent') && round < 100; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      saved = await checkpoints(consumer).load();
    }
    await poller.stop();
    expect(rebuilds).toEqual([]);
    expect(events(recording.deliveries)).toEqual(['a#5', 'a#6', 'a#7']);
    expect([...saved.keys()]).toEqual(['child']);
  });

  it('gives a record that always fails up after maxRecordAttempts, logs its keys, and goes on with the rest', async () => {
    const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 6);
    let attemptsOfThird = 0;
    const recording = recordingHandler((batch) => {
      const third = batch.find((delivery) => delivery.event === 'a#3');
      if (third === undefined) return { batchItemFailures: [] };
      attemptsOfThird += 1;
      return { batchItemFailures: [{ itemIdentifier: third.sequenceNumber }] };
    });
    const { logger, lines } = memoryLogger();
    const consumer = `give-up-${randomUUID()}`;
    const givenUp: Array<{ source: string; attempts: number; checkpointPassedIt: boolean }> = [];
    const onGiveUp = async (record: DynamoDBRecord, attempts: number) => {
      const saved = (await checkpoints(consumer).load()).get('root')?.sequenceNumber;
      const sequenceNumber = record.dynamodb!.SequenceNumber!;
      givenUp.push({ source: failedStreamRecord(record).source, attempts, checkpointPassedIt: saved !== undefined && compareSequenceNumbers(saved, sequenceNumber as SequenceNumber) >= 0 });
    };
    const poller = start(stream, consumer, recording.handler, { maxRecordAttempts: 3, logger, onGiveUp });
    const after = () => recording.batches.filter((batch) => !batch.some((d) => d.event === 'a#3')).flat().map((d) => d.event);
    await waitUntil(() => after().includes('a#6'), 10_000, 'the records after the failing one');
    await poller.stop();
    expect(attemptsOfThird).toBe(3);
    expect(after()).toEqual(['a#4', 'a#5', 'a#6']);
    expect(lines.filter((line) => line.message === 'stream record given up after repeated failures')).toHaveLength(1);
    // Parked before the checkpoint moved past it: a crash in between delivers it again rather than losing its trace.
    expect(givenUp).toEqual([{ source: 'a#3', attempts: 3, checkpointPassedIt: false }]);
  });

  it('gives no record up for a handler that throws (its destination is down), however long, and delivers all once it is back', async () => {
    const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 3);
    let down = true;
    const recording = recordingHandler(() => {
      if (down) throw new Error('the destination is down');
      return { batchItemFailures: [] };
    });
    const givenUp: string[] = [];
    const poller = start(stream, `outage-${randomUUID()}`, recording.handler, { maxRecordAttempts: 3, onGiveUp: async (record) => void givenUp.push(failedStreamRecord(record).source) });
    await waitUntil(() => recording.batches.length >= 10, 10_000, 'many failed deliveries');
    down = false;
    await waitUntil(() => poller.lag().records === 0, 10_000, 'every record acknowledged');
    await poller.stop();
    expect(givenUp).toEqual([]);
    expect(new Set(events(recording.deliveries))).toEqual(new Set(['a#1', 'a#2', 'a#3']));
  });

  it('recovers from an expired iterator without losing or repeating a record', async () => {
    const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 6);
    const recording = recordingHandler();
    const poller = start(stream, `iterator-${randomUUID()}`, recording.handler);
    await waitUntil(() => recording.deliveries.length >= 6, 10_000, 'the first records');
    stream.expireNextIterator().putVersions('root', 'a', 7, 10);
    await waitUntil(() => recording.deliveries.length >= 10, 10_000, 'the later records');
    await poller.stop();
    expect(events(recording.deliveries)).toEqual(Array.from({ length: 10 }, (_, i) => `a#${i + 1}`));
    expect(stream.calls.filter((call) => call === 'GetShardIterator AFTER_SEQUENCE_NUMBER')).toHaveLength(1);
  });

  describe('with a checkpoint in the middle of the shard', () => {
    const withCheckpoint = async (trimmed: number) => {
      const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 10);
      const consumer = `trim-${randomUUID()}`;
      const arn = dynamo.eventsStreamArn;
      await checkpoints(consumer).advance('root', arn, stream.sequenceNumber('root', 2) as SequenceNumber);
      stream.trim('root', trimmed);
      const order: string[] = [];
      const recording = recordingHandler();
      const { logger, lines } = memoryLogger();
      const poller = start(stream, consumer, async (event) => {
        order.push('records');
        return recording.handler(event);
      }, { logger, onExpiredCheckpoint: async () => void order.push('rebuild') });
      await waitUntil(() => recording.deliveries.some((d) => d.event === 'a#10'), 10_000, 'the last record');
      await poller.stop();
      return { order, delivered: events(recording.deliveries), lines };
    };

    it('rebuilds first when records after the checkpoint expired unread, then reads what the stream holds', async () => {
      const { order, delivered, lines } = await withCheckpoint(6);
      expect(order[0]).toBe('rebuild');
      expect(order.filter((step) => step === 'rebuild')).toHaveLength(1);
      expect(delivered).toEqual(['a#7', 'a#8', 'a#9', 'a#10']);
      expect(lines.find((line) => line.message === 'checkpoints unusable, rebuilding')?.attributes.reason).toBe(
        'records after the checkpoint expired from the stream',
      );
    });

    it('goes on without a rebuild when only records up to the checkpoint expired', async () => {
      const { order, delivered } = await withCheckpoint(3);
      expect(order).not.toContain('rebuild');
      expect(delivered).toEqual(['a#4', 'a#5', 'a#6', 'a#7', 'a#8', 'a#9', 'a#10']);
    });
  });

  it("rebuilds when a shard's parent left the stream before the consumer accounted for it", async () => {
    const stream = new FakeStream().open('child', 'never-seen').putVersions('child', 'a', 7, 9);
    const consumer = `orphan-${randomUUID()}`;
    // The consumer has checkpoints, just none for this lineage.
    await checkpoints(consumer).finish('unrelated-old-shard', dynamo.eventsStreamArn);
    const order: string[] = [];
    const recording = recordingHandler();
    const { logger, lines } = memoryLogger();
    const poller = start(stream, consumer, async (event) => {
      order.push('records');
      return recording.handler(event);
    }, { logger, onExpiredCheckpoint: async () => void order.push('rebuild') });
    await waitUntil(() => recording.deliveries.length >= 3, 10_000, 'the records');
    await poller.stop();
    expect(order[0]).toBe('rebuild');
    expect(lines.find((line) => line.message === 'checkpoints unusable, rebuilding')?.attributes.reason).toBe("a shard's parent left the stream unread");
  });

  it('keeps retrying a rebuild that fails, reading nothing until it succeeds', async () => {
    const stream = new FakeStream().open('root').putVersions('root', 'a', 1, 3);
    let attempts = 0;
    const recording = recordingHandler();
    const poller = start(stream, `failing-rebuild-${randomUUID()}`, recording.handler, {
      onExpiredCheckpoint: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('scan failed');
        expect(recording.deliveries).toEqual([]);
      },
    });
    await waitUntil(() => recording.deliveries.length >= 3, 10_000, 'the records');
    expect(poller.lag().more).toBe(false);
    await poller.stop();
    expect(attempts).toBe(3);
  });
});
