import { CreateTableCommand, PutItemCommand, QueryCommand, ScanCommand, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileSearch } from '../../../adapters/dynamodb/profileSearch.js';
import { createTableInput, type TableNames } from '../../../adapters/dynamodb/tables.js';
import { eventProjector } from '../../../adapters/projection/eventProjector.js';
import { readModelChecksum } from '../../../adapters/projection/readModelChecksum.js';
import { rebuildReadModels } from '../../../adapters/projection/rebuild.js';
import type { ProfileCommand } from '../../../domain/profile/profileCommands.js';
import type { Last4 } from '../../../domain/profile/profileValues.js';
import { readModelKeys } from '../../../projections/readModelKeys.js';
import { aBank, aDeposit, aRequest } from '../../domain/support/portfolioRequestBuilder.js';
import { portfolioRequest } from '../../domain/support/portfolioRequestArbitrary.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { freshTables, projectionWorld } from '../projection/support/projectionWorld.js';

let tableCount = 0;
const readModelTableBeside = async (client: DynamoDBClient, tables: TableNames): Promise<TableNames> => {
  const readModels = `${tables.readModels}-${++tableCount}`;
  await client.send(new CreateTableCommand(createTableInput('readModels', readModels)));
  return { ...tables, readModels };
};

/** The real client, except that `fails(command, call)` decides which calls fail as if the process died there. */
const failing = (client: DynamoDBClient, fails: (command: object, call: number) => boolean): DynamoDBClient => {
  let calls = 0;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: never) => (fails(command, ++calls) ? Promise.reject(new Error(`crash at call ${calls}`)) : target.send(command));
    },
  });
};

let waiting = 0;

/** A promise to hold calls at, and the function that releases them. */
const aGate = () => {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
};

/** The real client, except that calls for which `holds` is true wait for the gate first (a writer stalled mid-way). */
const gated = (client: DynamoDBClient, holds: (command: object) => boolean, gate: Promise<void>): DynamoDBClient =>
  new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: never) => {
        if (holds(command)) {
          waiting += 1;
          await gate;
          waiting -= 1;
        }
        return target.send(command);
      };
    },
  });

