import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';

/** What the stream looks like once it is usable. */
export interface StreamReady {
  readonly streamName: string;
  readonly shardCount: number;
  /** False when the stream existed already (its shard count is then whatever it was created with). */
  readonly created: boolean;
}

const summaryOf = async (client: KinesisClient, streamName: string) => {
  try {
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    return summary;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

/** Creates the stream if it does not exist, then waits until it is ACTIVE (writes to a CREATING stream fail). */
export const ensureStream = async (
  client: KinesisClient,
  streamName: string,
  shardCount: number,
  timeoutMs = 60_000,
): Promise<StreamReady> => {
  let created = false;
  if ((await summaryOf(client, streamName)) === undefined) {
    try {
      await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
      created = true;
    } catch (error) {
      // Someone else created it between our describe and create: fine, wait for it like for our own.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 25; ; delayMs = Math.min(delayMs * 2, 1_000)) {
    const summary = await summaryOf(client, streamName);
    if (summary?.StreamStatus === 'ACTIVE') {
      return { streamName, shardCount: summary.OpenShardCount ?? shardCount, created };
    }
    if (Date.now() > deadline) throw new Error(`Kinesis stream ${streamName} not ACTIVE after ${timeoutMs} ms (${summary?.StreamStatus ?? 'missing'})`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
};
