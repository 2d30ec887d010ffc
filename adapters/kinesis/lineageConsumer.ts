import { createHash } from 'node:crypto';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';
import { createFragmentAssembler, decodeFeedEntry, type FeedEntry, type IncompleteEvent } from './lineageFragment.js';
import type { LineageRecord } from './lineageRecord.js';

/** A Kinesis record of the feed that is neither a lineage record nor a fragment of one. */
export interface InvalidFeedRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** The stream id the producer gave it. */
  readonly partitionKey: string;
  readonly error: string;
}

/** Everything read from the feed, fragments joined and exact duplicates dropped. */
export interface LineageRead {
  /** In feed order: each shard by sequence number, parent shards before their children (so per-stream order holds). */
  readonly records: ReadonlyArray<LineageRecord>;
  readonly kinesisRecords: number;
  /** Byte-identical redeliveries of a (stream_id, version) that were dropped; differing copies are kept for the check. */
  readonly duplicatesDropped: number;
  readonly incomplete: ReadonlyArray<IncompleteEvent>;
  readonly invalid: ReadonlyArray<InvalidFeedRecord>;
}

/** Pacing of a read. */
export interface ReadOptions {
  /** Records per GetRecords call (Kinesis: at most 10,000). */
  readonly limit?: number;
  /** Pause after an empty answer from a shard that is still behind (Kinesis allows 5 reads per shard per second). */
  readonly idleDelayMs?: number;
}

const listShards = async (client: KinesisClient, streamName: string): Promise<Shard[]> => {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    // Kinesis refuses StreamName together with NextToken.
    const page = await client.send(new ListShardsCommand(nextToken === undefined ? { StreamName: streamName } : { NextToken: nextToken }));
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
};

/** Parents before children: after a reshard, a partition key's older records are in the parent shard. */
const parentsFirst = (shards: ReadonlyArray<Shard>): Shard[] => {
  const byId = new Map(shards.map((shard) => [shard.ShardId, shard]));
  const placed = new Set<string>();
  const ordered: Shard[] = [];
  const place = (shard: Shard) => {
    const id = shard.ShardId ?? '';
    if (placed.has(id)) return;
    placed.add(id);
    for (const parentId of [shard.ParentShardId, shard.AdjacentParentShardId]) {
      const parent = parentId === undefined ? undefined : byId.get(parentId);
      if (parent !== undefined) place(parent);
    }
    ordered.push(shard);
  };
  shards.forEach(place);
  return ordered;
};

interface Delivered {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

const readShard = async (client: KinesisClient, streamName: string, shardId: string, limit: number, idleDelayMs: number): Promise<Delivered[]> => {
  const delivered: Delivered[] = [];
  let { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
  );
  while (iterator !== undefined) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    for (const record of page.Records ?? []) {
      delivered.push({ shardId, sequenceNumber: record.SequenceNumber ?? '', partitionKey: record.PartitionKey ?? '', data: record.Data ?? new Uint8Array() });
    }
    const empty = (page.Records ?? []).length === 0;
    if (empty && (page.MillisBehindLatest ?? 0) === 0) break; // caught up with an open shard
    if (empty) await new Promise((resolve) => setTimeout(resolve, idleDelayMs));
    iterator = page.NextShardIterator; // undefined once a closed shard is read to its end
  }
  return delivered;
};

/**
 * Reads the whole lineage feed from TRIM_HORIZON until every shard is caught up, joins fragmented events and drops
 * byte-identical duplicates (Kinesis delivers at least once; the producer may retry a record that was stored).
 */
export const readLineage = async (client: KinesisClient, streamName: string, options: ReadOptions = {}): Promise<LineageRead> => {
  const shards = parentsFirst(await listShards(client, streamName));
  const perShard = await Promise.all(
    shards.map((shard) => readShard(client, streamName, shard.ShardId ?? '', options.limit ?? 10_000, options.idleDelayMs ?? 200)),
  );
  const assembler = createFragmentAssembler();
  const seen = new Set<string>();
  const records: LineageRecord[] = [];
  const invalid: InvalidFeedRecord[] = [];
  let duplicatesDropped = 0;
  let kinesisRecords = 0;
  const take = (entry: Exclude<FeedEntry, { kind: 'fragment' }>, from: Delivered) => {
    if (entry.kind === 'invalid') {
      invalid.push({ shardId: from.shardId, sequenceNumber: from.sequenceNumber, partitionKey: from.partitionKey, error: entry.error });
      return;
    }
    const digest = createHash('sha256').update(entry.json, 'utf8').digest('base64');
    const key = `${entry.record.stream_id}\u0000${entry.record.version}\u0000${digest}`;
    if (seen.has(key)) {
      duplicatesDropped++;
      return;
    }
    seen.add(key);
    records.push(entry.record);
  };
  for (const delivered of perShard.flat()) {
    kinesisRecords++;
    const entry = decodeFeedEntry(delivered.data);
    const claimed = entry.kind === 'record' ? entry.record.stream_id : entry.kind === 'fragment' ? entry.fragment.stream_id : undefined;
    // Order is only kept per partition key, so a record filed under another stream's key proves nothing about order.
    if (claimed !== undefined && claimed !== delivered.partitionKey) take({ kind: 'invalid', error: `partition key is not stream_id ${claimed}` }, delivered);
    else if (entry.kind !== 'fragment') take(entry, delivered);
    else {
      const joined = assembler.add(entry.fragment);
      if (joined !== undefined) take(joined, delivered);
    }
  }
  return { records, kinesisRecords, duplicatesDropped, incomplete: assembler.incomplete(), invalid };
};
