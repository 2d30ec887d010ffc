import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, StreamId } from '../../../application/ports/eventStore.js';
import { auditVerifyExit, runAuditVerify, type AuditVerifyRequest } from '../../../adapters/cli/auditVerifyCommand.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { changeOneByte, deleteEvent, storeStream, swapEvents } from '../integrity/support/tamper.js';
import { fiducia } from './support/fiducia.js';

/** The tables' prefix, as FIDUCIA_TABLE_PREFIX names it. */
const prefixOf = (dynamo: DynamoFixture): string => dynamo.tables.events.slice(0, -'events'.length);

/** `fiducia audit verify ...args` as `npx fiducia` runs it: the bin script and the whole command line's wiring. */
const spawnVerify = async (args: string[], env: Record<string, string>) => fiducia(['audit', 'verify', ...args], env);

describe('fiducia audit verify (DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let store: EventStore;
  let env: Record<string, string>;
  const streams = { intact: `profile-${randomUUID()}`, altered: `profile-${randomUUID()}`, deleted: `portfolio-${randomUUID()}`, swapped: `profile-${randomUUID()}` };

  const run = async (request: Partial<AuditVerifyRequest>, environment: Record<string, string> = env) => {
    let out = '';
    let err = '';
    const status = await runAuditVerify(
      { all: false, json: false, segments: 4, ...request },
      { env: environment, out: (text) => (out += text), err: (text) => (err += text), actor: 'cli:tester' },
    );
    return { status, out, err };
  };

  beforeAll(async () => {
    dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
    env = { FIDUCIA_DYNAMODB_ENDPOINT: dynamo.endpoint, FIDUCIA_TABLE_PREFIX: prefixOf(dynamo) };
    for (const stream of Object.values(streams)) await storeStream(store, stream, 5);
  });

  it('exits 0 when every stream is intact, and records the verification as an audit read of the operator', async () => {
    const all = await run({ all: true });
    expect(all).toMatchObject({ status: auditVerifyExit.intact, err: '' });
    // The audit read is recorded first, so its trail is verified with the rest.
    expect(all.out).toBe('Verified 5 streams (21 events): all intact.\n');
    const one = await run({ stream: streams.intact });
    expect(one.status).toBe(0);
    expect(one.out).toMatch(new RegExp(`^OK {3}${streams.intact} {2}5 events, versions 1..5, head [0-9a-f]{64}\\n$`));
    const trail = await store.readStream('audit-cli:tester' as StreamId);
    expect(trail.map((event) => (event.data as { resource: string }).resource)).toEqual(['fiducia audit verify --all', `fiducia audit verify ${streams.intact}`]);
  });

  it('with --all, names every bad stream with its first bad version, summarises, and exits 1', async () => {
    await changeOneByte(dynamo.client, dynamo.tables.events, streams.altered, 4);
    await deleteEvent(dynamo.client, dynamo.tables.events, streams.deleted, 2);
    await swapEvents(dynamo.client, dynamo.tables.events, streams.swapped, 1, 3);
    const all = await run({ all: true });
    expect(all.status).toBe(auditVerifyExit.tampered);
    const lines = all.out.trim().split('\n');
    expect(lines.slice(0, -1).sort()).toEqual(
      [
        `BAD  ${streams.altered}  version 4: hash-mismatch: version 4 does not hash to its recorded hash`,
        `BAD  ${streams.deleted}  version 2: gap: version 2 is missing`,
        `BAD  ${streams.swapped}  version 1: reorder: version 1 holds the intact event recorded as version 3: events were swapped or moved`,
      ].sort(),
    );
    // 20 events, one deleted, and the operator's trail of 3 audit reads by now.
    expect(lines.at(-1)).toBe('Verified 5 streams (22 events): 3 bad.');

    const json = await run({ all: true, json: true });
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, streams: 5, bad: expect.arrayContaining([expect.objectContaining({ streamId: streams.deleted, version: 2, problem: 'gap' })]) });
    expect((await run({ stream: streams.altered })).status).toBe(auditVerifyExit.tampered);
    expect((await run({ stream: streams.intact })).status).toBe(auditVerifyExit.intact);
  });

  it('exits 2 without verifying for wrong usage, an unknown stream, or no reachable event store', async () => {
    expect(await run({})).toMatchObject({ status: 2, err: expect.stringContaining('name one stream, or give --all') });
    expect(await run({ stream: streams.intact, all: true })).toMatchObject({ status: 2 });
    expect(await run({ stream: 'profile-none' })).toMatchObject({ status: 2, err: expect.stringContaining('no stream profile-none') });
    expect(await run({ all: true }, { FIDUCIA_TABLE_PREFIX: prefixOf(dynamo) })).toMatchObject({ status: 2, err: expect.stringContaining('FIDUCIA_DYNAMODB_ENDPOINT') });
    expect(await run({ all: true }, { ...env, FIDUCIA_TABLE_PREFIX: 'missing-' })).toMatchObject({ status: 2, err: expect.stringContaining('missing-events') });
  });

  it('runs as a command line: exit status and report as the shell sees them', async () => {
    const bad = await spawnVerify(['--all'], env);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`BAD  ${streams.deleted}  version 2: gap`);
    const good = await spawnVerify([streams.intact, '--json'], env);
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ streamId: streams.intact, ok: true, lastVersion: 5 });
    const unusable = await spawnVerify([], { FIDUCIA_DYNAMODB_ENDPOINT: '' });
    expect(unusable.status).toBe(2);
  });
});
