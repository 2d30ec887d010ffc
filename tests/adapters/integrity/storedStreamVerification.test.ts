import { randomUUID } from 'node:crypto';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { storedStreamVerifier, verifyAllStoredStreams } from '../../../adapters/integrity/storedStreamVerification.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { changeOneByte, deleteEvent, storeStream, swapEvents } from './support/tamper.js';

describe('verification of stored streams (DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let store: EventStore;
  let verify: ReturnType<typeof storedStreamVerifier>;
  const fresh = () => `profile-${randomUUID()}`;

  beforeAll(async () => {
    dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
    verify = storedStreamVerifier(dynamo.client, dynamo.tables);
  });

  it('accepts a stream as the store wrote it, with its head hash, and knows no unknown stream', async () => {
    const stream = fresh();
    const events = await storeStream(store, stream, 5);
    expect(await verify(stream)).toEqual({ streamId: stream, ok: true, events: 5, lastVersion: 5, headHash: events[4]!.hash });
    expect(await verify(fresh())).toBeUndefined();
  });

  it('names the version of which one byte of data was changed in the table', async () => {
    const stream = fresh();
    await storeStream(store, stream, 6);
    await changeOneByte(dynamo.client, dynamo.tables.events, stream, 4);
    expect(await verify(stream)).toMatchObject({ streamId: stream, ok: false, version: 4, problem: 'hash-mismatch' });
  });

  it('names the version of which one byte of metadata was changed, or whose data no longer parses', async () => {
    const stream = fresh();
    await storeStream(store, stream, 6);
    await changeOneByte(dynamo.client, dynamo.tables.events, stream, 2, { attribute: 'actor', at: () => 0, to: 'b' });
    expect(await verify(stream)).toMatchObject({ ok: false, version: 2, problem: 'hash-mismatch' });

    const other = fresh();
    await storeStream(store, other, 6);
    await changeOneByte(dynamo.client, dynamo.tables.events, other, 5, { at: (text) => text.length - 1, to: ']' });
    const verdict = await verify(other);
    expect(verdict).toMatchObject({ ok: false, version: 5, problem: 'hash-mismatch', detail: expect.stringContaining('not valid JSON') });
    // The reason never quotes the damaged payload, which may hold PII.
    expect(verdict?.ok === false && verdict.detail).not.toContain('change 5');
  });

  it('names the gap a deleted event leaves', async () => {
    const stream = fresh();
    await storeStream(store, stream, 6);
    await deleteEvent(dynamo.client, dynamo.tables.events, stream, 3);
    expect(await verify(stream)).toMatchObject({ ok: false, version: 3, problem: 'gap', detail: 'version 3 is missing' });
  });

  it('names two swapped events at the earlier version', async () => {
    const stream = fresh();
    await storeStream(store, stream, 6);
    await swapEvents(dynamo.client, dynamo.tables.events, stream, 2, 5);
    expect(await verify(stream)).toMatchObject({ ok: false, version: 2, problem: 'reorder', detail: expect.stringContaining('recorded as version 5') });
  });

  it('reads payloads stored in parts, and names one whose parts were damaged', async () => {
    const stream = fresh();
    // Random text does not compress: the payload goes to the event-parts table.
    const big = (version: number) => ({ blob: randomUUID().repeat(12_000), version });
    const events = await storeStream(store, stream, 3, big);
    expect(await verify(stream)).toMatchObject({ ok: true, events: 3 });
    const parts = await dynamo.client.send(
      new QueryCommand({ TableName: dynamo.tables.eventParts, KeyConditionExpression: 'event_id = :id', ExpressionAttributeValues: { ':id': { S: events[1]!.eventId } } }),
    );
    expect(parts.Items?.length).toBeGreaterThan(0);
    const part = parts.Items![0]!;
    const bytes = Buffer.from(part.bytes!.B!);
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    await dynamo.client.send(new PutItemCommand({ TableName: dynamo.tables.eventParts, Item: { ...part, bytes: { B: bytes } } }));
    expect(await verify(stream)).toMatchObject({ ok: false, version: 2, problem: 'hash-mismatch' });
  });

  it('verifies every stream with a parallel scan and reports each bad one', async () => {
    const own = await useDynamo();
    const ownStore = dynamoEventStore(own.client, own.tables);
    const streams = Array.from({ length: 12 }, fresh);
    for (const [index, stream] of streams.entries()) await storeStream(ownStore, stream, 2 + (index % 5));
    await changeOneByte(own.client, own.tables.events, streams[1]!, 2);
    await deleteEvent(own.client, own.tables.events, streams[4]!, 1);
    await swapEvents(own.client, own.tables.events, streams[7]!, 1, 2);
    const scanned: number[] = [];
    const result = await verifyAllStoredStreams(own.client, own.tables, { segments: 3, onProgress: (count) => scanned.push(count) });
    expect(result.streams.map((verdict) => verdict.streamId)).toEqual([...streams].sort());
    const bad = Object.fromEntries(result.streams.filter((v) => !v.ok).map((v) => [v.streamId, v.ok ? undefined : [v.version, v.problem]]));
    expect(bad).toEqual({ [streams[1]!]: [2, 'hash-mismatch'], [streams[4]!]: [1, 'gap'], [streams[7]!]: [1, 'reorder'] });
    const total = streams.reduce((sum, _, index) => sum + 2 + (index % 5), 0) - 1;
    expect(result.events).toBe(total);
    expect(scanned.at(-1)).toBe(total);
  });
});
