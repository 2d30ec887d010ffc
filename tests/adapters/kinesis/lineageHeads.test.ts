import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { groupByStream, scanEvents } from '../../../adapters/dynamodb/eventScan.js';
import { streamHeads } from '../../../adapters/dynamodb/streamHeads.js';
import { checkLineage } from '../../../adapters/kinesis/lineageCheck.js';
import { exportLineage } from '../../../adapters/kinesis/lineageExport.js';
import { compareHeads } from '../../../adapters/kinesis/lineageHeads.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { deleteEvent, storeStream } from '../integrity/support/tamper.js';

describe('a lineage export compared with the event store', () => {
  let dynamo: DynamoFixture;
  let store: EventStore;
  let folder: string;
  beforeAll(async () => {
    dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
    folder = await mkdtemp(join(tmpdir(), 'lineage-heads-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('finds a truncated tail, newer events and whole streams the feed lacks, none of which a chain shows', async () => {
    const [kept, truncated, grown] = [`profile-${randomUUID()}`, `profile-${randomUUID()}`, `portfolio-${randomUUID()}`];
    for (const stream of [kept, truncated, grown]) await storeStream(store, stream, 4);
    const path = join(folder, 'lineage.ndjson');
    const streams = await groupByStream(scanEvents({ client: dynamo.client, tables: dynamo.tables }));
    async function* everything() {
      for (const events of streams.values()) yield* events;
    }
    await exportLineage({ source: everything(), sink: { kind: 'file', path } });
    const heads = streamHeads(dynamo.client, dynamo.tables.events);
    const compare = async () => {
      const check = await checkLineage({ kind: 'file', path });
      expect(check.ok).toBe(true);
      return compareHeads(check.streams, { heads: await heads.all(), hashAt: heads.hashAt });
    };
    expect(await compare()).toEqual([]);

    // History changed after the export: the feed still verifies on its own, the store comparison does not.
    const fourth = (await store.readStream(truncated as never))[3]!;
    await deleteEvent(dynamo.client, dynamo.tables.events, truncated, 4);
    const newcomer = `profile-${randomUUID()}`;
    await storeStream(store, newcomer, 2);
    const grownEvents = await store.readStream(grown as never);
    await store.commit({
      appends: [{ streamId: grown as never, expectedVersion: 4, previousHash: grownEvents[3]!.hash, events: [{ eventId: randomUUID(), type: 'Changed', schemaVersion: 1, data: { note: 'later' } }] }],
      context: { actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID(), recordedAt: new Date().toISOString() },
    });

    expect(await compare()).toEqual(
      [
        { kind: 'differs', streamId: truncated, version: 4, feedHash: fourth.hash, storeHash: null },
        { kind: 'behind', streamId: grown, feedVersion: 4, storeVersion: 5 },
        { kind: 'missing', streamId: newcomer, storeVersion: 2 },
      ].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)),
    );
  });
});
