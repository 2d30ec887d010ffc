import { BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, PutItemCommand, QueryCommand, ScanCommand, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileSearch } from '../../../adapters/dynamodb/profileSearch.js';
import { rankingQueries } from '../../../adapters/dynamodb/rankingQueries.js';
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

/** The write that moves a portfolio's state item to a version: a first version's final put, or a transaction writing it. */
const movesState = (command: object): boolean =>
  (command instanceof TransactWriteItemsCommand &&
    (command.input.TransactItems ?? []).some((item) => item.Put?.Item?.sk?.S === 'state' || item.Update?.Key?.sk?.S === 'state')) ||
  (command instanceof PutItemCommand && command.input.Item?.sk?.S === 'state' && command.input.Item.kind !== undefined);

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
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 60, maxLength: 60 }), async (priorities) => {
        const live = await readModelTableBeside(dynamo.client, tables);
        const projectors = [1, 2, 3].map(() => eventProjector({ client: dynamo.client, tables: live, shards: 2 }));
        // Three deliveries of every event: duplicates of one version race each other as well as other versions.
        const deliveries = [...world.events, ...world.events, ...world.events]
          .map((event, index) => ({ event, priority: priorities[index % priorities.length]! + index }))
          .sort((a, b) => a.priority - b.priority);
        // Every delivery starts at once: version checks, transactions and cleanups of different versions interleave.
        await Promise.all(deliveries.map(({ event }, index) => projectors[index % projectors.length]!.apply(event)));
        expect(await readModelChecksum({ client: dynamo.client, tables: live })).toEqual(expected);
      }),
      { numRuns: 8 },
    );
  });

  /** A portfolio proposed at one bank, then revised to another: its two events, and an empty read-model table. */
  const proposedThenRevised = async (portfolioId: string, account: string) => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose(portfolioId, requestOf('OLD-BANK', `OLD-${account}`, '2024-01-01'), null);
    await world.revise(portfolioId, requestOf('NEW-BANK', `NEW-${account}`, '2024-06-01'));
    const [v1, v2] = world.events;
    return { v1: v1!, v2: v2!, live: await readModelTableBeside(dynamo.client, tables) };
  };

  it('cleans up after a writer that died between writing its items and moving the state', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-crash', '0001');

    const dying = eventProjector({ client: failing(dynamo.client, movesState), tables: live, shards: 2 });
    await expect(dying.apply(v1!)).rejects.toThrow(/crash/);
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-crash', 1))).toHaveLength(1);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).not.toEqual([]);
    // A first version's trace is its placeholder: no version applied, version 1 on its way; queries see no portfolio.
    expect(await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-crash').pk)).toEqual([
      expect.objectContaining({ sk: { S: 'state' }, version: { N: '0' }, pending_version: { N: '1' } }),
    ]);
    expect(await rankingQueries({ client: dynamo.client, tables: live }).portfolioReadState('pf-crash')).toBeUndefined();

    const healthy = eventProjector({ client: dynamo.client, tables: live, shards: 2 });
    expect(await healthy.apply(v2!)).toBe('applied');
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-crash', 1))).toEqual([]);
    expect(await itemsIn(live.readModels, readModelKeys.maturing('2026-01'))).toEqual([]);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).toEqual([]);
    expect((await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-crash').pk)).map((item) => item.sk!.S)).toEqual(['state']);
  });

  it('finishes a first version whose writer died after its placeholder when the same record comes again', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-again', requestOf('ONLY-BANK', 'ONLY-0001', '2024-01-01'), null);
    const [v1] = world.events;
    const live = await readModelTableBeside(dynamo.client, tables);
    const expected = await readModelTableBeside(dynamo.client, tables);
    expect(await eventProjector({ client: dynamo.client, tables: expected, shards: 2 }).apply(v1!)).toBe('applied');

    await expect(eventProjector({ client: failing(dynamo.client, movesState), tables: live, shards: 2 }).apply(v1!)).rejects.toThrow(/crash/);
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v1!)).toBe('applied');
    expect(await readModelChecksum({ client: dynamo.client, tables: live })).toEqual(await readModelChecksum({ client: dynamo.client, tables: expected }));
  });

  it('makes a first-version writer that a newer version overtakes before its state moves remove what it wrote', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-overtaken', '0009');
    const { gate, open } = aGate();
    const slow = eventProjector({ client: gated(dynamo.client, movesState, gate), tables: live, shards: 2 });
    const slowApply = slow.apply(v1!);
    await waitUntil(() => waiting > 0);
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v2!)).toBe('applied');
    open();
    expect(await slowApply).toBe('superseded');
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-overtaken', 1))).toEqual([]);
    expect(await itemsIn(live.readModels, readModelKeys.bankRanking('pf-overtaken', 2))).toHaveLength(1);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).toEqual([]);
    expect(await itemsOfVersion(live.readModels, 1, 'maturing#')).toEqual([]);
    expect((await itemsIn(live.readModels, readModelKeys.state('portfolio-pf-overtaken').pk)).map((item) => item.sk!.S)).toEqual(['state']);
  });

  it('never shows a first version beside the newer one that overtook it, even while its slow writer goes on', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-beside', '0013');
    const { gate, open } = aGate();
    // The slow writer holds just before writing the first version's shared ranking entries.
    const sharedPut = (item: Record<string, { S?: string }> | undefined) => item?.pk?.S?.startsWith('rank#portfolios#') === true;
    const writesSharedRankings = (command: object) =>
      (command instanceof TransactWriteItemsCommand && (command.input.TransactItems ?? []).some((item) => sharedPut(item.Put?.Item))) ||
      (command instanceof BatchWriteItemCommand &&
        Object.values(command.input.RequestItems ?? {}).some((requests) => requests.some((request) => sharedPut(request.PutRequest?.Item))));
    const sharedWrites: string[] = [];
    const watching = new Proxy(gated(dynamo.client, writesSharedRankings, gate), {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: object) => {
          const answer = await (target.send as (c: object) => Promise<unknown>)(command);
          if (writesSharedRankings(command)) sharedWrites.push(command.constructor.name);
          return answer;
        };
      },
    });
    const slowApply = eventProjector({ client: watching, tables: live, shards: 2 }).apply(v1!);
    await waitUntil(() => waiting > 0);
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v2!)).toBe('applied');
    open();
    expect(await slowApply).toBe('superseded');
    // Its write of the shared entries did not go through (a later cleanup would have removed them, too late).
    expect(sharedWrites).toEqual([]);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).toEqual([]);
    expect(await itemsOfVersion(live.readModels, 2, 'rank#portfolios#')).not.toEqual([]);
  });

  it('lists among maturing deposits only those of the version applied, while a revision is half projected', async () => {
    // Both versions' deposits mature in January 2026, one day apart: one month partition holds them both.
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-maturing', requestOf('OLD-BANK', 'OLD-0012', '2024-01-05'), null);
    await world.revise('pf-maturing', requestOf('NEW-BANK', 'NEW-0012', '2024-01-06'));
    const [v1, v2] = world.events;
    const live = await readModelTableBeside(dynamo.client, tables);
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v1!)).toBe('applied');
    const queries = rankingQueries({ client: dynamo.client, tables: live, shards: 2 });
    const listed = async (topK = 10) => {
      const answer = await queries.maturingDeposits({ order: 'asc', topK, from: '2026-01-01', to: '2026-01-31' });
      if (answer._tag === 'Left') throw new Error(answer.left.message);
      return answer.right.data.responses.filter((entry) => entry.portfolio_uuid === 'pf-maturing').map((entry) => entry.account);
    };
    expect(await listed()).toEqual(['OLD-0012']);

    // The revision dies before its state moves: its entries are written, yet the state still names version 1.
    await expect(eventProjector({ client: failing(dynamo.client, movesState), tables: live, shards: 2 }).apply(v2!)).rejects.toThrow(/crash/);
    expect(await itemsOfVersion(live.readModels, 2, 'maturing#')).not.toEqual([]);
    expect(await listed()).toEqual(['OLD-0012']);

    // Then it dies right after moving the state: version 1's entries are still there, and no longer listed.
    let committed = false;
    const afterMove = failing(dynamo.client, (command) => {
      if (committed) return true;
      if (command instanceof TransactWriteItemsCommand) committed = true;
      return false;
    });
    await expect(eventProjector({ client: afterMove, tables: live, shards: 2 }).apply(v2!)).rejects.toThrow(/crash/);
    expect(await itemsOfVersion(live.readModels, 1, 'maturing#')).not.toEqual([]);
    expect(await listed()).toEqual(['NEW-0012']);
    // The first read of the month brings the stale entry too; the reading goes on for what the page still needs.
    expect(await listed(1)).toEqual(['NEW-0012']);
  });

  it('reads on past a long run of replaced deposits to fill a maturing page', async () => {
    // 150 deposits of the first version mature on one day, before the one deposit of the revision.
    const world = projectionWorld(dynamo.client, tables);
    const many = Array.from({ length: 150 }, (_, i) => aDeposit({ account: `RUN-${1000 + i}`, amount: '10000', apy: '4', years: '2', startDate: '2024-01-05' }));
    await world.propose('pf-run', aRequest([aBank(many, 'OLD-BANK')]), null);
    await world.revise('pf-run', requestOf('NEW-BANK', 'NEW-0014', '2024-01-20'));
    const [v1, v2] = world.events;
    const live = await readModelTableBeside(dynamo.client, tables);
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v1!)).toBe('applied');
    // The revision moves the state, then dies before deleting the 150 replaced entries.
    let committed = false;
    const afterMove = failing(dynamo.client, (command) => {
      if (committed) return true;
      if (command instanceof TransactWriteItemsCommand && movesState(command)) committed = true;
      return false;
    });
    await expect(eventProjector({ client: afterMove, tables: live, shards: 2 }).apply(v2!)).rejects.toThrow(/crash/);
    expect(await itemsOfVersion(live.readModels, 1, 'maturing#')).toHaveLength(150);
    const answer = await rankingQueries({ client: dynamo.client, tables: live, shards: 2 }).maturingDeposits({ order: 'asc', topK: 1, from: '2026-01-01', to: '2026-01-31' });
    if (answer._tag === 'Left') throw new Error(answer.left.message);
    expect(answer.right.data.responses.map((entry) => entry.account)).toEqual(['NEW-0014']);
  });

  it('finishes the cleanup of a writer that died right after moving the state, on the next delivery', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-half', '0002');
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

  it('never shows a redelivered first version of a revised portfolio in the shared rankings, not even for a moment', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-redelivered', '0010');
    const healthy = eventProjector({ client: dynamo.client, tables: live, shards: 2 });
    expect(await healthy.apply(v1!)).toBe('applied');
    expect(await healthy.apply(v2!)).toBe('applied');
    // Every partition key the redelivery puts an item into.
    const written: string[] = [];
    const watching = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: object) => {
          if (command instanceof PutItemCommand) written.push(command.input.Item!.pk!.S!);
          if (command instanceof BatchWriteItemCommand) {
            for (const requests of Object.values(command.input.RequestItems ?? {})) for (const request of requests) if (request.PutRequest) written.push(request.PutRequest.Item!.pk!.S!);
          }
          if (command instanceof TransactWriteItemsCommand) for (const item of command.input.TransactItems ?? []) if (item.Put) written.push(item.Put.Item!.pk!.S!);
          return target.send(command as never);
        };
      },
    });
    expect(await eventProjector({ client: watching, tables: live, shards: 2 }).apply(v1!)).toBe('superseded');
    expect(written.filter((pk) => pk.startsWith('rank#portfolios#') || pk.startsWith('maturing#'))).toEqual([]);
    expect(await itemsOfVersion(live.readModels, 1, 'rank#portfolios#')).toEqual([]);
  });

  it('makes a slow writer of an older portfolio version that loses the race remove what it wrote', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-slow', '0003');
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

  it('makes duplicate writers of a version that both lose to a newer one remove every entry they wrote', async () => {
    const { v1, v2, live } = await proposedThenRevised('pf-twins', '0005');
    // Each twin's calls are numbered per command; a listed call waits at its gate until released.
    const held = new Map<string, ReturnType<typeof aGate>>();
    const arrived = new Set<string>();
    const twin = (name: string) => {
      const counts = new Map<string, number>();
      const client = new Proxy(dynamo.client, {
        get(target, property, receiver) {
          if (property !== 'send') return Reflect.get(target, property, receiver);
          return async (command: { constructor: { name: string } }) => {
            const n = (counts.get(command.constructor.name) ?? 0) + 1;
            counts.set(command.constructor.name, n);
            const call = `${name} ${command.constructor.name} ${n}`;
            const gate = held.get(call);
            if (gate !== undefined) {
              arrived.add(call);
              await gate.gate;
            }
            return target.send(command as never);
          };
        },
      });
      return eventProjector({ client, tables: live, shards: 2 });
    };
    const hold = (call: string) => {
      const gate = aGate();
      held.set(call, gate);
      return gate.open;
    };
    // x and y write their items only once version 2 is applied, one after the other.
    const releaseXItems = hold('x BatchWriteItemCommand 1');
    const releaseYItems = hold('y BatchWriteItemCommand 1');
    const x = twin('x').apply(v1!);
    const y = twin('y').apply(v1!);
    await waitUntil(() => arrived.has('x BatchWriteItemCommand 1') && arrived.has('y BatchWriteItemCommand 1'));
    expect(await eventProjector({ client: dynamo.client, tables: live, shards: 2 }).apply(v2!)).toBe('applied');
    releaseXItems();
    expect(await x).toBe('superseded');
    releaseYItems();
    expect(await y).toBe('superseded');

    // Version 1's deposit matures on 2025-12-31.
    expect(await itemsIn(live.readModels, readModelKeys.maturing('2025-12'))).toEqual([]);
    const rebuilt = await readModelTableBeside(dynamo.client, tables);
    await rebuildReadModels({ client: dynamo.client, tables: rebuilt, shards: 2 });
    const twinsOnly = async (table: string) =>
      ((await dynamo.client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [])
        .filter((item) => item.pk!.S!.includes('pf-twins') || item.portfolio_uuid?.S === 'pf-twins' || item.entry?.S?.includes('pf-twins'))
        .map((item) => `${item.pk!.S} ${item.sk!.S}`)
        .sort();
    expect(await twinsOnly(live.readModels)).toEqual(await twinsOnly(rebuilt.readModels));
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

  it('finishes the cleanup of a profile state whose writer died after moving it, on the next delivery', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-half', 'client-half');
    const live = await readModelTableBeside(dynamo.client, tables);
    const healthy = eventProjector({ client: dynamo.client, tables: live, shards: 2 });
    expect(await healthy.apply(world.events[0]!)).toBe('applied');
    await world.propose('pf-for-half', requestOf('BANK', 'ACCT-0011', '2024-01-01'), 'prof-half');
    const proposed = world.events.filter((event) => event.streamId === 'profile-prof-half')[1];
    // The new state is written, then the process dies at the first delete of the entries under the old status.
    const dying = eventProjector({ client: failing(dynamo.client, (command) => command instanceof DeleteItemCommand), tables: live, shards: 2 });
    await expect(dying.apply(proposed!)).rejects.toThrow(/crash/);
    const entries = async () => (await itemsIn(live.readModels, readModelKeys.profilesOfClient('client-half'))).map((item) => item.sk!.S).sort();
    expect(await entries()).toEqual(['Draft#prof-half', 'Proposed#prof-half']);

    // The record comes again: the state is current, so only the cleanup runs, and the live model is what a rebuild makes.
    expect(await healthy.apply(proposed!)).toBe('superseded');
    expect(await entries()).toEqual(['Proposed#prof-half']);
    expect(await itemsIn(live.readModels, readModelKeys.profilesOfAdvisor('advisor-1'))).not.toContainEqual(expect.objectContaining({ sk: { S: 'Draft#prof-half' } }));
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
