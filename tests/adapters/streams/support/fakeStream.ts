import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

interface FakeShard {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  readonly records: StreamsRecord[];
  closed: boolean;
  listed: boolean;
  /** Records before this index have expired. */
  trimmed: number;
}

const serviceError = (name: string): Error => Object.assign(new Error(`${name} (fake)`), { name });

const sequenceOf = (record: StreamsRecord): bigint => BigInt(record.dynamodb!.SequenceNumber!);

/**
 * An in-memory DynamoDB stream behind the three Streams calls the poller makes, for what DynamoDB Local cannot show:
 * shard rollover and splits (DynamoDB Local never closes a shard), trimming, vanished shards, expired iterators.
 * Errors carry the names AWS gives them. DescribeStream answers two shards per page, so paging is exercised.
 */
export class FakeStream {
  readonly shards: FakeShard[] = [];
  readonly calls: string[] = [];
  private next = 100_000_000_000_000_000_000n;
  private expireNextRead = false;

  /** Opens a shard, optionally as the child of `parentShardId`. */
  open(shardId: string, parentShardId?: string): this {
    this.shards.push({ shardId, parentShardId, records: [], closed: false, listed: true, trimmed: 0 });
    return this;
  }

  /** Appends a record of event (streamId, version) to an open shard. */
  put(shardId: string, streamId: string, version: number): this {
    const shard = this.shard(shardId);
    if (shard.closed) throw new Error(`shard ${shardId} is closed`);
    const keys = { stream_id: { S: streamId }, version: { N: String(version) } };
    this.next += 7n;
    shard.records.push({
      eventID: `${streamId}#${version}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date(),
        Keys: keys,
        NewImage: { ...keys, recorded_at: { S: new Date().toISOString() } },
        SequenceNumber: String(this.next),
        SizeBytes: 40,
        StreamViewType: 'NEW_IMAGE',
      },
    });
    return this;
  }

  /** Appends versions first..last of a stream. */
  putVersions(shardId: string, streamId: string, first: number, last: number): this {
    for (let version = first; version <= last; version += 1) this.put(shardId, streamId, version);
    return this;
  }

  close(shardId: string): this {
    this.shard(shardId).closed = true;
    return this;
  }

  /** Expires the shard's first `count` records. */
  trim(shardId: string, count: number): this {
    this.shard(shardId).trimmed = count;
    return this;
  }

  /** Takes the shard out of the stream (after its retention). */
  remove(shardId: string): this {
    this.shard(shardId).listed = false;
    return this;
  }

  /** The next GetRecords fails as if its iterator were older than 15 minutes. */
  expireNextIterator(): this {
    this.expireNextRead = true;
    return this;
  }

  sequenceNumber(shardId: string, index: number): string {
    return this.shard(shardId).records[index]!.dynamodb!.SequenceNumber!;
  }

  /** The client the poller talks to. */
  get client(): DynamoDBStreamsClient {
    return { send: (command: unknown) => this.send(command) } as unknown as DynamoDBStreamsClient;
  }

  private shard(shardId: string): FakeShard {
    const shard = this.shards.find((candidate) => candidate.shardId === shardId);
    if (shard === undefined) throw new Error(`no shard ${shardId}`);
    return shard;
  }

  private listedShard(shardId: string | undefined): FakeShard {
    const shard = this.shards.find((candidate) => candidate.shardId === shardId && candidate.listed);
    if (shard === undefined) throw serviceError('ResourceNotFoundException');
    return shard;
  }

  private async send(command: unknown): Promise<unknown> {
    await Promise.resolve();
    if (command instanceof DescribeStreamCommand) {
      this.calls.push('DescribeStream');
      const listed = this.shards.filter((shard) => shard.listed);
      const from = command.input.ExclusiveStartShardId === undefined ? 0 : listed.findIndex((s) => s.shardId === command.input.ExclusiveStartShardId) + 1;
      const page = listed.slice(from, from + 2);
      const shards: Shard[] = page.map((shard) => ({
        ShardId: shard.shardId,
        ParentShardId: shard.parentShardId,
        SequenceNumberRange: {
          StartingSequenceNumber: shard.records[0]?.dynamodb?.SequenceNumber ?? String(this.next),
          EndingSequenceNumber: shard.closed ? (shard.records.at(-1)?.dynamodb?.SequenceNumber ?? String(this.next)) : undefined,
        },
      }));
      const more = from + 2 < listed.length;
      return { StreamDescription: { Shards: shards, LastEvaluatedShardId: more ? page.at(-1)?.shardId : undefined } };
    }
    if (command instanceof GetShardIteratorCommand) {
      const { ShardId, ShardIteratorType, SequenceNumber } = command.input;
      this.calls.push(`GetShardIterator ${ShardIteratorType}`);
      const shard = this.listedShard(ShardId);
      if (ShardIteratorType === 'TRIM_HORIZON') return { ShardIterator: `${shard.shardId}|${shard.trimmed}` };
      const wanted = BigInt(SequenceNumber ?? '0');
      if (shard.records.length > 0 && wanted < sequenceOf(shard.records[0]!)) throw serviceError('ValidationException');
      // Like DynamoDB Local: a position past the newest record is accepted.
      let index = shard.records.findIndex((record) => sequenceOf(record) >= wanted);
      if (index < 0) index = shard.records.length;
      const exact = shard.records[index] !== undefined && sequenceOf(shard.records[index]!) === wanted;
      return { ShardIterator: `${shard.shardId}|${ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' && exact ? index + 1 : index}` };
    }
    if (command instanceof GetRecordsCommand) {
      this.calls.push('GetRecords');
      const [shardId, position] = (command.input.ShardIterator ?? '').split('|');
      const shard = this.listedShard(shardId);
      if (this.expireNextRead) {
        this.expireNextRead = false;
        throw serviceError('ExpiredIteratorException');
      }
      const index = Number(position);
      if (index < shard.trimmed) throw serviceError('TrimmedDataAccessException');
      const records = shard.records.slice(index, index + (command.input.Limit ?? 1000));
      const end = index + records.length;
      const atEnd = shard.closed && end >= shard.records.length;
      return { Records: records, NextShardIterator: atEnd ? undefined : `${shard.shardId}|${end}` };
    }
    throw new Error(`the fake stream does not answer ${String(command)}`);
  }
}
