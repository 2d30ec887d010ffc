import { randomBytes, randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { isRight } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, NewEvent, RecordedEvent, StreamId } from '../../../application/ports/eventStore.js';
import { groupByStream, scanEvents } from '../../../adapters/dynamodb/eventScan.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const newEvent = (data: unknown): NewEvent => ({ eventId: randomUUID(), type: 'Something', schemaVersion: 1, data });

const collect = async (events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

const key = (event: RecordedEvent): string => `${event.streamId}@${event.version}`;

describe('scanEvents (parallel scan of the events table)', () => {
  let dynamo: DynamoFixture;
  let store: EventStore;
  const written: RecordedEvent[] = [];

  beforeAll(async () => {
    dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
    for (let stream = 0; stream < 12; stream += 1) {
      const streamId = `scan-${stream}-${randomUUID()}` as StreamId;
      // Incompressible, so the gzipped payload still spans two overflow parts.
      const big = stream === 0 ? [newEvent({ blob: randomBytes(450_000).toString('base64') })] : [];
      const result = await store.commit({
        appends: [{ streamId, expectedVersion: 0, previousHash: undefined, events: [...big, newEvent({ stream, n: 1 }), newEvent({ stream, n: 2 })] }],
        context: { actor: 'tester', correlationId: randomUUID(), causationId: randomUUID(), recordedAt: new Date().toISOString() },
      });
      if (!isRight(result)) throw new Error('commit failed');
      written.push(...result.right);
    }
  });

  it('yields every event exactly once with its metadata and payload, overflow parts joined, whatever the segments', async () => {
    const parts = await dynamo.client.send(new ScanCommand({ TableName: dynamo.tables.eventParts, Select: 'COUNT' }));
    expect(parts.Count).toBeGreaterThanOrEqual(2);
    for (const segments of [1, 3, 16]) {
      const scanned = await collect(scanEvents({ client: dynamo.client, tables: dynamo.tables, segments }));
      expect(scanned.map(key).sort()).toEqual(written.map(key).sort());
      const byKey = new Map(scanned.map((event) => [key(event), event]));
      for (const event of written) expect(byKey.get(key(event))).toEqual(event);
    }
  });

  it('groups scanned events by stream, each in version order', async () => {
    const streams = await groupByStream(scanEvents({ client: dynamo.client, tables: dynamo.tables, segments: 4 }));
    expect(streams.size).toBe(12);
    for (const [streamId, events] of streams) {
      expect(events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));
      expect(events).toEqual(written.filter((event) => event.streamId === streamId));
    }
  });

  it('fails when the table cannot be scanned instead of yielding a partial store', async () => {
    const missing = { events: `${dynamo.tables.events}-missing`, eventParts: dynamo.tables.eventParts };
    await expect(collect(scanEvents({ client: dynamo.client, tables: missing, segments: 3 }))).rejects.toThrow(/non-existent table|not found/i);
  });
});
