import { beforeAll, describe, expect, it } from 'vitest';
import type { TableNames } from '../../../adapters/dynamodb/tables.js';
import { createProjector } from '../../../adapters/projection/projectorHandler.js';
import { aBank, aDeposit, aRequest } from '../../domain/support/portfolioRequestBuilder.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { batchOf, damagedRecord, eventItems, freshTables, projectionWorld, streamRecordOf } from '../projection/support/projectionWorld.js';
import { fiducia, storeEnv } from './support/fiducia.js';

describe('fiducia projections (spawned as a process, on DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let tables: TableNames;
  let parked: string;

  const projections = (...args: string[]) => fiducia(['projections', ...args], { ...storeEnv(dynamo.endpoint, tables.events), FIDUCIA_PORTFOLIO_SHARDS: '4' });

  beforeAll(async () => {
    dynamo = await useDynamo();
    tables = await freshTables(dynamo.client);
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-1', 'client-1');
    await world.propose('pf-1', aRequest([aBank([aDeposit({ account: 'A-0001' })], 'ALPHA')]), 'prof-1');
    await world.propose('pf-2', aRequest([aBank([aDeposit({ account: 'B-0001' })], 'BETA')]), null);
    const items = await eventItems(dynamo.client, tables.events);
    const records = world.events.map((event, index) => streamRecordOf(items.get(`${event.streamId}#${event.version}`)!, index + 1));
    // pf-2 arrives damaged and is parked on its first failure; the rest is projected as the service would.
    parked = `${world.events.at(-1)!.streamId}#1`;
    const projector = createProjector({ client: dynamo.client, tables, shards: 4, maxAttempts: 1 });
    expect(await projector(batchOf([...records.slice(0, -1), damagedRecord(records.at(-1)!)]))).toEqual({ batchItemFailures: [] });
  });

  it('lists the dead letters, redrives them (exit 0 once all project), and then lists none', () => {
    const listed = projections('dead-letters');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`${parked}  attempts=1`);
    expect(listed.stdout).toContain('1 dead letter.');
    const publisher = projections('dead-letters', '--redrive', '--consumer', 'publisher');
    expect(publisher.status).toBe(1);
    expect(publisher.stderr).toContain('the publisher has no redrive');
    const redriven = projections('dead-letters', '--redrive');
    expect(redriven.status).toBe(0);
    expect(redriven.stdout).toContain(`${parked}  projected`);
    expect(redriven.stdout).toContain('Redrove 1 dead letter: 1 projected, 0 left.');
    expect(projections('dead-letters').stdout).toContain('0 dead letters.');
  });

  it('gives the same checksum before and after a rebuild of the live read models', () => {
    const digestOf = (run: ReturnType<typeof fiducia>) => {
      expect(run.status).toBe(0);
      return /^([0-9a-f]{64})\s+\((\d+) read-model items\)/m.exec(run.stdout)?.slice(1);
    };
    const before = digestOf(projections('checksum'));
    expect(before).toBeDefined();
    const rebuilt = projections('rebuild', '--segments', '2');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt read models: 4 events scanned, 3 streams, 3 projected, 0 failed\./);
    expect(digestOf(projections('checksum'))).toEqual(before);
    expect(projections('rebuild', '--segments', '99').stderr).toContain('--segments must be an integer from 1 to 64');
  });
});
