import { setTimeout as delay } from 'node:timers/promises';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  paginateQuery,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { isSequenceNumber, sequenceKey, type SequenceNumber } from './sequenceNumber.js';

/** How far one consumer got in one shard. */
export interface ShardCheckpoint {
  readonly shardId: string;
  /** The stream the shard belongs to; a checkpoint of another stream (table re-created) is of no use. */
  readonly streamArn: string | undefined;
  /** The last record whose effect is applied; undefined while nothing of the shard is acknowledged. */
  readonly sequenceNumber: SequenceNumber | undefined;
  /** Every record of the (closed) shard is acknowledged: its children may be read. */
  readonly finished: boolean;
}

/**
 * Durable checkpoints of one consumer, one item per shard in the read-model table: pk `checkpoint#<consumer>`, sk
 * `<shard id>`, attributes `sequence_number`, `sequence_key` (its fixed-width form, for the condition), `stream_arn`,
 * `finished`, `updated_at`. An item without a sequence number records that the shard is accounted for (being read,
 * or covered by a rebuild), which the poller needs to tell a shard it knows from one whose records it missed.
 */
export interface CheckpointStore {
  readonly consumer: string;
  /** Every checkpoint of the consumer (consistent read), by shard id. */
  load(): Promise<ReadonlyMap<string, ShardCheckpoint>>;
  /** Records that the shard is accounted for; leaves its sequence number as it is. */
  begin(shardId: string, streamArn: string): Promise<void>;
  /** Moves the shard's checkpoint forward to `sequenceNumber`; false (and no change) if it is already there or beyond. */
  advance(shardId: string, streamArn: string, sequenceNumber: SequenceNumber): Promise<boolean>;
  /** Marks the shard as read to its end. */
  finish(shardId: string, streamArn: string): Promise<void>;
  /** Deletes the checkpoints of these shards. */
  forget(shardIds: ReadonlyArray<string>): Promise<void>;
  /** Deletes every checkpoint of the consumer: the only way a checkpoint ever goes back (after a rebuild). */
  reset(): Promise<void>;
}

/** BatchWriteItem takes at most 25 requests. */
const batchLimit = 25;

const fromItem = (item: Record<string, AttributeValue>): ShardCheckpoint => {
  const sequenceNumber = item.sequence_number?.S;
  return {
    shardId: item.sk?.S ?? '',
    streamArn: item.stream_arn?.S,
    // A malformed stored value is kept as given: the poller's check of the shard's range rejects it.
    sequenceNumber: sequenceNumber === undefined ? undefined : (sequenceNumber as SequenceNumber),
    finished: item.finished?.BOOL === true,
  };
};

/** Checkpoints of `consumer` in `tableName` (the read-model table: string keys `pk`, `sk`). */
export const dynamoCheckpointStore = (client: DynamoDBClient, tableName: string, consumer: string): CheckpointStore => {
  const pk = `checkpoint#${consumer}`;
  const key = (shardId: string): Record<string, AttributeValue> => ({ pk: { S: pk }, sk: { S: shardId } });
  const now = (): AttributeValue => ({ S: new Date().toISOString() });

  const load = async (): Promise<ReadonlyMap<string, ShardCheckpoint>> => {
    const checkpoints = new Map<string, ShardCheckpoint>();
    const pages = paginateQuery(
      { client },
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const checkpoint = fromItem(item);
        checkpoints.set(checkpoint.shardId, checkpoint);
      }
    }
    return checkpoints;
  };

  const begin = async (shardId: string, streamArn: string): Promise<void> => {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key(shardId),
        UpdateExpression: 'SET stream_arn = :arn, updated_at = :now',
        ExpressionAttributeValues: { ':arn': { S: streamArn }, ':now': now() },
      }),
    );
  };

  const advance = async (shardId: string, streamArn: string, sequenceNumber: SequenceNumber): Promise<boolean> => {
    if (!isSequenceNumber(sequenceNumber)) throw new Error(`not a stream sequence number: ${String(sequenceNumber)}`);
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(shardId),
          UpdateExpression: 'SET sequence_number = :seq, sequence_key = :key, stream_arn = :arn, updated_at = :now',
          // Two pollers of one consumer, or a slow one after a restart, must never undo the other's progress.
          ConditionExpression: 'attribute_not_exists(sequence_key) OR sequence_key < :key',
          ExpressionAttributeValues: {
            ':seq': { S: sequenceNumber },
            ':key': { S: sequenceKey(sequenceNumber) },
            ':arn': { S: streamArn },
            ':now': now(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  const finish = async (shardId: string, streamArn: string): Promise<void> => {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key(shardId),
        UpdateExpression: 'SET finished = :true, stream_arn = :arn, updated_at = :now',
        ExpressionAttributeValues: { ':true': { BOOL: true }, ':arn': { S: streamArn }, ':now': now() },
      }),
    );
  };

  const forget = async (shardIds: ReadonlyArray<string>): Promise<void> => {
    for (let start = 0; start < shardIds.length; start += batchLimit) {
      let requests: WriteRequest[] = shardIds.slice(start, start + batchLimit).map((shardId) => ({ DeleteRequest: { Key: key(shardId) } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 0) await delay(Math.min(1000, 25 * 2 ** attempt));
        const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
        requests = result.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };

  const reset = async (): Promise<void> => forget([...(await load()).keys()]);

  return { consumer, load, begin, advance, finish, forget, reset };
};
