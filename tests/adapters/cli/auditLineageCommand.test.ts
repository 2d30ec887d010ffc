import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent, StreamId } from '../../../application/ports/eventStore.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import type { TableNames } from '../../../adapters/dynamodb/tables.js';
import { aBank, aDeposit, aRequest } from '../../domain/support/portfolioRequestBuilder.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { freshTables, projectionWorld } from '../projection/support/projectionWorld.js';
import { fiducia, storeEnv } from './support/fiducia.js';

describe('fiducia audit export --to file and check-lineage --file (spawned as a process, on DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let tables: TableNames;
  let folder: string;
  let revision: RecordedEvent;
  /** The revised portfolio's first version, the commit before its revision. */
  let firstVersion: RecordedEvent;

  const audit = (...args: string[]) => fiducia(['audit', ...args], storeEnv(dynamo.endpoint, tables.events));
  const exported = async (name: string, ...window: string[]) => {
    const file = join(folder, name);
    const run = audit('export', '--to', 'file', '--file', file, ...window);
    expect(run.status).toBe(0);
    return file;
  };

  /** The resources of the audit reads recorded for the operator running these commands. */
  const operatorReads = async () =>
    (await dynamoEventStore(dynamo.client, tables).readStream(`audit-cli:${userInfo().username}` as StreamId)).map((event) => (event.data as { resource: string }).resource);

  beforeAll(async () => {
    dynamo = await useDynamo();
    tables = await freshTables(dynamo.client);
    folder = await mkdtemp(join(tmpdir(), 'fiducia-lineage-cli-'));
    // Each commit of the world is recorded one second after the one before.
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-1', 'client-1');
    await world.propose('pf-1', aRequest([aBank([aDeposit({ account: 'A-0001' })], 'ALPHA')]), 'prof-1');
    await world.propose('pf-2', aRequest([aBank([aDeposit({ account: 'B-0001' })], 'BETA')]), null);
    await world.revise('pf-2', aRequest([aBank([aDeposit({ account: 'B-0002' })], 'BETA')]));
    revision = world.events.at(-1)!;
    firstVersion = world.events.at(-2)!;
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('exports every chain to a file that checks, and against the store too', async () => {
    const file = await exported('all.ndjson');
    const check = audit('check-lineage', '--file', file, '--against-store');
    expect(check.status).toBe(0);
    // The world's 5 events in 3 streams, and the operator's audit trail: this export, recorded before it read anything.
    expect(check.stdout).toContain('Lineage verifies: 6 records, 4 streams, 0 duplicates dropped.');
    expect(check.stdout).toContain('Every stream head matches the event store.');
    // A file check reads no history (the export was recorded), so the next check finds the store as the export left it.
    expect(await operatorReads()).toEqual(['fiducia audit export --to file']);
    expect(audit('check-lineage', '--file', file, '--against-store').status).toBe(0);
    // Streams come in id order, whatever order the parallel scan found them in.
    const ids = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { stream_id: string }).stream_id);
    expect(ids).toEqual([...ids].sort());
  });

  it('tells a truncated tail from an intact chain only against the store', async () => {
    const file = await exported('truncated.ndjson');
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    const kept = lines.filter((line) => {
      const record = JSON.parse(line) as { stream_id: string; version: number };
      return !(record.stream_id === revision.streamId && record.version === revision.version);
    });
    expect(kept).toHaveLength(lines.length - 1);
    await writeFile(file, `${kept.join('\n')}\n`);
    // What is left is a sound chain of its own; only the store knows that a newer event exists.
    expect(audit('check-lineage', '--file', file).status).toBe(0);
    const against = audit('check-lineage', '--file', file, '--against-store');
    expect(against.status).toBe(1);
    expect(against.stdout).toContain('1 stream disagrees with the event store (behind or missing: events recorded after the export');
  });

  it('exports a window that starts mid-stream, which checks only as a window', async () => {
    const file = await exported('window.ndjson', '--from-time', revision.recordedAt);
    const strict = audit('check-lineage', '--file', file);
    expect(strict.status).toBe(1);
    // The revision, and the operator's reads recorded since it (they too start mid-stream).
    expect(strict.stdout).toMatch(/Lineage does NOT verify: \d+ records, 2 streams/);
    const windowed = audit('check-lineage', '--file', file, '--windowed', '--against-store', '--from-time', revision.recordedAt);
    expect(windowed.status).toBe(0);
    expect(windowed.stdout).toMatch(/Every stream head matches the event store within the window \(\d+ outside it\)\./);
    // Against the store, a window must say where it starts: what the feed lacks counts only if recorded within it.
    expect(audit('check-lineage', '--file', file, '--windowed', '--against-store').stderr).toContain('--windowed --against-store needs the --from-time');
    expect(windowed.stdout).toMatch(/Lineage verifies: \d+ records, 2 streams/);
    expect(audit('export', '--to', 'file', '--file', join(folder, 'x.ndjson'), '--from-time', 'yesterday').stderr).toContain('--from-time must be an RFC 3339 date-time');
    // A local time would depend on the operator's zone; an impossible date would roll over into the next month.
    for (const [option, text] of [['--to-time', '2026-01-31T12:00:00'], ['--from-time', '2026-02-30T00:00:00Z']] as const) {
      const refused = audit('export', '--to', 'file', '--file', join(folder, 'x.ndjson'), option, text);
      expect(refused.status, text).not.toBe(0);
      expect(refused.stderr).toContain(`${option} must be an RFC 3339 date-time with a UTC offset`);
    }
    expect(existsSync(join(folder, 'x.ndjson'))).toBe(false);
  });

  it('catches, in a closed window, a stream deleted from the export, yet not the events recorded after the window', async () => {
    // The window holds only the first version of the portfolio revised later: one commit, a second before the revision.
    const window = ['--from-time', firstVersion.recordedAt, '--to-time', new Date(Date.parse(revision.recordedAt) - 1).toISOString()];
    const file = await exported('closed.ndjson', ...window);
    const intact = audit('check-lineage', '--file', file, '--windowed', '--against-store', ...window);
    // The revision is after the window, the other streams' events before it: none of it counts.
    // Only what fails is listed; the rest is counted.
    expect(intact.stdout).not.toContain('"kind":');
    expect(intact.stdout).toMatch(/Every stream head matches the event store within the window \([1-9]\d* outside it\)\./);
    expect(intact.status).toBe(0);

    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    const kept = lines.filter((line) => (JSON.parse(line) as { stream_id: string }).stream_id !== firstVersion.streamId);
    expect(kept).toHaveLength(lines.length - 1);
    await writeFile(file, kept.length === 0 ? '' : `${kept.join('\n')}\n`);
    const deleted = audit('check-lineage', '--file', file, '--windowed', '--against-store', ...window);
    expect(deleted.stdout).toContain(`"kind":"missing","streamId":"${firstVersion.streamId}"`);
    expect(deleted.stdout).toContain('1 stream disagrees with the event store');
    expect(deleted.status).toBe(1);
  });
});
