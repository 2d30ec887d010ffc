import { GetItemCommand, paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The newest event of a stream in the store: its version and hash. */
export interface StreamHead {
  readonly version: number;
  readonly hash: string;
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
            ProjectionExpression: 'stream_id, version, #hash',
            ExpressionAttributeNames: { '#hash': 'hash' },
          },
        );
        for await (const page of pages) {
          for (const item of page.Items ?? []) {
            const streamId = item.stream_id?.S;
            const version = Number(item.version?.N);
            if (streamId === undefined || !Number.isSafeInteger(version)) continue;
            if ((heads.get(streamId)?.version ?? 0) < version) heads.set(streamId, { version, hash: item.hash?.S ?? '' });
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

  return { all, hashAt };
};
