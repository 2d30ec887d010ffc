import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StreamVerification } from '../../domain/audit/streamVerification.js';
import { eventFromItem, type EventItem, type PartsReader } from '../dynamodb/eventItem.js';
import type { EventStoreTables } from '../dynamodb/eventStore.js';
import { sourceEvents } from '../projection/sourceEvents.js';
import { storedLinkOf, verifyStoredChain, type StoredLink } from './chainVerification.js';
import { streamItems } from '../dynamodb/streamItems.js';

/** The tables an audit reads: events, and the parts of payloads too large for one item. */
export type AuditedTables = Pick<EventStoreTables, 'events' | 'eventParts'>;

/**
 * Why an item cannot be read back. Never the error's own text for a JSON or gzip failure: Node quotes the offending
 * input, and payloads hold client PII.
 */
const unreadableReason = (error: unknown): string => {
  if (error instanceof SyntaxError) return 'its data is not valid JSON';
  if (error instanceof Error && error.message.startsWith('stored event lacks attribute')) return error.message;
  return 'its payload cannot be unpacked';
};

/** One stored item as a link of its stream's chain, at its key version; damage makes it unreadable, never an error. */
const linkOfItem = async (item: EventItem, readParts: PartsReader): Promise<StoredLink> => {
  const version = Number(item.version?.N);
  try {
    return storedLinkOf(version, { event: await eventFromItem(item, readParts) });
  } catch (error) {
    return storedLinkOf(version, { unreadable: unreadableReason(error), hash: item.hash?.S ?? '', previousHash: item.previous_hash?.S ?? '' });
  }
};

/** Verifies one stream as stored in the events table; undefined when the stream has no events at all. */
export const storedStreamVerifier =
  (client: DynamoDBClient, tables: AuditedTables) =>
  async (streamId: string): Promise<StreamVerification | undefined> => {
    const { readParts } = sourceEvents(client, tables);
    const links: StoredLink[] = [];
    for await (const item of streamItems(client, tables.events, streamId)) links.push(await linkOfItem(item, readParts));
    return links.length === 0 ? undefined : verifyStoredChain(streamId, links);
  };

/** The verdict on the whole event store. */
export interface StoreVerification {
  /** Every stream found, sorted by stream id. */
  readonly streams: ReadonlyArray<StreamVerification>;
  /** Event items scanned. */
  readonly events: number;
}

export interface VerifyAllOptions {
  /** Parallel scan segments (TotalSegments), default 4. */
  readonly segments?: number;
  /** Called after each scanned page with the number of items scanned so far. */
  readonly onProgress?: (scanned: number) => void;
}

/**
 * Verifies every stream of the event store: a parallel scan (Segment/TotalSegments) of the events table, each item
 * reduced to its chain link as it arrives (only a damaged item keeps its content), then every stream checked in
 * version order.
 */
export const verifyAllStoredStreams = async (client: DynamoDBClient, tables: AuditedTables, options: VerifyAllOptions = {}): Promise<StoreVerification> => {
  const segments = Math.max(1, Math.floor(options.segments ?? 4));
  const { readParts } = sourceEvents(client, tables);
  const byStream = new Map<string, StoredLink[]>();
  let scanned = 0;
  const scanSegment = async (segment: number): Promise<void> => {
    const pages = paginateScan({ client }, { TableName: tables.events, Segment: segment, TotalSegments: segments, ConsistentRead: true });
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const streamId = item.stream_id?.S ?? '';
        const links = byStream.get(streamId) ?? [];
        links.push(await linkOfItem(item, readParts));
        byStream.set(streamId, links);
      }
      scanned += page.Items?.length ?? 0;
      options.onProgress?.(scanned);
    }
  };
  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));
  const streams = [...byStream.keys()]
    .sort()
    .map((streamId) => verifyStoredChain(streamId, byStream.get(streamId)!.sort((a, b) => a.version - b.version)));
  return { streams, events: scanned };
};