const waitUntil = async (condition: () => boolean | Promise<boolean>): Promise<void> => {
  for (let tries = 0; !(await condition()); tries += 1) {
    if (tries > 500) throw new Error('condition never became true');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const requestOf = (bank: string, account: string, startDate: string) =>
  aRequest([aBank([aDeposit({ account, amount: '10000', apy: '4', years: '2', startDate })], bank)]);

describe('read-model store', () => {
  let dynamo: DynamoFixture;
  let tables: TableNames;

  beforeAll(async () => {
    dynamo = await useDynamo();
    tables = await freshTables(dynamo.client);
  });

  const itemsIn = async (table: string, pk: string) =>
    (await dynamo.client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, ConsistentRead: true })))
      .Items ?? [];

  /** Items in partitions starting with `prefix` that a given source version wrote. */
  const itemsOfVersion = async (table: string, version: number, prefix: string) =>
    ((await dynamo.client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? []).filter(
      (item) => item.pk!.S!.startsWith(prefix) && item.source_version?.N === String(version),
    );

  it('converges when several projectors apply the versions of the same streams at the same time, in any order', async () => {
    const world = projectionWorld(dynamo.client, tables);
    const requests = fc.sample(portfolioRequest, { numRuns: 4, seed: 99 });
    await world.createProfile('prof-c', 'client-c');
    await world.propose('pf-c', requests[0]!, 'prof-c');
    await world.revise('pf-c', requests[1]!);
    await world.revise('pf-c', requests[2]!);
    await world.propose('pf-d', requests[3]!, 'prof-c');
    await world.withdraw('pf-d');
    const steps: ProfileCommand[] = [
      { type: 'SubmitApplication', portfolio_id: null },
      { type: 'RecordAccountOpening', account_number_last4: '4321' as Last4, custodian: 'Schwab' },
    ];
    for (const command of steps) await world.profileStep('prof-c', command);

    const rebuilt = await readModelTableBeside(dynamo.client, tables);
    expect((await rebuildReadModels({ client: dynamo.client, tables: rebuilt, shards: 2 })).failures).toEqual([]);
    const expected = await readModelChecksum({ client: dynamo.client, tables: rebuilt });

    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 40, maxLength: 40 }), async (priorities) => {
        const live = await readModelTableBeside(dynamo.client, tables);
        const projectors = [1, 2, 3].map(() => eventProjector({ client: dynamo.client, tables: live, shards: 2 }));
        const deliveries = [...world.events, ...world.events]
          .map((event, index) => ({ event, priority: priorities[index % priorities.length]! + index }))
          .sort((a, b) => a.priority - b.priority);
        // Every delivery starts at once: version checks, transactions and cleanups of different versions interleave.
        await Promise.all(deliveries.map(({ event }, index) => projectors[index % projectors.length]!.apply(event)));
        expect(await readModelChecksum({ client: dynamo.client, tables: live })).toEqual(expected);
      }),
      { numRuns: 6 },
    );
  });

  it('cleans up after a writer that died between writing its items and moving the state', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-crash', requestOf('OLD-BANK', 'OLD-0001', '2024-01-01'), null);
    await world.revise('pf-crash', requestOf('NEW-BANK', 'NEW-0001', '2024-06-01'));
    const [v1, v2] = world.events;
    const live = await readModelTableBeside(dynamo.client, tables);

    // The first version of a stream moves its state with a plain conditional put, after its ranking entries.
    const movesState = (command: object) =>
      command instanceof TransactWriteItemsCommand || (command instanceof PutItemCommand && command.input.Item?.sk?.S === 'state');
    const dying = eventProjector({ client: failing(dynamo.client, movesState), tables: live, shards: 2 });
    await expect(dying.apply(v1!)).rejects.toThrow(/crash/);
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-crash', 1))).toHaveLength(1);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).not.toEqual([]);
    expect((await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-crash').pk)).map((item) => item.sk!.S)).toEqual([
      expect.stringMatching(/^pending#1\./),
    ]);

    const healthy = eventProjector({ client: dynamo.client, tables: live, shards: 2 });
    expect(await healthy.apply(v2!)).toBe('applied');
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-crash', 1))).toEqual([]);
    expect(await itemsIn(live.readModels, readModelKeys.maturing('2026-01'))).toEqual([]);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).toEqual([]);
    expect((await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-crash').pk)).map((item) => item.sk!.S)).toEqual(['state']);
  });

  it('finishes the cleanup of a writer that died right after moving the state, on the next delivery', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-half', requestOf('OLD-BANK', 'OLD-0002', '2024-01-01'), null);
    await world.revise('pf-half', requestOf('NEW-BANK', 'NEW-0002', '2024-06-01'));
    const [v1, v2] = world.events;
    const live = await readModelTableBeside(dynamo.client, tables);
    const healthy = eventProjector({ client: dynamo.client, tables: live, shards: 2 });
    expect(await healthy.apply(v1!)).toBe('applied');

    let committed = false;
    const dying = eventProjector({
      client: failing(dynamo.client, (command) => {
        if (committed) return true;
        if (command instanceof TransactWriteItemsCommand) committed = true;
        return false;
      }),
      tables: live,
      shards: 2,
    });
    await expect(dying.apply(v2!)).rejects.toThrow(/crash/);
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-half', 1))).toHaveLength(1);

    // The record comes again (it was never acknowledged): the version is current, so only the cleanup runs.
    expect(await healthy.apply(v2!)).toBe('superseded');
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-half', 1))).toEqual([]);
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-half', 2))).toHaveLength(1);
    expect((await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-half').pk)).map((item) => item.sk!.S)).toEqual(['state']);
  });

  it('makes a slow writer of an older portfolio version that loses the race remove what it wrote', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-slow', requestOf('OLD-BANK', 'OLD-0003', '2024-01-01'), null);
    await world.revise('pf-slow', requestOf('NEW-BANK', 'NEW-0003', '2024-06-01'));
    const [v1, v2] = world.events;
    const live = await readModelTableBeside(dynamo.client, tables);
    const { gate, open } = aGate();
    // Stalled after reading the state, before recording its pending entry: the newer writer cannot know of it.
    const slow = eventProjector({ client: gated(dynamo.client, (command) => command instanceof PutItemCommand, gate), tables: live, shards: 2 });
    const slowApply = slow.apply(v1!);
    await waitUntil(() => waiting > 0);
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v2!)).toBe('applied');
    open();
    expect(await slowApply).toBe('superseded');
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-slow', 1))).toEqual([]);
    expect(await itemsIn(live.readModels, readModelKeys.maturing('2026-01'))).toEqual([]);
    expect((await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-slow').pk)).map((item) => item.sk!.S)).toEqual(['state']);
  });

  it('makes a slow writer of an older profile state remove the search entry it wrote under a stale status', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-slow', 'client-slow');
    const live = await readModelTableBeside(dynamo.client, tables);
    const { gate, open } = aGate();
    const slow = eventProjector({ client: gated(dynamo.client, (command) => command instanceof PutItemCommand, gate), tables: live, shards: 2 });
    const slowApply = slow.apply(world.events[0]!);
    await waitUntil(() => waiting > 0);
    await world.propose('pf-for-slow', requestOf('BANK', 'ACCT-0009', '2024-01-01'), 'prof-slow');
    const fast = eventProjector({ client: dynamo.client, tables: live, shards: 2 });
    for (const event of world.events.slice(1)) await fast.apply(event);
    open();
    expect(await slowApply).toBe('superseded');
    expect((await itemsIn(live.readModels, readModelKeys.profilesOfClient('client-slow'))).map((item) => item.sk!.S)).toEqual(['Proposed#prof-slow']);
  });

  it('moves a profile between status partitions, leaving exactly one search entry per partition', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-s', 'client-s');
    const projector = eventProjector({ client: dynamo.client, tables, shards: 2 });
    const search = profileSearch({ client: dynamo.client, tables });
    const statuses = async () => {
      const answer = await search.searchProfiles({ clientId: 'client-s' });
      if (answer._tag === 'Left') throw new Error(answer.left.message);
      return answer.right.data.responses.map((profile) => profile.status);
    };
    for (const event of world.events) await projector.apply(event);
    expect(await statuses()).toEqual(['Draft']);
    await world.propose('pf-s', requestOf('BANK', 'ACCT-0001', '2024-01-01'), 'prof-s');
    await world.profileStep('prof-s', { type: 'SubmitApplication', portfolio_id: null });
    for (const event of world.events) await projector.apply(event);
    expect(await statuses()).toEqual(['Applied']);
    expect(await itemsIn(tables.readModels, readModelKeys.profilesOfAdvisor('advisor-1'))).toEqual([
      expect.objectContaining({ sk: { S: 'Applied#prof-s' } }),
    ]);
  });
});
