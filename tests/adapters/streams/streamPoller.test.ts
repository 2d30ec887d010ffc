import { randomUUID } from 'node:crypto';
import { DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamoCheckpointStore } from '../../../adapters/streams/checkpointStore.js';
import { recordedAtTime } from '../../../adapters/streams/projectionLag.js';
import type { SequenceNumber } from '../../../adapters/streams/sequenceNumber.js';
import { createStreamsClient } from '../../../adapters/streams/streamsClient.js';
import { startStreamPoller, type StreamPoller, type StreamPollerConfig } from '../../../adapters/streams/streamPoller.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import {
  allEvents,
  deliveryCounts,
  deliveryOf,
  firstDeliveriesInOrder,
  highestSequence,
  memoryLogger,
  recordingHandler,
  waitUntil,
  writeEvents,
} from './support/streamTestKit.js';

/** Every test gets tables of its own (a fresh stream), so it sees exactly the records it writes. */
describe('DynamoDB Streams poller against DynamoDB Local', () => {
  const running: StreamPoller[] = [];
  const clients: Array<ReturnType<typeof createStreamsClient>> = [];

  afterAll(async () => {
    await Promise.all(running.map((poller) => poller.stop()));
    for (const client of clients) client.destroy();
  });

  interface Setup {
    readonly dynamo: DynamoFixture;
    readonly shardId: string;
    start(consumer: string, handler: StreamPollerConfig['handler'], overrides?: Partial<StreamPollerConfig>): StreamPoller;
    write(streamIds: ReadonlyArray<string>, perStream: number, firstVersion?: number): Promise<void>;
    checkpoints(consumer: string): ReturnType<typeof dynamoCheckpointStore>;
  }

  const setUp = async (): Promise<Setup> => {
    const dynamo = await useDynamo();
    const streamsClient = createStreamsClient(dynamo.endpoint);
    clients.push(streamsClient);
    const { StreamDescription } = await streamsClient.send(new DescribeStreamCommand({ StreamArn: dynamo.eventsStreamArn }));
    return {
      dynamo,
      shardId: StreamDescription!.Shards![0]!.ShardId!,
      start: (consumer, handler, overrides = {}) => {
        const poller = startStreamPoller({
          streamsClient,
          dynamoClient: dynamo.client,
          tableName: dynamo.tables.events,
          checkpointTable: dynamo.tables.readModels,
          consumer,
          handler,
          batchSize: 10,
          idleDelayMs: 20,
          retryDelayMs: 10,
          maxRetryDelayMs: 50,
          ...overrides,
        });
        running.push(poller);
        return poller;
      },
      write: (streamIds, perStream, firstVersion) => writeEvents(dynamo.client, dynamo.tables.events, streamIds, perStream, firstVersion),
      checkpoints: (consumer) => dynamoCheckpointStore(dynamo.client, dynamo.tables.readModels, consumer),
    };
  };

  const freshStreams = (count: number): string[] => Array.from({ length: count }, () => `test-${randomUUID()}`);

  it('delivers every record once, each aggregate in order, shaped as Lambda delivers it', async () => {
    const t = await setUp();
    const ids = freshStreams(5);
    await t.write(ids, 20);
    const seen: DynamoDBStreamEvent[] = [];
    const recording = recordingHandler();
    const poller = t.start('shape', async (event) => {
      seen.push(event);
      return recording.handler(event);
    });
    await waitUntil(() => recording.deliveries.length >= 100, 20_000, 'all records');
    await poller.stop();

    expect(recording.deliveries.map((d) => d.event).sort()).toEqual(allEvents(ids, 20).sort());
    expect(firstDeliveriesInOrder(recording.deliveries)).toBe(true);
    const record = seen[0]!.Records[0]!;
    expect(record).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', eventSourceARN: t.dynamo.eventsStreamArn });
    expect(typeof record.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(record.dynamodb?.StreamViewType).toBe('NEW_IMAGE');
    expect(record.dynamodb?.NewImage?.type?.S).toBe('Something');
    expect(record.dynamodb?.Keys?.stream_id?.S).toMatch(/^test-/);
    // Sequence numbers only ever grow along the stream.
    const numbers = recording.deliveries.map((d) => BigInt(d.sequenceNumber));
    expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
  });

  it('hands the handler at most batchSize records at a time', async () => {
    const t = await setUp();
    const ids = freshStreams(1);
    await t.write(ids, 35);
    const recording = recordingHandler();
    const poller = t.start('batches', recording.handler, { batchSize: 7 });
    await waitUntil(() => recording.deliveries.length >= 35, 20_000, 'all records');
    await poller.stop();
    expect(recording.batches.map((batch) => batch.length)).toEqual([7, 7, 7, 7, 7]);
  });

  it('stopped mid-stream and restarted, skips no record and applies none twice', async () => {
    const t = await setUp();
    const ids = freshStreams(6);
    await t.write(ids, 25);
    const first = recordingHandler();
    let stopping: Promise<void> | undefined;
    const poller = t.start('restart', async (event) => {
      const answer = await first.handler(event);
      // Stop from inside the 4th batch: the batch in flight must still be checkpointed.
      if (first.batches.length === 4) stopping = poller.stop();
      return answer;
    });
    await waitUntil(() => stopping !== undefined, 20_000, 'the 4th batch');
    await stopping;
    expect(first.deliveries).toHaveLength(40);

    // More events arrive while the consumer is down.
    await t.write(ids, 5, 26);
    const second = recordingHandler();
    const rebuilds: number[] = [];
    const restarted = t.start('restart', second.handler, { onExpiredCheckpoint: async () => void rebuilds.push(1) });
    await waitUntil(() => first.deliveries.length + second.deliveries.length >= 180, 20_000, 'the rest');
    // Every record acknowledged and checkpointed: nothing is left that could still come again.
    await waitUntil(() => restarted.lag().records === 0, 20_000, 'every record acknowledged');
    await restarted.stop();

    const all = [...first.deliveries, ...second.deliveries];
    const counts = deliveryCounts(all);
    expect([...counts.keys()].sort()).toEqual(allEvents(ids, 30).sort());
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(firstDeliveriesInOrder(all)).toBe(true);
    expect(rebuilds).toEqual([]);
  });

  it('retries a partially failed batch from the earliest failed record, acknowledging those before it', async () => {
    const t = await setUp();
    const ids = freshStreams(1);
    await t.write(ids, 30);
    const failing = `${ids[0]}#13`;
    let failuresLeft = 2;
    const recording = recordingHandler((batch) => {
      const index = batch.findIndex((d) => d.event === failing);
      if (index < 0 || failuresLeft === 0) return { batchItemFailures: [] };
      failuresLeft -= 1;
      // Two failures reported, the later one first: the earliest decides where the retry starts.
      const later = batch[Math.min(batch.length - 1, index + 2)]!;
      return { batchItemFailures: [{ itemIdentifier: later.sequenceNumber }, { itemIdentifier: batch[index]!.sequenceNumber }] };
    });
    const poller = t.start('partial', recording.handler);
    await waitUntil(() => recording.deliveries.some((d) => d.event === `${ids[0]}#30`), 20_000, 'last record');
    await poller.stop();

    const counts = deliveryCounts(recording.deliveries);
    for (let version = 1; version < 13; version += 1) expect(counts.get(`${ids[0]}#${version}`)).toBe(1);
    expect(counts.get(failing)).toBe(3);
    expect(counts.size).toBe(30);
    // Both retries begin exactly at the failed record.
    const withFailing = recording.batches.filter((batch) => batch.some((d) => d.event === failing));
    expect(withFailing.slice(1).map((batch) => batch[0]!.event)).toEqual([failing, failing]);
    expect(firstDeliveriesInOrder(recording.deliveries)).toBe(true);
    const checkpoint = (await t.checkpoints('partial').load()).get(t.shardId);
    expect(checkpoint?.sequenceNumber).toBe(recording.deliveries.at(-1)!.sequenceNumber);
  });

  it('retries the whole batch when the handler throws or names a record outside the batch', async () => {
    const t = await setUp();
    const ids = freshStreams(1);
    await t.write(ids, 5);
    let calls = 0;
    const recording = recordingHandler(() => {
      calls += 1;
      if (calls === 1) throw new Error('projection store unavailable');
      if (calls === 2) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
      return { batchItemFailures: [] };
    });
    const { logger, lines } = memoryLogger();
    const poller = t.start('throws', recording.handler, { logger });
    await waitUntil(() => calls >= 3, 20_000, 'three tries');
    await poller.stop();
    expect([...deliveryCounts(recording.deliveries).values()]).toEqual([3, 3, 3, 3, 3]);
    expect(lines.some((line) => line.message.includes('handler failed') && line.attributes.error === 'Error')).toBe(true);
    // Logs carry names and counts only, never a record or an error's message.
    expect(JSON.stringify(lines)).not.toContain('projection store unavailable');
  });

  it('runs consumers side by side, each with its own checkpoints', async () => {
    const t = await setUp();
    const ids = freshStreams(2);
    await t.write(ids, 10);
    const projector = recordingHandler();
    const publisher = recordingHandler();
    const a = t.start('projector', projector.handler);
    const b = t.start('publisher', publisher.handler, { batchSize: 3 });
    await waitUntil(() => projector.deliveries.length >= 20 && publisher.deliveries.length >= 20, 20_000, 'both consumers');
    await Promise.all([a.stop(), b.stop()]);
    expect(deliveryCounts(projector.deliveries).size).toBe(20);
    expect(deliveryCounts(publisher.deliveries).size).toBe(20);
    const last = projector.deliveries.at(-1)!.sequenceNumber;
    expect((await t.checkpoints('projector').load()).get(t.shardId)?.sequenceNumber).toBe(last);
    expect((await t.checkpoints('publisher').load()).get(t.shardId)?.sequenceNumber).toBe(last);
  });

  it('rebuilds on its first start, and not again once it has checkpoints', async () => {
    const t = await setUp();
    const rebuilds: string[] = [];
    const ids = freshStreams(1);
    const recording = recordingHandler();
    const first = t.start('first-start', recording.handler, { onExpiredCheckpoint: async ({ reason }) => void rebuilds.push(reason) });
    await t.write(ids, 3);
    await waitUntil(() => recording.deliveries.length >= 3, 20_000, 'records');
    await first.stop();
    expect(rebuilds).toEqual(['the consumer has no checkpoint yet']);
    const again = t.start('first-start', recording.handler, { onExpiredCheckpoint: async () => void rebuilds.push('rebuild') });
    await t.write(ids, 1, 4);
    await waitUntil(() => recording.deliveries.length >= 4, 20_000, 'the new record');
    await again.stop();
    expect(rebuilds).toEqual(['the consumer has no checkpoint yet']);
    expect(deliveryCounts(recording.deliveries).size).toBe(4);
  });

  describe('falls back to a rebuild, then reads the stream from its oldest record, when the checkpoint', () => {
    const expectFallback = async (plant: (t: Setup) => Promise<unknown>) => {
      const t = await setUp();
      const ids = freshStreams(2);
      await t.write(ids, 10);
      await plant(t);
      const order: string[] = [];
      const changes: boolean[] = [];
      const recording = recordingHandler();
      const { logger, lines } = memoryLogger();
      const poller = t.start('expired', async (event) => {
        order.push('records');
        return recording.handler(event);
      }, { logger, onExpiredCheckpoint: async ({ streamChanged }) => void (order.push('rebuild'), changes.push(streamChanged)) });
      await waitUntil(() => recording.deliveries.length >= 20, 20_000, 'records from the oldest');
      await poller.stop();
      expect(order[0]).toBe('rebuild');
      expect(order.filter((step) => step === 'rebuild')).toHaveLength(1);
      expect(deliveryCounts(recording.deliveries).size).toBe(20);
      // The unusable checkpoint is gone; only the live shard's remains, at the last record.
      const checkpoints = await t.checkpoints('expired').load();
      expect([...checkpoints.keys()]).toEqual([t.shardId]);
      expect(checkpoints.get(t.shardId)?.sequenceNumber).toBe(recording.deliveries.at(-1)!.sequenceNumber);
      const reasons = lines.filter((line) => line.message === 'checkpoints unusable, rebuilding').map((line) => line.attributes.reason);
      // Only a checkpoint of an earlier stream says the stream itself changed (and lacks the older records).
      expect(changes).toEqual(reasons.map((reason) => reason === 'the checkpoints belong to an earlier stream of the table'));
      return reasons;
    };
    const plantAt = (t: Setup, shardId: string, sequenceNumber: string, streamArn = t.dynamo.eventsStreamArn) =>
      t.checkpoints('expired').advance(shardId, streamArn, sequenceNumber as SequenceNumber);

    it('belongs to a shard that is no longer in the stream', async () => {
      const reasons = await expectFallback((t) => plantAt(t, 'shardId-00000001000000000000-00000000', '000000000000000000042'));
      expect(reasons).toEqual(['a shard left the stream before it was read to its end']);
    });

    it('lies before the shard (a bogus sequence number)', async () => {
      const reasons = await expectFallback((t) => plantAt(t, t.shardId, '000000000000000000000'));
      expect(reasons).toEqual(['the checkpoint lies before the shard']);
    });

    it('names a record the shard never had (DynamoDB Local would silently skip up to it)', async () => {
      const reasons = await expectFallback((t) => plantAt(t, t.shardId, '000000000009999999999'));
      expect(reasons).toEqual(['the checkpoint names no record of the shard']);
    });

    it('belongs to an earlier stream of the table', async () => {
      const reasons = await expectFallback((t) => plantAt(t, t.shardId, '000000000000000000001', 'arn:aws:dynamodb:ddblocal:000000000000:table/x/stream/old'));
      expect(reasons).toEqual(['the checkpoints belong to an earlier stream of the table']);
    });
  });

  it('reports the records it holds unacknowledged and how old the oldest is, zero once caught up', async () => {
    const t = await setUp();
    const ids = freshStreams(1);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const recording = recordingHandler();
    const poller = t.start('lag', async (event) => {
      await gate;
      return recording.handler(event);
    }, { recordTime: recordedAtTime, batchSize: 5 });
    await waitUntil(() => !poller.lag().more, 20_000, 'the first read');
    expect(poller.lag()).toEqual({ records: 0, millis: 0, more: false });
    await t.write(ids, 12);
    await waitUntil(() => poller.lag().records === 12, 20_000, 'twelve pending records');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const held = poller.lag();
    expect(held.records).toBe(12);
    expect(held.millis).toBeGreaterThanOrEqual(100);
    expect(held.millis).toBeLessThan(20_000);
    release();
    await waitUntil(() => recording.deliveries.length >= 12, 20_000, 'release');
    await waitUntil(() => poller.lag().records === 0, 20_000, 'caught up');
    expect(poller.lag()).toEqual({ records: 0, millis: 0, more: false });
    await poller.stop();
  });

  // Waits of ten minutes: a stop that sat them out could not end within the test's timeout, so no clock is read here.
  it('stops without sitting out its idle wait or the wait before a failing batch is retried', async () => {
    const t = await setUp();
    const idle = t.start('idle', recordingHandler().handler, { idleDelayMs: 600_000, describeIntervalMs: 600_000 });
    await waitUntil(() => !idle.lag().more, 20_000, 'the first read');
    await idle.stop();

    await t.write(freshStreams(1), 2);
    let calls = 0;
    const failing = t.start('failing', async () => {
      calls += 1;
      throw new Error('always');
    }, { retryDelayMs: 600_000, maxRetryDelayMs: 600_000 });
    await waitUntil(() => calls >= 1, 20_000, 'a failure');
    await failing.stop();
    expect(calls).toBe(1);
  });
  describe('with several batches at once (parallelization)', () => {
    const byStream = { batches: 4, orderingKey: (record: DynamoDBRecord) => record.dynamodb?.Keys?.stream_id?.S ?? '' };
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('delivers every record once, each stream in order and never in two batches at once', async () => {
      const t = await setUp();
      const ids = freshStreams(12);
      await t.write(ids, 15);
      const inFlight = new Set<string>();
      let overlaps = 0;
      let concurrent = 0;
      let mostConcurrent = 0;
      const recording = recordingHandler(async (batch) => {
        const keys = new Set(batch.map((d) => d.streamId));
        for (const key of keys) if (inFlight.has(key)) overlaps += 1;
        for (const key of keys) inFlight.add(key);
        concurrent += 1;
        mostConcurrent = Math.max(mostConcurrent, concurrent);
        await later(Math.floor(Math.random() * 15));
        concurrent -= 1;
        for (const key of keys) inFlight.delete(key);
        return { batchItemFailures: [] };
      });
      const poller = t.start('parallel', recording.handler, { batchSize: 5, parallelization: byStream });
      await waitUntil(() => recording.deliveries.length >= 180, 20_000, 'all records');
      await waitUntil(() => poller.lag().records === 0, 20_000, 'the checkpoint');
      await poller.stop();

      const counts = deliveryCounts(recording.deliveries);
      expect([...counts.keys()].sort()).toEqual(allEvents(ids, 15).sort());
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      expect(firstDeliveriesInOrder(recording.deliveries)).toBe(true);
      expect(overlaps).toBe(0);
      expect(mostConcurrent).toBeGreaterThan(1);
      const highest = highestSequence(recording.deliveries);
      expect((await t.checkpoints('parallel').load()).get(t.shardId)?.sequenceNumber).toBe(highest);
    });

    it('retries a failed record without holding up other streams, and checkpoints only over records acknowledged without a gap', async () => {
      const t = await setUp();
      const ids = freshStreams(4);
      await t.write(ids, 10);
      const failing = `${ids[0]}#3`;
      // The record fails until the checkpoint has been seen to stop just before it.
      let released = false;
      let failingSequence: string | undefined;
      const recording = recordingHandler(async (batch) => {
        const index = batch.findIndex((d) => d.event === failing);
        if (index < 0 || released) return { batchItemFailures: [] };
        failingSequence = batch[index]!.sequenceNumber;
        return { batchItemFailures: [{ itemIdentifier: batch[index]!.sequenceNumber }] };
      });
      const poller = t.start('parallel-retry', recording.handler, { batchSize: 3, parallelization: byStream, retryDelayMs: 200, maxRetryDelayMs: 200 });
      const checkpoint = async () => (await t.checkpoints('parallel-retry').load()).get(t.shardId)?.sequenceNumber;
      // While it fails, every record before it in the shard is acknowledged, and the checkpoint comes up to the last of
      // them: never past the failing record, though the other streams' later records are done too.
      const before = () => recording.deliveries.map((d) => d.sequenceNumber).filter((s) => failingSequence !== undefined && BigInt(s) < BigInt(failingSequence));
      await waitUntil(() => recording.deliveries.filter((d) => d.event === failing).length >= 2, 20_000, 'a retry of the failing record');
      expect(before().length).toBeGreaterThan(0);
      const lastBefore = before().reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
      await waitUntil(async () => (await checkpoint()) === lastBefore, 20_000, 'the checkpoint just before the failing record');
      const othersDone = () => new Set(recording.deliveries.filter((d) => d.streamId !== ids[0]).map((d) => d.event)).size === 30;
      await waitUntil(othersDone, 20_000, 'every record of the other streams');
      expect(await checkpoint()).toBe(lastBefore);
      released = true;
      await waitUntil(() => poller.lag().records === 0, 20_000, 'the checkpoint');
      await poller.stop();

      const counts = deliveryCounts(recording.deliveries);
      expect(counts.get(failing)).toBeGreaterThanOrEqual(3);
      expect(counts.size).toBe(40);
      expect(firstDeliveriesInOrder(recording.deliveries)).toBe(true);
      // The failing stream's later events are handled again only after it; the other streams went on meanwhile.
      const events = recording.deliveries.map((d) => d.event);
      const lastTry = events.lastIndexOf(failing);
      const firstTry = events.indexOf(failing);
      expect(events.lastIndexOf(`${ids[0]}#4`)).toBeGreaterThan(lastTry);
      expect(recording.deliveries.slice(firstTry + 1, lastTry).some((d) => d.streamId !== ids[0])).toBe(true);
      const highest = highestSequence(recording.deliveries);
      expect((await t.checkpoints('parallel-retry').load()).get(t.shardId)?.sequenceNumber).toBe(highest);
    });

    it('gives a record up after its attempts, keeps a trace first, and goes on; stops promptly while one waits', async () => {
      const t = await setUp();
      const ids = freshStreams(3);
      await t.write(ids, 4);
      const poison = `${ids[1]}#2`;
      const givenUp: string[] = [];
      const recording = recordingHandler((batch) => {
        const index = batch.findIndex((d) => d.event === poison);
        return { batchItemFailures: index < 0 ? [] : [{ itemIdentifier: batch[index]!.sequenceNumber }] };
      });
      const poller = t.start('parallel-poison', recording.handler, {
        batchSize: 2,
        parallelization: byStream,
        maxRecordAttempts: 3,
        onGiveUp: async (record) => void givenUp.push(deliveryOf(record).event),
      });
      await waitUntil(() => poller.lag().records === 0 && recording.deliveries.length >= 12, 20_000, 'every record');
      await poller.stop();
      expect(givenUp).toEqual([poison]);
      expect(deliveryCounts(recording.deliveries).get(poison)).toBe(3);
      expect(new Set(recording.deliveries.map((d) => d.event))).toEqual(new Set(allEvents(ids, 4)));

      await t.write(freshStreams(1), 2);
      let calls = 0;
      const failing = t.start('parallel-failing', async () => {
        calls += 1;
        throw new Error('always');
      }, { parallelization: byStream, retryDelayMs: 600_000, maxRetryDelayMs: 600_000 });
      await waitUntil(() => calls >= 1, 20_000, 'a failure');
      // A stop that sat out the ten-minute wait could not end within the test's timeout.
      await failing.stop();
    });

    it('stopped mid-stream and restarted, skips no record and keeps each stream in order', async () => {
      const t = await setUp();
      const ids = freshStreams(6);
      await t.write(ids, 20);
      const first = recordingHandler(async () => {
        await later(Math.floor(Math.random() * 10));
        return { batchItemFailures: [] };
      });
      let stopping: Promise<void> | undefined;
      const poller = t.start('parallel-restart', async (event) => {
        const answer = await first.handler(event);
        if (first.batches.length >= 6) stopping ??= poller.stop();
        return answer;
      }, { batchSize: 4, parallelization: byStream });
      await waitUntil(() => stopping !== undefined, 20_000, 'the 6th batch');
      await stopping;

      const second = recordingHandler();
      const restarted = t.start('parallel-restart', second.handler, { batchSize: 4, parallelization: byStream });
      await waitUntil(() => new Set([...first.deliveries, ...second.deliveries].map((d) => d.event)).size >= 120, 20_000, 'the rest');
      await waitUntil(() => restarted.lag().records === 0, 20_000, 'the checkpoint');
      await restarted.stop();

      expect(new Set([...first.deliveries, ...second.deliveries].map((d) => d.event))).toEqual(new Set(allEvents(ids, 20)));
      expect(firstDeliveriesInOrder([...first.deliveries, ...second.deliveries])).toBe(true);
    });
  });
});
