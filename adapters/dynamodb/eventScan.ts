import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { sourceEvents } from '../projection/sourceEvents.js';
import { eventFromItem, type EventItem } from './eventItem.js';

/** The event-store tables a scan reads: events, and the parts of payloads stored in overflow. */
export interface EventScanTables {
  readonly events: string;
  readonly eventParts: string;
}

export interface EventScanOptions {
  readonly client: DynamoDBClient;
  readonly tables: EventScanTables;
  /** Parallel scan segments (TotalSegments), default 4. */
  readonly segments?: number;
}

type PageResult =
  | { readonly segment: number; readonly ok: true; readonly items: ReadonlyArray<EventItem>; readonly next: Record<string, AttributeValue> | undefined }
  | { readonly segment: number; readonly ok: false; readonly error: unknown };

/**
 * Every event of the store, as recorded (payloads in overflow parts read back and joined), via a parallel scan:
 * `segments` scans run at once, each page handed out as soon as it arrives, so events come in no particular order
 * (see `groupByStream`). Consistent reads: an event committed before the scan started is never missed.
 */
export async function* scanEvents(options: EventScanOptions): AsyncIterable<RecordedEvent> {
  const segments = Math.max(1, Math.floor(options.segments ?? 4));
  const { readParts } = sourceEvents(options.client, options.tables);
  const fetchPage = (segment: number, startKey: Record<string, AttributeValue> | undefined): Promise<PageResult> =>
    options.client
      .send(
        new ScanCommand({
          TableName: options.tables.events,
          Segment: segment,
          TotalSegments: segments,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      )
      // A failure is carried as a value: were it a rejection, the other segments' pending pages could go unhandled.
      .then(
        (output): PageResult => ({ segment, ok: true, items: output.Items ?? [], next: output.LastEvaluatedKey }),
        (error: unknown): PageResult => ({ segment, ok: false, error }),
      );

  const pending = new Map<number, Promise<PageResult>>();
  for (let segment = 0; segment < segments; segment += 1) pending.set(segment, fetchPage(segment, undefined));
  while (pending.size > 0) {
    const result = await Promise.race(pending.values());
    if (!result.ok) throw result.error;
    if (result.next === undefined) pending.delete(result.segment);
    else pending.set(result.segment, fetchPage(result.segment, result.next));
    for (const item of result.items) yield await eventFromItem(item, readParts);
  }
}

/** Events grouped by stream, each stream in version order (streams in the order first seen). */
export const groupByStream = async (events: AsyncIterable<RecordedEvent>): Promise<ReadonlyMap<string, ReadonlyArray<RecordedEvent>>> => {
  const streams = new Map<string, RecordedEvent[]>();
  for await (const event of events) {
    const stream = streams.get(event.streamId);
    if (stream === undefined) streams.set(event.streamId, [event]);
    else stream.push(event);
  }
  for (const stream of streams.values()) stream.sort((a, b) => a.version - b.version);
  return streams;
};
