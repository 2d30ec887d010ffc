import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type {
  Commit,
  CommitFailure,
  EventStore,
  IdempotencyRecord,
  ReadBound,
  RecordedEvent,
  StreamId,
} from '../../application/ports/eventStore.js';
import { eventHash, genesisHash } from '../integrity/eventHash.js';
import { eventFromItem, eventToItem, type EventItem } from './eventItem.js';
import { eventPartsReader } from './eventParts.js';
import { streamItems } from './streamItems.js';

export interface EventStoreTables {
  readonly events: string;
  readonly eventParts: string;
  readonly idempotency: string;
}

/** Inline payloads stay well below DynamoDB's 400 KB item limit, leaving room for metadata. */
const inlineLimit = 300_000;
/** One overflow part: a slice of the gzipped payload. */
const partBytes = 350_000;
/** Idempotent responses up to this size are stored inline with their key. */
const inlineResponseLimit = 100_000;

/** Slices a gzipped payload into overflow parts. */
const split = (gz: Uint8Array): Uint8Array[] => {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < gz.length; offset += partBytes) parts.push(gz.subarray(offset, offset + partBytes));
  return parts;
};
/** TransactWriteItems: at most 100 items and 4 MB; keep a margin for attribute names and metadata. */
const transactionItemLimit = 100;
const transactionByteLimit = 3_900_000;

interface PreparedEvent {
  readonly event: RecordedEvent;
  readonly item: EventItem;
  readonly parts: ReadonlyArray<Uint8Array>;
}

