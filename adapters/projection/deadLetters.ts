import { PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readModelKeys } from '../../projections/readModelKeys.js';

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

/** Attempt counters outlive any retry of a record that DynamoDB Streams still holds (24 hours), then expire. */
const attemptsTtlSeconds = 7 * 24 * 60 * 60;
const longestReason = 2_000;

/**
 * Durable failure accounting of the projector: each failure of a record adds one to its attempt counter (an atomic
 * ADD, so concurrent or repeated invocations count correctly); at `maxAttempts` the record is written to the
 * dead-letter partition with its reason and from then on acknowledged, so its shard moves on.
 */
export const deadLetters = (options: DeadLetterOptions) => {
  const { client, table } = options;
  const now = options.now ?? (() => new Date().toISOString());

  /** Counts one failure; `dead-lettered` means: stop reporting it, it is parked with its reason. */
  const recordFailure = async (record: FailedRecord, reason: string): Promise<'retry' | 'dead-lettered'> => {
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
    const letter = readModelKeys.deadLetter(record.source);
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: letter.pk },
          sk: { S: letter.sk },
          reason: { S: shortReason },
          attempts: { N: String(attempts) },
          record: { S: JSON.stringify(record) },
          dead_lettered_at: { S: at },
        },
      }),
    );
    return 'dead-lettered';
  };

  return { recordFailure };
};

/** Every dead-lettered record, oldest source first (for the CLI, alarms and tests). */
export const listDeadLetters = async ({ client, table }: { readonly client: DynamoDBClient; readonly table: string }): Promise<DeadLetter[]> => {
  const letters: DeadLetter[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: readModelKeys.deadLetterPk } },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      letters.push({
        source: item.sk?.S ?? '',
        reason: item.reason?.S ?? '',
        attempts: Number(item.attempts?.N ?? '0'),
        record: JSON.parse(item.record?.S ?? '{}') as FailedRecord,
        deadLetteredAt: item.dead_lettered_at?.S ?? '',
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return letters;
};
