import { GetItemCommand, paginateQuery, paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The newest event of a stream in the store: its version, hash and when it was recorded. */
export interface StreamHead {
  readonly version: number;
  readonly hash: string;
  readonly recordedAt: string;
}

/** Reads stream heads of the events table: keys and hashes only, never a payload. */
export const streamHeads = (client: DynamoDBClient, table: string) => {
  /** Every stream's head, by a parallel scan (consistent: an event committed before the scan began is seen). */
  const all = async (segments = 4): Promise<ReadonlyMap<string, StreamHead>> => {
    const heads = new Map<string, StreamHead>();
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const pages = paginateScan(
          { client },
          {
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ConsistentRead: true,
            ProjectionExpression: 'stream_id, version, #hash, recorded_at',
            ExpressionAttributeNames: { '#hash': 'hash' },
          },
        );
        for await (const page of pages) {
          for (const item of page.Items ?? []) {
            const streamId = item.stream_id?.S;
            const version = Number(item.version?.N);
            if (streamId === undefined || !Number.isSafeInteger(version)) continue;
            if ((heads.get(streamId)?.version ?? 0) < version) heads.set(streamId, { version, hash: item.hash?.S ?? '', recordedAt: item.recorded_at?.S ?? '' });
          }
        }
      }),
    );
    return heads;
  };

  /** The recorded hash of one version of a stream, undefined when the store has no such event. */
  const hashAt = async (streamId: string, version: number): Promise<string | undefined> => {
    const answer = await client.send(
      new GetItemCommand({
        TableName: table,
        Key: { stream_id: { S: streamId }, version: { N: String(version) } },
        ConsistentRead: true,
        ProjectionExpression: '#hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
      }),
    );
    return answer.Item?.hash?.S;
  };

  /**
   * When the first event of a stream recorded at or after `from` (RFC 3339 UTC, as stored) was recorded, undefined when
   * none was: recorded times never decrease within a stream, so that is the first event a window from `from` holds.
   */
  const firstRecordedFrom = async (streamId: string, from: string): Promise<string | undefined> => {
    const pages = paginateQuery(
      { client },
      {
        TableName: table,
        KeyConditionExpression: 'stream_id = :s',
        ExpressionAttributeValues: { ':s': { S: streamId } },
        ConsistentRead: true,
        ProjectionExpression: 'recorded_at',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const recordedAt = item.recorded_at?.S;
        if (recordedAt !== undefined && recordedAt >= from) return recordedAt;
      }
    }
    return undefined;
  };

  /** When one version of a stream was recorded, undefined when the store has no such event. */
  const recordedAtOf = async (streamId: string, version: number): Promise<string | undefined> =>
    (
      await client.send(
        new GetItemCommand({
          TableName: table,
          Key: { stream_id: { S: streamId }, version: { N: String(version) } },
          ConsistentRead: true,
          ProjectionExpression: 'recorded_at',
        }),
      )
    ).Item?.recorded_at?.S;

  return { all, hashAt, firstRecordedFrom, recordedAtOf };
};
