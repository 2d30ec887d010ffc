import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Commit, EventStore, NewEvent, StreamId } from '../../../application/ports/eventStore.js';
import { createDynamoClient } from '../../../adapters/dynamodb/dynamoClient.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { eventHash, genesisHash } from '../../../adapters/integrity/eventHash.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const context = (recordedAt = new Date().toISOString()) => ({
  actor: 'advisor-1',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  recordedAt,
});

const newEvent = (data: unknown = { n: 1 }, type = 'Something'): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
});

const freshStream = (): StreamId => `test-${randomUUID()}` as StreamId;

const append = (streamId: StreamId, expectedVersion: number, events: NewEvent[], previousHash?: string): Commit => ({
  appends: [{ streamId, expectedVersion, previousHash, events }],
  context: context(),
});

describe('DynamoDB event store', () => {
  let dynamo: DynamoFixture;
  let store: EventStore;
  beforeAll(async () => {
    dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
  });

  it('stores events with full metadata, contiguous versions and a hash chain', async () => {
    const stream = freshStream();
    const first = await store.commit({ ...append(stream, 0, [newEvent({ a: 1 }, 'Created')]), context: { ...context(), actor: 'alice' } });
    expect(isRight(first)).toBe(true);
    const head = isRight(first) ? first.right[0]! : undefined;
    const second = await store.commit({
      appends: [{ streamId: stream, expectedVersion: 1, previousHash: head!.hash, events: [{ ...newEvent({ b: 2 }, 'Changed'), engineVersion: '1.0.0', ruleSetVersion: 'r1' }] }],
      context: context(),
    });
    expect(isRight(second)).toBe(true);

    const events = await store.readStream(stream);
    expect(events.map((e) => [e.version, e.type, e.data])).toEqual([
      [1, 'Created', { a: 1 }],
      [2, 'Changed', { b: 2 }],
    ]);
    expect(events[0]!.actor).toBe('alice');
    expect(events[0]!.previousHash).toBe(genesisHash);
    expect(events[1]!.previousHash).toBe(events[0]!.hash);
    expect(events[1]).toMatchObject({ engineVersion: '1.0.0', ruleSetVersion: 'r1', schemaVersion: 1 });
    for (const event of events) {
      const { hash, ...rest } = event;
      expect(eventHash(rest)).toBe(hash);
    }
  });

  it('lets exactly one of 50 concurrent appends at the same expected version win, leaving no gap', async () => {
    const stream = freshStream();
    await store.commit(append(stream, 0, [newEvent()]));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.commit(append(stream, 1, [newEvent({ i })]))));
    expect(results.filter(isRight)).toHaveLength(1);
    const failures = results.filter(isLeft).map((r) => r.left.kind);
    expect(failures).toEqual(Array(49).fill('conflict'));
    const events = await store.readStream(stream);
    expect(events.map((e) => e.version)).toEqual([1, 2]);
  });

  it('commits several events and several streams atomically, or nothing at all', async () => {
    const a = freshStream();
    const b = freshStream();
    const ok = await store.commit({
      appends: [
        { streamId: a, expectedVersion: 0, previousHash: undefined, events: [newEvent(), newEvent(), newEvent()] },
        { streamId: b, expectedVersion: 0, previousHash: undefined, events: [newEvent()] },
      ],
      context: context(),
    });
    expect(isRight(ok)).toBe(true);
    expect((await store.readStream(a)).map((e) => e.version)).toEqual([1, 2, 3]);

    // b is at version 1, so expecting 0 conflicts; the events for a new stream c must not be written either.
    const c = freshStream();
    const refused = await store.commit({
      appends: [
        { streamId: c, expectedVersion: 0, previousHash: undefined, events: [newEvent(), newEvent()] },
        { streamId: b, expectedVersion: 0, previousHash: undefined, events: [newEvent()] },
      ],
      context: context(),
    });
    expect(isLeft(refused) && refused.left).toMatchObject({ kind: 'conflict', streamId: b });
    expect(await store.readStream(c)).toEqual([]);
    expect(await store.readStream(b)).toHaveLength(1);
  });

  it('holds a commit to the versions of streams it only read, appending nothing to them', async () => {
    const read = freshStream();
    await store.commit(append(read, 0, [newEvent(), newEvent()]));
    const written = freshStream();
    const readAt = (version: number): Commit => ({
      appends: [
        { streamId: written, expectedVersion: 0, previousHash: undefined, events: [newEvent()] },
        { streamId: read, expectedVersion: version, previousHash: undefined, events: [] },
      ],
      context: context(),
    });
    // Read at version 1, but the stream has moved on to 2: the decision is refused as a conflict on that stream.
    const stale = await store.commit(readAt(1));
    expect(isLeft(stale) && stale.left).toEqual({ kind: 'conflict', streamId: read });
    expect(await store.readStream(written)).toEqual([]);
    const current = await store.commit(readAt(2));
    expect(isRight(current) && current.right.map((event) => event.streamId)).toEqual([written]);
    expect((await store.readStream(read)).map((event) => event.version)).toEqual([1, 2]);
  });

  it('reports a transaction cancelled by throttling as the failure it is, not as a concurrent change', async () => {
    // DynamoDB Local never throttles: this client's transactions are cancelled as a throttled table cancels them.
    const throttledClient = createDynamoClient(dynamo.endpoint);
    throttledClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
        throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: { httpStatusCode: 400 }, CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }] });
      },
      { step: 'initialize' },
    );
    const throttled = dynamoEventStore(throttledClient, dynamo.tables);
    const stream = freshStream();
    await expect(throttled.commit(append(stream, 0, [newEvent(), newEvent()]))).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await store.readStream(stream)).toEqual([]);
    throttledClient.destroy();
  });

  it('stores a commit larger than the 400 KB item limit atomically and reads it back whole', async () => {
    const stream = freshStream();
    // Random text barely compresses: about 5,000 deposits' worth of payload.
    const deposits = Array.from({ length: 5_000 }, (_, i) => ({ i, account: randomBytes(48).toString('base64'), note: randomBytes(96).toString('hex') }));
    const result = await store.commit(append(stream, 0, [newEvent({ deposits }, 'Big')]));
    expect(isRight(result)).toBe(true);
    const [event] = await store.readStream(stream);
    expect(event!.data).toEqual({ deposits });
    const { hash, ...rest } = event!;
    expect(eventHash(rest)).toBe(hash);
  });

  it('refuses a commit beyond one transaction with too-large and writes nothing', async () => {
    const countParts = async () =>
      (await dynamo.client.send(new ScanCommand({ TableName: dynamo.tables.eventParts, Select: 'COUNT', ConsistentRead: true }))).Count;
    const partsBefore = await countParts();
    const stream = freshStream();
    const payload = { blob: randomBytes(6_000_000).toString('base64') };
    const result = await store.commit(append(stream, 0, [newEvent(payload)]));
    expect(isLeft(result) && result.left.kind).toBe('too-large');
    const items = await dynamo.client.send(
      new QueryCommand({ TableName: dynamo.tables.events, KeyConditionExpression: 'stream_id = :s', ExpressionAttributeValues: { ':s': { S: stream } } }),
    );
    expect(items.Count).toBe(0);
    expect(await countParts()).toBe(partsBefore);
  });

  it('remembers an idempotency key with its response and reports a second use as a duplicate', async () => {
    const key = `key-${randomUUID()}`;
    const record = { key, fingerprint: 'f1', response: { status: 201, headers: { etag: '"1"' }, body: '{"ok":true}' }, expiresAt: Math.floor(Date.now() / 1000) + 86_400 };
    const first = await store.commit({ ...append(freshStream(), 0, [newEvent()]), idempotency: record });
    expect(isRight(first)).toBe(true);
    const again = await store.commit({ ...append(freshStream(), 0, [newEvent()]), idempotency: { ...record, response: { status: 500, headers: {}, body: '' } } });
    expect(isLeft(again) && again.left).toEqual({ kind: 'duplicate', record });
    expect(await store.findIdempotency(key)).toEqual(record);
  });

  it('remembers a response too large for one item (a proposal of thousands of deposits) whole', async () => {
    const key = `key-${randomUUID()}`;
    const body = JSON.stringify({ deposits: Array.from({ length: 5_000 }, () => randomBytes(60).toString('base64')) });
    const record = { key, fingerprint: 'big', response: { status: 200, headers: { etag: '"1"' }, body }, expiresAt: Math.floor(Date.now() / 1000) + 86_400 };
    expect(body.length).toBeGreaterThan(400_000);
    const stream = freshStream();
    expect(isRight(await store.commit({ ...append(stream, 0, [newEvent({ deposits: Array.from({ length: 3_000 }, () => randomBytes(100).toString('base64')) })]), idempotency: record }))).toBe(true);
    expect(await store.findIdempotency(key)).toEqual(record);
    // The response's parts expire with its key; the event's own parts never expire.
    const [event] = await store.readStream(stream);
    const partsOf = async (id: string) =>
      (
        await dynamo.client.send(
          new QueryCommand({ TableName: dynamo.tables.eventParts, KeyConditionExpression: 'event_id = :id', ExpressionAttributeValues: { ':id': { S: id } }, ConsistentRead: true }),
        )
      ).Items ?? [];
    const eventParts = await partsOf(event!.eventId);
    const responseParts = await partsOf(`idempotency#${event!.commitId}`);
    expect(eventParts.length).toBeGreaterThan(0);
    expect(eventParts.every((part) => part.expires_at === undefined)).toBe(true);
    expect(responseParts.length).toBeGreaterThan(0);
    expect(responseParts.every((part) => part.expires_at?.N === String(record.expiresAt))).toBe(true);
    const again = await store.commit({ ...append(freshStream(), 0, [newEvent()]), idempotency: { ...record, response: { status: 500, headers: {}, body: '' } } });
    expect(isLeft(again) && again.left).toEqual({ kind: 'duplicate', record });
  });

  it('commits a decision without events as nothing at all', async () => {
    const stream = freshStream();
    expect(await store.commit({ ...append(stream, 0, []), idempotency: { key: `key-${randomUUID()}`, fingerprint: 'f', response: { status: 200, headers: {}, body: '' }, expiresAt: 0 } })).toEqual({ _tag: 'Right', right: [] });
    expect(await store.readStream(stream)).toEqual([]);
  });

  it('treats an expired idempotency record as forgotten', async () => {
    const key = `key-${randomUUID()}`;
    const expired = { key, fingerprint: 'f', response: { status: 200, headers: {}, body: '1' }, expiresAt: Math.floor(Date.now() / 1000) - 10 };
    expect(isRight(await store.commit({ ...append(freshStream(), 0, [newEvent()]), idempotency: expired }))).toBe(true);
    expect(await store.findIdempotency(key)).toBeUndefined();
    const reuse = await store.commit({ ...append(freshStream(), 0, [newEvent()]), idempotency: { ...expired, expiresAt: expired.expiresAt + 1_000 } });
    expect(isRight(reuse)).toBe(true);
  });

  it('reads a stream up to a version or up to an instant', async () => {
    const stream = freshStream();
    let previousHash: string | undefined;
    const times = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
    for (const [index, recordedAt] of times.entries()) {
      const result = await store.commit({ appends: [{ streamId: stream, expectedVersion: index, previousHash, events: [newEvent({ index })] }], context: context(recordedAt) });
      previousHash = isRight(result) ? result.right[0]!.hash : undefined;
    }
    expect((await store.readStream(stream, { toVersion: 2 })).map((e) => e.version)).toEqual([1, 2]);
    expect((await store.readStream(stream, { toTime: '2026-01-02T12:00:00.000Z' })).map((e) => e.version)).toEqual([1, 2]);
    expect((await store.readStream(stream, { toTime: '2025-12-31T00:00:00.000Z' }))).toEqual([]);
  });
});
