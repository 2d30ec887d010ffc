import { DescribeStreamSummaryCommand, PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { ensureStream } from '../../../adapters/kinesis/ensureStream.js';
import { startKinesalite, type KinesaliteHandle } from '../../../adapters/kinesis/kinesaliteLocal.js';
import { createKinesisClient } from '../../../adapters/kinesis/kinesisClient.js';
import { checkLineage } from '../../../adapters/kinesis/lineageCheck.js';
import { readLineage, type LineageRead } from '../../../adapters/kinesis/lineageConsumer.js';
import { exportLineage } from '../../../adapters/kinesis/lineageExport.js';
import { LineagePublishError, publishLineage } from '../../../adapters/kinesis/lineageFeed.js';
import { feedEntriesOf } from '../../../adapters/kinesis/lineageFragment.js';
import { toLineageRecord, type LineageRecord } from '../../../adapters/kinesis/lineageRecord.js';
import { verifyLineage } from '../../../adapters/kinesis/lineageVerification.js';
import { StreamOrderError } from '../../../adapters/kinesis/streamOrderGuard.js';
import { asyncSource, chainedStream, interleavedStreams } from './support/hashChain.js';
import { injectPutRecordsFaults, kinesisError } from './support/kinesisFaults.js';

let kinesis: KinesaliteHandle;
let client: KinesisClient;
let streams = 0;

/** A fresh Kinesis stream with `shards` shards, so tests never see each other's records. */
const freshFeed = async (shards = 2): Promise<string> => {
  const name = `lineage-${++streams}`;
  await ensureStream(client, name, shards);
  return name;
};

const versionsPerStream = (records: ReadonlyArray<LineageRecord>): Map<string, number[]> => {
  const versions = new Map<string, number[]>();
  for (const record of records) versions.set(record.stream_id, [...(versions.get(record.stream_id) ?? []), record.version]);
  return versions;
};

const identities = (records: ReadonlyArray<LineageRecord>) => records.map((r) => `${r.stream_id}@${r.version}:${r.hash}`).sort();

/** Everything the issue asks of a read-back: chains verify, per-stream order kept, nothing missing, nothing extra. */
const expectExactFeed = (read: LineageRead, byStream: ReadonlyMap<string, ReadonlyArray<RecordedEvent>>) => {
  expect(read.invalid).toEqual([]);
  expect(read.incomplete).toEqual([]);
  const verdicts = verifyLineage(read.records);
  expect(verdicts.filter((v) => !v.ok)).toEqual([]);
  expect(verdicts.map((v) => v.streamId)).toEqual([...byStream.keys()].sort());
  for (const verdict of verdicts) {
    const source = byStream.get(verdict.streamId)!;
    expect(verdict).toMatchObject({ ok: true, events: source.length, lastVersion: source.length, headHash: source[source.length - 1]!.hash });
  }
  const arrived = versionsPerStream(read.records);
  for (const [streamId, source] of byStream) expect(arrived.get(streamId)).toEqual(source.map((e) => e.version));
  const expected = [...byStream.values()].flat().map(toLineageRecord);
  expect(identities(read.records)).toEqual(identities(expected));
  const bySourceKey = new Map(expected.map((r) => [`${r.stream_id}@${r.version}`, r]));
  for (const record of read.records) expect(record).toEqual(bySourceKey.get(`${record.stream_id}@${record.version}`));
};

beforeAll(async () => {
  kinesis = await startKinesalite({ port: 0 });
  client = createKinesisClient(kinesis.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await kinesis?.stop();
});

describe('Kinesis lineage feed on kinesalite', () => {
  it('exports 1,000 events over 50 streams and reads them back: every chain verifies, order per stream kept, nothing missing, nothing extra', async () => {
    const { events, byStream } = interleavedStreams(50, 1_000);
    const streamName = `lineage-${++streams}`;
    const progress: number[] = [];
    const result = await exportLineage({
      source: asyncSource(events),
      sink: { kind: 'kinesis', client, streamName, shardCount: 4 },
      onProgress: (count) => progress.push(count),
    });
    console.log(
      `lineage export to kinesalite: ${result.events} events, ${result.kinesis?.putRecordsCalls} PutRecords calls, ` +
        `${result.elapsedMs.toFixed(0)} ms, ${result.eventsPerSecond.toFixed(0)} events/s`,
    );
    expect(result).toMatchObject({ sink: 'kinesis', events: 1_000, streams: 50 });
    expect(result.kinesis).toMatchObject({ kinesisRecords: 1_000, fragmentedEvents: 0, retries: 0 });
    expect(progress.at(-1)).toBe(1_000);
    expect(progress.every((count, i) => i === 0 || count > progress[i - 1]!)).toBe(true);
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    expect(summary.StreamDescriptionSummary?.OpenShardCount).toBe(4);

    const read = await readLineage(client, streamName);
    expect(read).toMatchObject({ kinesisRecords: 1_000, duplicatesDropped: 0 });
    expectExactFeed(read, byStream);
    const check = await checkLineage({ kind: 'kinesis', client, streamName });
    expect(check).toMatchObject({ ok: true, records: 1_000, unreadable: [] });
    expect(check.streams).toHaveLength(50);
  });

  it('fragments an event over 1 MB into several Kinesis records and reassembles it in place', async () => {
    const streamName = await freshFeed();
    const big = 'Ω'.repeat(1_200_000); // 2.4 MB of UTF-8
    const huge = chainedStream('portfolio-huge', 5, 1, (_, version) => (version === 3 ? { banks: [{ name: 'VISION-BANK', notes: big }] } : { version }));
    const small = chainedStream('profile-small', 4, 2);
    const fragments = feedEntriesOf(toLineageRecord(huge[2]!)).length;
    expect(fragments).toBeGreaterThan(2);

    const summary = await publishLineage(client, streamName, [huge[0]!, small[0]!, huge[1]!, huge[2]!, small[1]!, huge[3]!, small[2]!, huge[4]!, small[3]!]);
    expect(summary).toMatchObject({ events: 9, fragmentedEvents: 1, kinesisRecords: 8 + fragments });

    const read = await readLineage(client, streamName);
    expect(read.kinesisRecords).toBe(8 + fragments);
    expectExactFeed(read, new Map([['portfolio-huge', huge], ['profile-small', small]]));
    expect(read.records.find((r) => r.stream_id === 'portfolio-huge' && r.version === 3)?.data).toEqual({ banks: [{ name: 'VISION-BANK', notes: big }] });
  });

  it('keeps every stream in order through failed records, throttled calls and lost answers, dropping the duplicates they cause', async () => {
    const streamName = await freshFeed(3);
    const { events, byStream } = interleavedStreams(10, 300, 7);
    const faulty = createKinesisClient(kinesis.endpoint);
    injectPutRecordsFaults(faulty, (call, records) => {
      if (call === 2) return { throwBefore: kinesisError('ProvisionedThroughputExceededException', 400) };
      if (call === 3) return { throwAfter: kinesisError('InternalFailure', 500) };
      // Fail the first record of a call, so a naive producer would let its successor overtake it.
      if (call % 2 === 0 && records.length > 1) return { failRecords: [0, records.length - 1] };
      return undefined;
    });
    try {
      const summary = await publishLineage(faulty, streamName, asyncSource(events), { retryBaseMs: 1, retryMaxMs: 5 });
      expect(summary.events).toBe(300);
      expect(summary.retries).toBeGreaterThan(10);
    } finally {
      faulty.destroy();
    }
    const read = await readLineage(client, streamName);
    expect(read.duplicatesDropped).toBeGreaterThan(0);
    expectExactFeed(read, byStream);
  });

  it('gives up on a record that keeps failing, and on a stream that does not exist', async () => {
    const streamName = await freshFeed();
    const faulty = createKinesisClient(kinesis.endpoint);
    injectPutRecordsFaults(faulty, (_, records) => ({ failRecords: records.map((_r, i) => i) }));
    try {
      // Codes only, no AWS message (free text, which reaches the publisher's logs).
      await expect(publishLineage(faulty, streamName, chainedStream('profile-a', 3), { maxAttempts: 3, retryBaseMs: 1 })).rejects.toThrow(
        /^a lineage record of profile-a failed 3 times: ProvisionedThroughputExceededException$/,
      );
    } finally {
      faulty.destroy();
    }
    const missing = publishLineage(client, 'no-such-stream', chainedStream('profile-a', 3));
    await expect(missing).rejects.toBeInstanceOf(LineagePublishError);
    await expect(missing).rejects.toThrow(/^PutRecords to no-such-stream refused: ResourceNotFoundException$/);
  });

  it('refuses a source that yields a stream out of version order', async () => {
    const streamName = await freshFeed();
    const [first, , third] = chainedStream('profile-a', 3);
    await expect(exportLineage({ source: [first!, third!], sink: { kind: 'kinesis', client, streamName } })).rejects.toBeInstanceOf(StreamOrderError);
  });

  it('names the first bad version of each tampered stream when checking the feed', async () => {
    const streamName = await freshFeed();
    const put = async (partitionKey: string, record: LineageRecord | string) => {
      const data = typeof record === 'string' ? Buffer.from(record) : feedEntriesOf(record)[0]!;
      await client.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: partitionKey, Data: data }));
    };
    const chain = (streamId: string) => chainedStream(streamId, 8).map(toLineageRecord);
    const tampered: Record<string, (records: LineageRecord[]) => LineageRecord[]> = {
      'profile-intact': (r) => r,
      'profile-redelivered': (r) => [...r.slice(0, 4), r[3]!, ...r.slice(4)],
      'profile-altered': (r) => r.map((x) => (x.version === 6 ? { ...x, data: { amount: '1000000.00' } } : x)),
      'profile-missing': (r) => r.filter((x) => x.version !== 4),
      'profile-swapped': (r) => [...r.slice(0, 4), r[5]!, r[4]!, ...r.slice(6)],
      'profile-conflict': (r) => [...r.slice(0, 3), { ...r[2]!, actor: 'mallory' }, ...r.slice(3)],
    };
    for (const [streamId, tamper] of Object.entries(tampered)) {
      for (const record of tamper(chain(streamId))) await put(streamId, record);
    }
    await put('profile-garbage', 'not a lineage record');
    await put('profile-misfiled', chain('profile-elsewhere')[0]!);

    const check = await checkLineage({ kind: 'kinesis', client, streamName });
    expect(check.ok).toBe(false);
    expect(check.duplicatesDropped).toBe(1);
    expect(check.unreadable.map((u) => u.error)).toEqual(expect.arrayContaining(['not JSON', 'partition key is not stream_id profile-elsewhere']));
    const verdicts = Object.fromEntries(check.streams.map((v) => [v.streamId, v.ok ? 'ok' : `${v.problem}@${v.version}`]));
    expect(verdicts).toEqual({
      'profile-intact': 'ok',
      'profile-redelivered': 'ok',
      'profile-altered': 'hash-mismatch@6',
      'profile-missing': 'gap@4',
      'profile-swapped': 'reorder@5',
      'profile-conflict': 'duplicate@3',
    });
  });
});
