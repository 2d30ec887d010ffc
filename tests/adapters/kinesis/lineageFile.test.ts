import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { checkLineage } from '../../../adapters/kinesis/lineageCheck.js';
import { exportLineage } from '../../../adapters/kinesis/lineageExport.js';
import { readLineageFile } from '../../../adapters/kinesis/lineageFile.js';
import { toLineageRecord } from '../../../adapters/kinesis/lineageRecord.js';
import { StreamOrderError } from '../../../adapters/kinesis/streamOrderGuard.js';
import { asyncSource, chainedStream, interleavedStreams } from './support/hashChain.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fiducia-lineage-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lineage file sink', () => {
  it('round-trips 1,000 events over 50 streams as NDJSON of canonical records, each stream in order', async () => {
    const { events, byStream } = interleavedStreams(50, 1_000, 3);
    const path = join(dir, 'lineage.ndjson');
    const progress: number[] = [];
    const result = await exportLineage({ source: asyncSource(events), sink: { kind: 'file', path }, onProgress: (n) => progress.push(n) });
    expect(result).toMatchObject({ sink: 'file', events: 1_000, streams: 50 });
    expect(progress).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1_000);
    for (const line of lines) expect(canonicalize(JSON.parse(line))).toBe(line);
    expect(lines.map((line) => JSON.parse(line))).toEqual(events.map(toLineageRecord));
    expect(result.bytes).toBe((await stat(path)).size);

    const check = await checkLineage({ kind: 'file', path });
    expect(check).toMatchObject({ ok: true, records: 1_000, unreadable: [] });
    expect(check.streams.map((v) => (v.ok ? v.lastVersion : -1))).toEqual(
      [...byStream.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, stream]) => stream.length),
    );
  });

  it('names the first bad version of a file that was tampered with, and the line that is not a record', async () => {
    const path = join(dir, 'tampered.ndjson');
    await exportLineage({ source: chainedStream('profile-a', 6), sink: { kind: 'file', path } });
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    lines[3] = lines[3]!.replace('"actor":"advisor-0"', '"actor":"mallory"');
    lines.push('{"garbage":true}');
    await writeFile(path, `${lines.join('\n')}\n`);
    const check = await checkLineage({ kind: 'file', path });
    expect(check.ok).toBe(false);
    expect(check.streams).toEqual([expect.objectContaining({ streamId: 'profile-a', ok: false, version: 4, problem: 'hash-mismatch' })]);
    expect(check.unreadable).toEqual([{ where: `${path}:7`, error: 'unexpected field(s) garbage' }]);
  });

  it('leaves no file behind when the export fails part-way', async () => {
    const path = join(dir, 'failed.ndjson');
    const [first, , third] = chainedStream('profile-a', 3);
    const failing = async function* (): AsyncGenerator<RecordedEvent> {
      yield first!;
      yield third!;
    };
    await expect(exportLineage({ source: failing(), sink: { kind: 'file', path } })).rejects.toBeInstanceOf(StreamOrderError);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(`${path}.partial`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes an event larger than a Kinesis record whole, on one line', async () => {
    const path = join(dir, 'large.ndjson');
    const huge = chainedStream('portfolio-huge', 2, 0, (_, version) => ({ notes: 'ß'.repeat(version * 700_000) }));
    await exportLineage({ source: huge, sink: { kind: 'file', path } });
    const { records, invalid } = await readLineageFile(path);
    expect(invalid).toEqual([]);
    expect(records).toEqual(huge.map(toLineageRecord));
  });
});
