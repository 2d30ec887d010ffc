import { describe, expect, it } from 'vitest';
import {
  createFragmentAssembler,
  decodeFeedEntry,
  feedEntriesOf,
  kinesisMaxRecordBytes,
  type LineageFragment,
} from '../../../adapters/kinesis/lineageFragment.js';
import { lineageRecordJson, recomputedHash, toLineageRecord } from '../../../adapters/kinesis/lineageRecord.js';
import { chainedStream, seededRandom } from './support/hashChain.js';

const streamId = 'portfolio-00000000-0000-4000-8000-000000000001';

/** An event of about 2.2 MB whose text mixes 1-, 2-, 3- and 4-byte UTF-8 characters, so slices cut characters. */
const hugeRecord = () => {
  const random = seededRandom(7);
  const alphabet = ['a', 'é', '€', '𝄞', '"', '\\'];
  const text = Array.from({ length: 950_000 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const [event] = chainedStream(streamId, 1, 0, () => ({ notes: text, holdings: [{ plan: '401(k)', balance: '120000.00' }] }));
  return toLineageRecord(event!);
};

const fragmentsOf = (blobs: ReadonlyArray<Buffer>): LineageFragment[] =>
  blobs.map((blob) => {
    const entry = decodeFeedEntry(blob);
    if (entry.kind !== 'fragment') throw new Error(`expected a fragment, got ${entry.kind}`);
    return entry.fragment;
  });

describe('lineage fragments', () => {
  it('carries an event that fits as its canonical JSON, unwrapped', () => {
    const record = toLineageRecord(chainedStream(streamId, 1)[0]!);
    const blobs = feedEntriesOf(record);
    expect(blobs.map((b) => b.toString('utf8'))).toEqual([lineageRecordJson(record)]);
    expect(decodeFeedEntry(blobs[0]!)).toMatchObject({ kind: 'record', record });
  });

  it('splits a >1 MB event into ordered fragments that each fit a Kinesis record with their partition key', () => {
    const record = hugeRecord();
    expect(Buffer.byteLength(lineageRecordJson(record), 'utf8')).toBeGreaterThan(2 * kinesisMaxRecordBytes);
    const blobs = feedEntriesOf(record);
    // Base64 costs a third more, so 2.2 MB of JSON needs three records.
    expect(blobs.length).toBe(3);
    for (const blob of blobs) expect(blob.length + Buffer.byteLength(streamId)).toBeLessThanOrEqual(kinesisMaxRecordBytes);
    expect(fragmentsOf(blobs).map((f) => [f.index, f.count, f.version, f.event_hash])).toEqual([0, 1, 2].map((i) => [i, 3, 1, record.hash]));
  });

  it('joins fragments in any arrival order, despite redeliveries, into the very same record', () => {
    const record = hugeRecord();
    const [a, b, c] = fragmentsOf(feedEntriesOf(record));
    const assembler = createFragmentAssembler();
    expect(assembler.add(c!)).toBeUndefined();
    expect(assembler.add(a!)).toBeUndefined();
    expect(assembler.add(c!)).toBeUndefined();
    const joined = assembler.add(b!);
    expect(joined?.kind).toBe('record');
    if (joined?.kind !== 'record') return;
    expect(joined.json).toBe(lineageRecordJson(record));
    expect(recomputedHash(joined.record)).toBe(record.hash);
    // A fragment redelivered after its event is complete neither yields the event again nor waits forever.
    expect(assembler.add(a!)).toBeUndefined();
    expect(assembler.incomplete()).toEqual([]);
  });

  it('reports events whose fragments did not all arrive', () => {
    const [a, , c] = fragmentsOf(feedEntriesOf(hugeRecord()));
    const assembler = createFragmentAssembler();
    assembler.add(a!);
    assembler.add(c!);
    expect(assembler.incomplete()).toEqual([{ streamId, version: 1, received: 2, count: 3 }]);
  });

  it('keeps fragments of two different copies of one version apart and refuses a part swapped in from another', () => {
    const record = hugeRecord();
    const forged = { ...record, actor: 'mallory', hash: 'f'.repeat(64) };
    const genuine = fragmentsOf(feedEntriesOf(record));
    const other = fragmentsOf(feedEntriesOf(forged));
    const assembler = createFragmentAssembler();
    // The forged copy's header claims the genuine hash, so its parts land in the genuine group.
    const mixed = [genuine[0]!, { ...other[1]!, event_hash: record.hash }, genuine[2]!];
    const joined = mixed.map((fragment) => assembler.add(fragment))[2];
    // Either the bytes no longer join into a record, or the record they form fails its own hash.
    expect(joined === undefined || (joined.kind === 'record' && recomputedHash(joined.record) === record.hash)).toBe(false);
    const separate = createFragmentAssembler();
    [...genuine, ...other].forEach((fragment) => separate.add(fragment));
    expect(separate.incomplete()).toEqual([]);
  });

  it('refuses data that is neither a record nor a fragment', () => {
    expect(decodeFeedEntry(Buffer.from('not json'))).toEqual({ kind: 'invalid', error: 'not JSON' });
    expect(decodeFeedEntry(Buffer.from('{"fragment":{"index":3,"count":2}}'))).toEqual({ kind: 'invalid', error: 'malformed fragment' });
    expect(decodeFeedEntry(Buffer.from('{"stream_id":"x"}'))).toMatchObject({ kind: 'invalid' });
  });
});
