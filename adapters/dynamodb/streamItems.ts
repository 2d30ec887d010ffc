import { paginateQuery, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventItem } from './eventItem.js';

/** The stored items of one stream in version order (consistent reads), optionally up to a version. */
export async function* streamItems(client: DynamoDBClient, eventsTable: string, streamId: string, toVersion?: number): AsyncIterable<EventItem> {
  const values: Record<string, AttributeValue> = { ':s': { S: streamId } };
  let keyCondition = 'stream_id = :s';
  if (toVersion !== undefined) {
    keyCondition += ' AND version <= :v';
    values[':v'] = { N: String(toVersion) };
  }
  const pages = paginateQuery(
    { client },
    { TableName: eventsTable, KeyConditionExpression: keyCondition, ExpressionAttributeValues: values, ConsistentRead: true },
  );
  for await (const page of pages) yield* page.Items ?? [];
}