/** DynamoDB event store: one item per event, keyed (stream_id, version); one commit is one atomic write. */
export const dynamoEventStore = (client: DynamoDBClient, tables: EventStoreTables): EventStore => {
  const readParts = eventPartsReader(client, tables.eventParts);

  const prepare = (commit: Commit): PreparedEvent[] => {
    const commitId = randomUUID();
    const prepared: PreparedEvent[] = [];
    for (const append of commit.appends) {
      let previousHash = append.previousHash ?? genesisHash;
      append.events.forEach((newEvent, index) => {
        const unhashed = {
          streamId: append.streamId,
          version: append.expectedVersion + index + 1,
          eventId: newEvent.eventId,
          type: newEvent.type,
          schemaVersion: newEvent.schemaVersion,
          data: newEvent.data,
          recordedAt: commit.context.recordedAt,
          actor: commit.context.actor,
          correlationId: commit.context.correlationId,
          causationId: commit.context.causationId,
          ...(newEvent.engineVersion === undefined ? {} : { engineVersion: newEvent.engineVersion }),
          ...(newEvent.ruleSetVersion === undefined ? {} : { ruleSetVersion: newEvent.ruleSetVersion }),
          commitId,
          previousHash,
        };
        const event: RecordedEvent = { ...unhashed, hash: eventHash(unhashed) };
        previousHash = event.hash;
        const json = JSON.stringify(event.data);
        if (Buffer.byteLength(json, 'utf8') <= inlineLimit) {
          prepared.push({ event, item: eventToItem(event, { json }), parts: [] });
        } else {
          const parts = split(gzipSync(json));
          prepared.push({ event, item: eventToItem(event, { parts: parts.length }), parts });
        }
      });
    }
    return prepared;
  };

  /**
   * The idempotency record, with its response inline when small; a large response (a proposal of thousands of
   * deposits) goes gzipped into event-parts items of its own, written in the same transaction.
   */
  const idempotencyWrites = (record: IdempotencyRecord, commitId: string): { item: Record<string, AttributeValue>; parts: Uint8Array[]; partsId: string } => {
    const json = JSON.stringify(record.response);
    const item: Record<string, AttributeValue> = {
      idempotency_key: { S: record.key },
      fingerprint: { S: record.fingerprint },
      expires_at: { N: String(record.expiresAt) },
    };
    // Parts are named by this commit, so a lingering expired record's parts never collide with a reused key's.
    const partsId = `idempotency#${commitId}`;
    if (Buffer.byteLength(json, 'utf8') <= inlineResponseLimit) return { item: { ...item, response: { S: json } }, parts: [], partsId };
    const parts = split(gzipSync(json));
    return { item: { ...item, response_parts_id: { S: partsId }, response_parts: { N: String(parts.length) } }, parts, partsId };
  };

  const findIdempotency = async (key: string): Promise<IdempotencyRecord | undefined> => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tables.idempotency, Key: { idempotency_key: { S: key } }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const expiresAt = Number(Item.expires_at?.N);
    // TTL deletion is lazy (up to days late): an expired record counts as gone.
    if (expiresAt * 1000 < Date.now()) return undefined;
    return {
      key,
      fingerprint: Item.fingerprint?.S ?? '',
      response: (Item.response?.S !== undefined
        ? JSON.parse(Item.response.S)
        : await readParts(Item.response_parts_id?.S ?? '', Number(Item.response_parts?.N))) as IdempotencyRecord['response'],
      expiresAt,
    };
  };

  const commit = async (commit: Commit): Promise<Either<CommitFailure, ReadonlyArray<RecordedEvent>>> => {
    const prepared = prepare(commit);
    const events = prepared.map((p) => p.event);
    // A decision without events changes nothing (and its idempotency record has no commit to name).
    if (events.length === 0) return right([]);
    // Streams the decision only read: it stands only while none has an event past the version read.
    const checks: TransactWriteItem[] = commit.appends
      .filter((append) => append.events.length === 0)
      .map((append) => ({
        ConditionCheck: {
          TableName: tables.events,
          Key: { stream_id: { S: append.streamId }, version: { N: String(append.expectedVersion + 1) } },
          ConditionExpression: 'attribute_not_exists(stream_id)',
        },
      }));
    const simple = prepared.length === 1 && prepared[0]!.parts.length === 0 && checks.length === 0 && commit.idempotency === undefined;
    if (simple) return putSingle(prepared[0]!, events);

    const writes: TransactWriteItem[] = [...checks];
    let bytes = checks.length * 128;
    for (const { item, parts, event } of prepared) {
      writes.push({
        Put: { TableName: tables.events, Item: item, ConditionExpression: 'attribute_not_exists(stream_id)' },
      });
      bytes += approximateSize(item);
      parts.forEach((part, index) => {
        writes.push({
          Put: {
            TableName: tables.eventParts,
            Item: { event_id: { S: event.eventId }, part: { N: String(index) }, bytes: { B: part } },
            ConditionExpression: 'attribute_not_exists(event_id)',
          },
        });
        bytes += part.length + 64;
      });
    }
    if (commit.idempotency !== undefined) {
      const { item, parts, partsId } = idempotencyWrites(commit.idempotency, events[0]!.commitId);
      parts.forEach((part, index) => {
        writes.push({
          Put: {
            TableName: tables.eventParts,
            // The response is kept only as long as its key: its parts expire with it.
            Item: { event_id: { S: partsId }, part: { N: String(index) }, bytes: { B: part }, expires_at: { N: String(commit.idempotency!.expiresAt) } },
            ConditionExpression: 'attribute_not_exists(event_id)',
          },
        });
        bytes += part.length + 64;
      });
      // Last, so that a cancellation reason at the last index is the key's own.
      writes.push({
        Put: {
          TableName: tables.idempotency,
          Item: item,
          // An expired record may linger until TTL removes it; it no longer guards its key.
          ConditionExpression: 'attribute_not_exists(idempotency_key) OR expires_at < :now',
          ExpressionAttributeValues: { ':now': { N: String(Math.floor(Date.now() / 1000)) } },
        },
      });
      bytes += approximateSize(item);
    }
    if (writes.length > transactionItemLimit || bytes > transactionByteLimit) {
      return left({ kind: 'too-large', bytes, limit: transactionByteLimit });
    }

    try {
      // The token makes SDK retries of this very transaction idempotent (a lost response is not a conflict).
      await client.send(new TransactWriteItemsCommand({ TransactItems: writes, ClientRequestToken: events[0]!.commitId }));
      return right(events);
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const idempotencyIndex = commit.idempotency === undefined ? -1 : writes.length - 1;
      if (idempotencyIndex >= 0 && reasons[idempotencyIndex]?.Code === 'ConditionalCheckFailed') {
        const record = await findIdempotency(commit.idempotency!.key);
        if (record !== undefined) return left({ kind: 'duplicate', record });
      }
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
      // Anything else (throttling, a validation error) is no concurrent command: re-reading would not help the caller.
      if (failed < 0) throw error;
      const streamId = (writes[failed]?.Put?.Item ?? writes[failed]?.ConditionCheck?.Key)?.stream_id?.S;
      return left({ kind: 'conflict', streamId: (streamId ?? commit.appends[0]!.streamId) as StreamId });
    }
  };

  const putSingle = async (
    { item, event }: PreparedEvent,
    events: ReadonlyArray<RecordedEvent>,
  ): Promise<Either<CommitFailure, ReadonlyArray<RecordedEvent>>> => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tables.events,
          Item: item,
          ConditionExpression: 'attribute_not_exists(stream_id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return right(events);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // An SDK retry after a lost response finds our own event: that is success, not a conflict.
      if (error.Item?.event_id?.S === event.eventId) return right(events);
      return left({ kind: 'conflict', streamId: event.streamId });
    }
  };

  const readStream = async (streamId: StreamId, bound: ReadBound = {}): Promise<ReadonlyArray<RecordedEvent>> => {
    const events: RecordedEvent[] = [];
    for await (const item of streamItems(client, tables.events, streamId, bound.toVersion)) {
      const event = await eventFromItem(item, readParts);
      // Recorded times never decrease within a stream, so the as-of view is a prefix.
      if (bound.toTime !== undefined && event.recordedAt > bound.toTime) break;
      events.push(event);
    }
    return events;
  };

  return { commit, readStream, findIdempotency };
};

const approximateSize = (item: Record<string, AttributeValue>): number => {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += name.length + (value.S === undefined ? 0 : Buffer.byteLength(value.S, 'utf8')) + (value.N?.length ?? 0) + (value.B?.length ?? 0) + 8;
  }
  return size;
};
