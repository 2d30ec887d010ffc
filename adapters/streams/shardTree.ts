/**
 * A shard of a DynamoDB stream as DescribeStream lists it. Shards form a tree: when a shard is closed (AWS rolls them
 * about every four hours, or splits them), its records continue in child shards that name it as their parent. All
 * records of one item are in one shard at a time, so reading each parent to its end before its children keeps every
 * item's records in order.
 */
export interface StreamShard {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  readonly startingSequenceNumber: string | undefined;
  /** Set once the shard is closed: no record will ever be added after it. */
  readonly endingSequenceNumber: string | undefined;
}

/**
 * Shards that may be read now, parents before children: neither read to their end (`finished`) nor being read
 * (`reading`), and whose parent is finished or no longer listed. A parent that left the stream while unread is the
 * orphan case (see `orphanedShards`), which the caller settles before reading anything.
 */
export const readableShards = (
  shards: ReadonlyArray<StreamShard>,
  finished: ReadonlySet<string>,
  reading: ReadonlySet<string>,
): StreamShard[] => {
  const listed = new Set(shards.map((shard) => shard.shardId));
  return parentsFirst(shards).filter(
    (shard) =>
      !finished.has(shard.shardId) &&
      !reading.has(shard.shardId) &&
      (shard.parentShardId === undefined || finished.has(shard.parentShardId) || !listed.has(shard.parentShardId)),
  );
};

/**
 * Shards whose parent is no longer in the stream although the consumer never accounted for it (no checkpoint for the
 * parent nor for the shard itself): the parent's records may have expired unread, so reading the child alone could
 * miss some. After a rebuild every listed shard is accounted for, so only a genuine gap shows up here.
 */
export const orphanedShards = (shards: ReadonlyArray<StreamShard>, accountedFor: ReadonlySet<string>): StreamShard[] => {
  const listed = new Set(shards.map((shard) => shard.shardId));
  return shards.filter(
    (shard) =>
      shard.parentShardId !== undefined &&
      !listed.has(shard.parentShardId) &&
      !accountedFor.has(shard.parentShardId) &&
      !accountedFor.has(shard.shardId),
  );
};

/** The shards ordered so that every listed parent comes before its children (ties keep the listed order). */
export const parentsFirst = (shards: ReadonlyArray<StreamShard>): StreamShard[] => {
  const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
  const placed = new Set<string>();
  const ordered: StreamShard[] = [];
  const place = (shard: StreamShard, path: ReadonlySet<string>): void => {
    if (placed.has(shard.shardId) || path.has(shard.shardId)) return;
    const parent = shard.parentShardId === undefined ? undefined : byId.get(shard.parentShardId);
    // A cycle cannot come from DynamoDB; the path guard only keeps a corrupt listing from recursing forever.
    if (parent !== undefined) place(parent, new Set([...path, shard.shardId]));
    placed.add(shard.shardId);
    ordered.push(shard);
  };
  for (const shard of shards) place(shard, new Set());
  return ordered;
};
