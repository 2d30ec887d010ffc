import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { paginateQuery, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PartsReader } from './eventItem.js';

/** Reads while a commit's parts are still becoming visible, waiting a little longer each time. */
const visibilityDelaysMs = [10, 20, 40, 80, 160];

/**
 * Reads back a payload stored in overflow parts (gzipped JSON, split across items of the event-parts table). A query
 * sees each item of a transaction as soon as that item is written, not all of them at once: a reader that finds the
 * event before all its parts reads again for a moment. Parts still missing after that are missing for good.
 */
export const eventPartsReader =
  (client: DynamoDBClient, partsTable: string): PartsReader =>
  async (eventId, parts) => {
    for (const delay of [0, ...visibilityDelaysMs]) {
      if (delay > 0) await sleep(delay);
      const chunks = await partsOf(client, partsTable, eventId);
      if (chunks.length === parts) return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as unknown;
      if (chunks.length > parts) throw new Error(`event ${eventId} has ${chunks.length} stored parts, not ${parts}`);
    }
    throw new Error(`event ${eventId} lacks some of its ${parts} stored parts`);
  };

const partsOf = async (client: DynamoDBClient, partsTable: string, eventId: string): Promise<Uint8Array[]> => {
  const chunks: Uint8Array[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: partsTable,
      KeyConditionExpression: 'event_id = :id',
      ExpressionAttributeValues: { ':id': { S: eventId } },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const bytes = item.bytes?.B;
      if (bytes === undefined) throw new Error(`event ${eventId} has a part without bytes`);
      chunks.push(bytes);
    }
  }
  return chunks;
};
