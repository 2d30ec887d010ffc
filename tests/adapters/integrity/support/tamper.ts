import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, StreamId } from '../../../../application/ports/eventStore.js';

/** Appends `count` events to a new stream, one commit each, chaining as the application does. */
export const storeStream = async (store: EventStore, streamId: string, count: number, dataOf = (version: number): unknown => ({ amount: `${1000 + version}.50`, note: `change ${version}` })): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let version = 1; version <= count; version++) {
    const committed = await store.commit({
      appends: [
        {
          streamId: streamId as StreamId,
          expectedVersion: version - 1,
          previousHash: events.at(-1)?.hash,
          events: [{ eventId: randomUUID(), type: version === 1 ? 'Created' : 'Changed', schemaVersion: 1, data: dataOf(version) }],
        },
      ],
      context: { actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID(), recordedAt: new Date().toISOString() },
    });
    if (isLeft(committed)) throw new Error(`commit failed: ${committed.left.kind}`);
    events.push(...committed.right);
  }
  return events;
};

const key = (streamId: string, version: number) => ({ stream_id: { S: streamId }, version: { N: String(version) } });

const itemAt = async (client: DynamoDBClient, table: string, streamId: string, version: number): Promise<Record<string, AttributeValue>> => {
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: key(streamId, version), ConsistentRead: true }));
  if (Item === undefined) throw new Error(`no item ${streamId}@${version}`);
  return Item;
};

/** Changes one byte of a string attribute of a stored event, directly in the table (no condition, no store code). */
export const changeOneByte = async (
  client: DynamoDBClient,
  table: string,
  streamId: string,
  version: number,
  options: { readonly attribute?: string; readonly at?: (text: string) => number; readonly to?: string } = {},
): Promise<void> => {
  const attribute = options.attribute ?? 'data';
  const item = await itemAt(client, table, streamId, version);
  const text = item[attribute]?.S;
  if (text === undefined) throw new Error(`${streamId}@${version} has no string attribute ${attribute}`);
  // By default the first digit, turned into another digit: the JSON stays valid, only the content differs.
  const at = options.at?.(text) ?? text.search(/[0-9]/);
  const to = options.to ?? (text[at] === '9' ? '8' : String(Number(text[at]) + 1));
  if (at < 0 || to.length !== 1 || to === text[at]) throw new Error('nothing to change');
  await client.send(new PutItemCommand({ TableName: table, Item: { ...item, [attribute]: { S: text.slice(0, at) + to + text.slice(at + 1) } } }));
};

/** Deletes one stored event. */
export const deleteEvent = async (client: DynamoDBClient, table: string, streamId: string, version: number): Promise<void> => {
  await client.send(new DeleteItemCommand({ TableName: table, Key: key(streamId, version) }));
};

/** Swaps the contents of two stored events, each keeping its key (stream id and version). */
export const swapEvents = async (client: DynamoDBClient, table: string, streamId: string, a: number, b: number): Promise<void> => {
  const [first, second] = [await itemAt(client, table, streamId, a), await itemAt(client, table, streamId, b)];
  await client.send(new PutItemCommand({ TableName: table, Item: { ...second, ...key(streamId, a) } }));
  await client.send(new PutItemCommand({ TableName: table, Item: { ...first, ...key(streamId, b) } }));
};
