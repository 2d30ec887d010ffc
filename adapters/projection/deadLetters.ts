import { paginateQuery, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { readModelKeys, type DeadLetterConsumer } from '../../projections/readModelKeys.js';

/** Which stream record failed: enough to find the event again, nothing of its payload (events carry client PII). */
export interface FailedRecord {
  /** `<stream_id>#<version>`, or `record#<sequence number>` for a record whose keys could not be read. */
  readonly source: string;
  readonly sequenceNumber: string;
  readonly streamId?: string;
  readonly version?: number;
  readonly eventId?: string;
  readonly type?: string;
  readonly eventSourceArn?: string;
}

/** Attempt counters outlive any retry of a record that DynamoDB Streams still holds (24 hours), then expire. */
const attemptsTtlSeconds = 7 * 24 * 60 * 60;
const longestReason = 2_000;

/** What a stream record names about itself (its keys, event id and type: never the payload). */
export const failedStreamRecord = (record: DynamoDBRecord): FailedRecord => {
  const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
  const streamId = record.dynamodb?.Keys?.stream_id?.S;
  const version = Number(record.dynamodb?.Keys?.version?.N);
  const known = streamId !== undefined && Number.isSafeInteger(version);
  const image = record.dynamodb?.NewImage;
  return {
    source: known ? `${streamId}#${version}` : `record#${sequenceNumber}`,
    sequenceNumber,
    ...(known ? { streamId, version } : {}),
    ...(image?.event_id?.S === undefined ? {} : { eventId: image.event_id.S }),
    ...(image?.type?.S === undefined ? {} : { type: image.type.S }),
    ...(record.eventSourceARN === undefined ? {} : { eventSourceArn: record.eventSourceARN }),
  };
};

/** Writes a record a consumer gave up on to its dead-letter partition, where the CLI lists it. */
export const parkRecord = async (
  { client, table, consumer = 'projector' }: { readonly client: DynamoDBClient; readonly table: string; readonly consumer?: DeadLetterConsumer },
  letter: DeadLetter,
): Promise<void> => {
  const key = readModelKeys.deadLetter(letter.source, consumer);
  await client.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        pk: { S: key.pk },
        sk: { S: key.sk },
        reason: { S: letter.reason.slice(0, longestReason) },
        attempts: { N: String(letter.attempts) },
        record: { S: JSON.stringify(letter.record) },
        dead_lettered_at: { S: letter.deadLetteredAt },
      },
    }),
  );
};

/** A record given up on, as `listDeadLetters` returns it. */
export interface DeadLetter {
  readonly source: string;
  readonly reason: string;
  readonly attempts: number;
  readonly record: FailedRecord;
  readonly deadLetteredAt: string;
}

export interface DeadLetterOptions {
  readonly client: DynamoDBClient;
  readonly table: string;
  /** Failures after which a record is dead-lettered and acknowledged. */
  readonly maxAttempts: number;
  readonly now?: () => string;
}

/**
 * Durable failure accounting of the projector: each failure of a record adds one to its attempt counter (an atomic
 * ADD, so concurrent or repeated invocations count correctly); at `maxAttempts` the record is written to the
 * dead-letter partition with its reason and from then on acknowledged, so its shard moves on.
 */
export const deadLetters = (options: DeadLetterOptions) => {
  const { client, table } = options;
  const now = options.now ?? (() => new Date().toISOString());

  /**
   * Counts one failure; `dead-lettered` means: stop reporting it, it is parked with its reason (`parked` again by a
   * later delivery of a record parked before).
   */
  const recordFailure = async (record: FailedRecord, reason: string): Promise<'retry' | 'dead-lettered' | 'parked'> => {
    const at = now();
    const shortReason = reason.slice(0, longestReason);
    const key = readModelKeys.attempts(record.source);
    const result = await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        UpdateExpression: 'ADD attempts :one SET last_reason = :reason, last_failed_at = :at, expires_at = :expires',
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':reason': { S: shortReason },
          ':at': { S: at },
          ':expires': { N: String(Math.floor(Date.parse(at) / 1000) + attemptsTtlSeconds) },
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const attempts = Number(result.Attributes?.attempts?.N ?? '1');
    if (attempts < options.maxAttempts) return 'retry';
    await parkRecord({ client, table }, { source: record.source, reason: shortReason, attempts, record, deadLetteredAt: at });
    return attempts === options.maxAttempts ? 'dead-lettered' : 'parked';
  };

  return { recordFailure };
};

/** Every record a consumer (the projector unless named) dead-lettered, in source order (for the CLI, alarms and tests). */
export const listDeadLetters = async ({
  client,
  table,
  consumer = 'projector',
}: {
  readonly client: DynamoDBClient;
  readonly table: string;
  readonly consumer?: DeadLetterConsumer;
}): Promise<DeadLetter[]> => {
  const letters: DeadLetter[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: readModelKeys.deadLetterPk(consumer) } },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      letters.push({
        source: item.sk?.S ?? '',
        reason: item.reason?.S ?? '',
        attempts: Number(item.attempts?.N ?? '0'),
        record: JSON.parse(item.record?.S ?? '{}') as FailedRecord,
        deadLetteredAt: item.dead_lettered_at?.S ?? '',
      });
    }
  }
  return letters;
};
