import { gunzipSync } from 'node:zlib';
import { paginateQuery, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PartsReader } from './eventItem.js';

/** Reads back a payload stored in overflow parts (gzipped JSON, split across items of the event-parts table). */
export const eventPartsReader =
  (client: DynamoDBClient, partsTable: string): PartsReader =>
  async (eventId) => {
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
    if (chunks.length === 0) throw new Error(`event ${eventId} has no stored parts`);
    return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as unknown;
  };
