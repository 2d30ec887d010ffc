import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { eventFromItem, type PartsReader } from '../dynamodb/eventItem.js';
import { eventPartsReader } from '../dynamodb/eventParts.js';
import { streamItems } from '../dynamodb/streamItems.js';

/** The event-store tables the projector reads from. */
export interface SourceTables {
  readonly events: string;
  readonly eventParts: string;
}

/** What the projector reads back from the event store besides the stream records it is handed. */
export interface SourceEvents {
  /** One event by its key, or undefined when the stream has no such version. */
  readonly readEvent: (streamId: string, version: number) => Promise<RecordedEvent | undefined>;
  /** A whole stream in version order (consistent). */
  readonly readStream: (streamId: string) => Promise<ReadonlyArray<RecordedEvent>>;
  /** The payload of an event stored in parts. */
  readonly readParts: PartsReader;
}

/** Consistent reads of the events and event-parts tables, in the store's item layout (`eventFromItem`). */
export const sourceEvents = (client: DynamoDBClient, tables: SourceTables): SourceEvents => {
  const readParts = eventPartsReader(client, tables.eventParts);

  const readEvent = async (streamId: string, version: number): Promise<RecordedEvent | undefined> => {
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tables.events,
        Key: { stream_id: { S: streamId }, version: { N: String(version) } },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : eventFromItem(Item, readParts);
  };

  const readStream = async (streamId: string): Promise<ReadonlyArray<RecordedEvent>> => {
    const events: RecordedEvent[] = [];
    for await (const item of streamItems(client, tables.events, streamId)) events.push(await eventFromItem(item, readParts));
    return events;
  };

  return { readEvent, readStream, readParts };
};
