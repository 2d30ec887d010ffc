import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** One record as a test handler saw it. */
export interface Delivery {
  readonly sequenceNumber: string;
  /** `<stream_id>#<version>`: the event the record carries. */
  readonly event: string;
  readonly streamId: string;
  readonly version: number;
}

/** The event a stream record carries. */
export const deliveryOf = (record: DynamoDBRecord): Delivery => {
  const streamId = record.dynamodb?.Keys?.stream_id?.S ?? '?';
  const version = Number(record.dynamodb?.Keys?.version?.N ?? Number.NaN);
  return { sequenceNumber: record.dynamodb?.SequenceNumber ?? '?', event: `${streamId}#${version}`, streamId, version };
};

/**
 * Appends `perStream` events (versions 1..perStream) to each stream, streams written concurrently and each stream's
 * versions one after another, as the event store would. Items have the events table's key and a `recorded_at`.
 */
export const writeEvents = async (
  client: DynamoDBClient,
  table: string,
  streamIds: ReadonlyArray<string>,
  perStream: number,
  firstVersion = 1,
): Promise<void> => {
  await Promise.all(
    streamIds.map(async (streamId) => {
      for (let version = firstVersion; version < firstVersion + perStream; version += 1) {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              stream_id: { S: streamId },
              version: { N: String(version) },
              type: { S: 'Something' },
              recorded_at: { S: new Date().toISOString() },
              data: { S: JSON.stringify({ version }) },
            },
            ConditionExpression: 'attribute_not_exists(stream_id)',
          }),
        );
      }
    }),
  );
};

/** A handler that applies nothing and dedupes nothing: it only records every record it is given, per batch. */
export const recordingHandler = (
  onBatch: (batch: ReadonlyArray<Delivery>, index: number) => DynamoDBBatchResponse | Promise<DynamoDBBatchResponse> = () => ({ batchItemFailures: [] }),
) => {
  const deliveries: Delivery[] = [];
  const batches: Delivery[][] = [];
  const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const batch = event.Records.map(deliveryOf);
    batches.push(batch);
    deliveries.push(...batch);
    return onBatch(batch, batches.length - 1);
  };
  return { deliveries, batches, handler };
};

/** Waits until `condition` holds, polling; fails after `timeoutMs`. */
export const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The highest sequence number delivered (compared as the integers they are). */
export const highestSequence = (deliveries: ReadonlyArray<Delivery>): string | undefined =>
  deliveries.map((d) => d.sequenceNumber).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).at(-1);

/** How many times each event was delivered. */
export const deliveryCounts = (deliveries: ReadonlyArray<Delivery>): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const { event } of deliveries) counts.set(event, (counts.get(event) ?? 0) + 1);
  return counts;
};

/** Every event of these streams, versions 1..perStream. */
export const allEvents = (streamIds: ReadonlyArray<string>, perStream: number): string[] =>
  streamIds.flatMap((streamId) => Array.from({ length: perStream }, (_, i) => `${streamId}#${i + 1}`));

/** True when, for every stream, versions arrive in increasing order on first delivery (a redelivery may repeat). */
export const firstDeliveriesInOrder = (deliveries: ReadonlyArray<Delivery>): boolean => {
  const highest = new Map<string, number>();
  for (const { streamId, version } of deliveries) {
    const seen = highest.get(streamId) ?? 0;
    if (version > seen + 1) return false;
    highest.set(streamId, Math.max(seen, version));
  }
  return true;
};

/** A logger that keeps what it is told, for assertions. */
export const memoryLogger = () => {
  const lines: Array<{ level: string; message: string; attributes: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, attributes: Record<string, unknown>) => {
    lines.push({ level, message, attributes });
  };
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
};
