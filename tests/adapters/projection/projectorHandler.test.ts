import { BatchWriteItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../../adapters/projection/deadLetters.js';
import { createProjector, type ProjectorHandler } from '../../../adapters/projection/projectorHandler.js';
import { rankingQueries, type RankingQueries } from '../../../adapters/dynamodb/rankingQueries.js';
import { profileSearch } from '../../../adapters/dynamodb/profileSearch.js';
import type { TableNames } from '../../../adapters/dynamodb/tables.js';
import { readModelKeys } from '../../../projections/readModelKeys.js';
import { aBank, aDeposit, aRequest } from '../../domain/support/portfolioRequestBuilder.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { batchOf, freshTables, projectionWorld, streamRecordOf, streamRecordsOf } from './support/projectionWorld.js';

const right = <E, A>(either: Either<E, A>): A => {
  if (isLeft(either)) throw new Error(`expected a result, got ${JSON.stringify(either.left)}`);
  return either.right;
};

const requestA = aRequest([
  aBank([aDeposit({ account: 'A-0001', amount: '10000', apy: '5', years: '2', startDate: '2024-03-01' })], 'ALPHA'),
  aBank(
    [
      aDeposit({ account: 'B-0001', amount: '5000', apy: '3', years: '1', startDate: '2024-05-10' }),
      aDeposit({ account: 'B-0002', amount: '20000', apy: '4.5', years: '3', startDate: '2024-01-15' }),
    ],
    'BETA',
  ),
]);

const requestB = aRequest([aBank([aDeposit({ account: 'C-0001', amount: '50000', apy: '2', years: '5', startDate: '2025-02-01' })], 'GAMMA')], '1', 'Week');

const wide = { order: 'desc' as const, topK: 1000 };

describe('projector handler', () => {
  let dynamo: DynamoFixture;
  let tables: TableNames;
  let handler: ProjectorHandler;
  let queries: RankingQueries;
  let deadLettered = 0;

  beforeAll(async () => {
    dynamo = await useDynamo();
    tables = await freshTables(dynamo.client);
    handler = createProjector({ client: dynamo.client, tables, shards: 3, maxAttempts: 3, onDeadLettered: () => deadLettered++ });
    queries = rankingQueries({ client: dynamo.client, tables, shards: 3 });
  });

  const partition = async (pk: string): Promise<Array<Record<string, AttributeValue>>> =>
    (await dynamo.client.send(new QueryCommand({ TableName: tables.readModels, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } } })))
      .Items ?? [];

  it('projects a proposal into every ranking, replaces its figures on revision and removes it on withdrawal', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-1', 'client-1');
    await world.propose('pf-1', requestA, 'prof-1');
    let records = await streamRecordsOf(dynamo.client, tables, world.events);
    expect(await handler(batchOf(records))).toEqual({ batchItemFailures: [] });

    const proposed = right(await queries.topPortfolios(wide));
    expect(proposed.data.responses.map((entry) => entry.portfolio_uuid)).toEqual(['pf-1']);
    const firstProposal = world.portfolios.get('pf-1')!.state;
    if (firstProposal.status === 'none') throw new Error('not proposed');
    expect(proposed.data.responses[0]!.outcome).toEqual(firstProposal.proposal.outcome);
    expect(right(await queries.topBanks('pf-1', wide)).data.responses.map((bank) => bank.bank_name).sort()).toEqual(['ALPHA', 'BETA']);
    // A client sees the portfolios proposed for their own profiles, and only those.
    expect(right(await queries.topPortfolios({ ...wide, clientId: 'client-1' })).data.responses).toEqual(proposed.data.responses);
    expect(right(await queries.topPortfolios({ ...wide, clientId: 'client-2' })).data.responses).toEqual([]);
    expect(right(await queries.topDepositsByGrowth('pf-1', wide)).data.count_responses).toBe(3);
    const maturing = right(await queries.maturingDeposits({ ...wide, from: '2025-01-01', to: '2027-12-31' }));
    expect(maturing.data.responses.map((deposit) => deposit.account).sort()).toEqual(['A-0001', 'B-0001', 'B-0002']);
    expect(await queries.portfolioReadState('pf-1')).toMatchObject({
      status: 'proposed',
      version: 1,
      revision: 0,
      profile_id: 'prof-1',
      client_id: 'client-1',
      advisor_id: 'advisor-1',
    });

    await world.revise('pf-1', requestB);
    records = await streamRecordsOf(dynamo.client, tables, world.events);
    expect(await handler(batchOf(records.slice(-1)))).toEqual({ batchItemFailures: [] });
    const revised = world.portfolios.get('pf-1')!.state;
    if (revised.status === 'none') throw new Error('not proposed');
    const afterRevision = right(await queries.topPortfolios(wide));
    expect(afterRevision.data.responses).toEqual([{ portfolio_uuid: 'pf-1', outcome: revised.proposal.outcome, created_at: revised.proposal.created_at }]);
    expect(right(await queries.topPortfolios({ ...wide, delta: { period: '1', periodUnit: 'Month' } })).data.responses).toEqual([]);
    expect(right(await queries.topPortfolios({ ...wide, delta: { period: '1', periodUnit: 'Week' } })).data.count_responses).toBe(1);
    expect(right(await queries.topPortfolios({ ...wide, clientId: 'client-1', delta: { period: '1', periodUnit: 'Week' } })).data.responses).toEqual(
      afterRevision.data.responses,
    );
    expect(right(await queries.topPortfolios({ ...wide, clientId: 'client-1', delta: { period: '1', periodUnit: 'Month' } })).data.responses).toEqual([]);
    expect(right(await queries.topBanks('pf-1', wide)).data.responses.map((bank) => bank.bank_name)).toEqual(['GAMMA']);
    expect(right(await queries.topDepositsByMaturity('pf-1', wide)).data.responses.map((deposit) => deposit.account)).toEqual(['C-0001']);
    expect(right(await queries.maturingDeposits({ ...wide, from: '2025-01-01', to: '2027-12-31' })).data.responses).toEqual([]);
    expect(right(await queries.maturingDeposits({ ...wide, from: '2030-01-01', to: '2030-12-31' })).data.responses.map((d) => d.account)).toEqual([
      'C-0001',
    ]);
    // The first version's own partitions are gone, not just hidden.
    expect(await partition(readModelKeys.bankRanking('pf-1', 1))).toEqual([]);
    expect(await partition(readModelKeys.depositGrowthRanking('pf-1', 1))).toEqual([]);
    expect(await partition(readModelKeys.depositMaturityRanking('pf-1', 1))).toEqual([]);
    expect(await queries.portfolioReadState('pf-1')).toMatchObject({ version: 2, revision: 1, client_id: 'client-1' });

    await world.withdraw('pf-1');
    records = await streamRecordsOf(dynamo.client, tables, world.events);
    expect(await handler(batchOf(records.slice(-1)))).toEqual({ batchItemFailures: [] });
    expect(right(await queries.topPortfolios(wide)).data.responses).toEqual([]);
    expect(right(await queries.topPortfolios({ ...wide, delta: { period: '1', periodUnit: 'Week' } })).data.responses).toEqual([]);
    expect(right(await queries.topPortfolios({ ...wide, clientId: 'client-1' })).data.responses).toEqual([]);
    expect(right(await queries.maturingDeposits({ ...wide, from: '2020-01-01', to: '2029-12-31' })).data.responses).toEqual([]);
    expect(right(await queries.maturingDeposits({ ...wide, from: '2030-01-01', to: '2030-12-31' })).data.responses).toEqual([]);
    for (const ranking of [queries.topBanks, queries.topDepositsByGrowth, queries.topDepositsByMaturity]) {
      const answer = await ranking('pf-1', wide);
      expect(isLeft(answer) && answer.left._tag).toBe('PortfolioNotFound');
    }
    expect(await partition(readModelKeys.bankRanking('pf-1', 2))).toEqual([]);
    expect(await queries.portfolioReadState('pf-1')).toMatchObject({ status: 'withdrawn', version: 3, profile_id: 'prof-1', client_id: 'client-1' });

    // Redelivering the whole history changes nothing: every older version is superseded.
    expect(await handler(batchOf(records))).toEqual({ batchItemFailures: [] });
    expect(right(await queries.topPortfolios(wide)).data.responses).toEqual([]);
    expect(await queries.portfolioReadState('pf-1')).toMatchObject({ status: 'withdrawn', version: 3 });

    const search = right(await profileSearch({ client: dynamo.client, tables }).searchProfiles({ clientId: 'client-1' }));
    expect(search.data.responses).toEqual([expect.objectContaining({ profile_id: 'prof-1', status: 'Proposed', linked_portfolios: 1 })]);
  });

  it('skips an older version delivered after a newer one', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-late', requestA, null);
    await world.revise('pf-late', requestB);
    const [first, second] = await streamRecordsOf(dynamo.client, tables, world.events);
    expect(await handler(batchOf([second!]))).toEqual({ batchItemFailures: [] });
    expect(await handler(batchOf([first!]))).toEqual({ batchItemFailures: [] });
    expect(right(await queries.topBanks('pf-late', wide)).data.responses.map((bank) => bank.bank_name)).toEqual(['GAMMA']);
    expect(await queries.portfolioReadState('pf-late')).toMatchObject({ version: 2, revision: 1, profile_id: null, client_id: null });
    expect(await partition(readModelKeys.bankRanking('pf-late', 1))).toEqual([]);
  });

  it('reports a poison record until it is dead-lettered with its reason, while other streams are projected', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-poison', requestA, null);
    await world.revise('pf-poison', requestB);
    await world.propose('pf-healthy', requestB, null);
    const records = await streamRecordsOf(dynamo.client, tables, world.events);
    const [poisonV1, poisonV2, healthy] = records;
    // Version 1 of pf-poison cannot be decoded: its data is not a proposal.
    const broken: DynamoDBRecord = {
      ...poisonV1!,
      dynamodb: { ...poisonV1!.dynamodb, NewImage: { ...poisonV1!.dynamodb!.NewImage, data: { S: '{"portfolio_id":"pf-poison"}' } } },
    };
    const batch = batchOf([broken, poisonV2!, healthy!]);
    const failed = [broken, poisonV2!].map((record) => ({ itemIdentifier: record.dynamodb!.SequenceNumber! }));

    expect(await handler(batch)).toEqual({ batchItemFailures: failed });
    // The healthy stream was projected in the same batch; the poisoned stream's later version was held back.
    expect(right(await queries.topBanks('pf-healthy', wide)).data.count_responses).toBe(1);
    expect(await queries.portfolioReadState('pf-poison')).toBeUndefined();
    expect(await handler(batch)).toEqual({ batchItemFailures: failed });
    expect(await listDeadLetters({ client: dynamo.client, table: tables.readModels })).toEqual([]);
    const countedBefore = deadLettered;

    // The third failure reaches maxAttempts: dead-lettered, acknowledged, and the stream moves on to version 2.
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    // Counted once, for the alarm that the mapping's dead-letter queue (which never sees it) cannot raise.
    expect(deadLettered).toBe(countedBefore + 1);
    const letters = await listDeadLetters({ client: dynamo.client, table: tables.readModels });
    expect(letters).toEqual([
      expect.objectContaining({
        source: 'portfolio-pf-poison#1',
        attempts: 3,
        record: expect.objectContaining({ streamId: 'portfolio-pf-poison', version: 1, type: 'PortfolioProposed' }),
      }),
    ]);
    expect(letters[0]!.reason).toMatch(/UndecodableEvent: .*does not decode.*data\.(0\.)?(request|proposal)/);
    expect(await queries.portfolioReadState('pf-poison')).toMatchObject({ version: 2, status: 'proposed' });
    expect(right(await queries.topBanks('pf-poison', wide)).data.responses.map((bank) => bank.bank_name)).toEqual(['GAMMA']);

    // Once dead-lettered, the record is never reported (or counted) again.
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(deadLettered).toBe(countedBefore + 1);
  });

  it('retries a record that fails for a passing reason (throttling) without ever counting it toward a dead letter', async () => {
    // The real client, except that the read-model writes of the projection itself are throttled; the projector's own
    // bookkeeping (attempt counters, dead letters) goes through, so a counted failure would show.
    const bookkeeping = (pk: string | undefined) => pk !== undefined && (pk.startsWith('poison#') || pk.startsWith('dead-letter'));
    const projectionWrite = (command: object): boolean => {
      if (command instanceof PutItemCommand) return !bookkeeping(command.input.Item?.pk?.S);
      if (command instanceof UpdateItemCommand) return !bookkeeping(command.input.Key?.pk?.S);
      return command instanceof BatchWriteItemCommand || command instanceof TransactWriteItemsCommand;
    };
    let throttledCalls = 0;
    const throttling = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: object) => {
          if (!projectionWrite(command)) return target.send(command as never);
          throttledCalls += 1;
          return Promise.reject(Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
        };
      },
    });
    const busy = createProjector({ client: throttling, tables, shards: 3, maxAttempts: 3 });
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-throttled', requestA, null);
    const batch = batchOf(await streamRecordsOf(dynamo.client, tables, world.events));
    const expected = { batchItemFailures: batch.Records.map((record) => ({ itemIdentifier: record.dynamodb!.SequenceNumber! })) };
    for (let attempt = 0; attempt < 5; attempt++) expect(await busy(batch)).toEqual(expected);
    expect(throttledCalls).toBeGreaterThanOrEqual(5);
    // Five failures against a limit of three, and still no attempt counted and no dead letter.
    expect(await partition('poison#portfolio-pf-throttled#1')).toEqual([]);
    expect((await listDeadLetters({ client: dynamo.client, table: tables.readModels })).map((letter) => letter.source)).not.toContain('portfolio-pf-throttled#1');
    // Once the engine answers again, the same records project.
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
  });

  it('isolates a record whose stored item cannot even be read, and ignores non-INSERT records', async () => {
    const garbage = streamRecordOf({ stream_id: { S: 'portfolio-pf-garbage' } }, 900);
    const removed = { ...streamRecordOf({ stream_id: { S: 'portfolio-x' }, version: { N: '1' } }, 901), eventName: 'REMOVE' as const };
    const once = await handler(batchOf([garbage, removed]));
    expect(once).toEqual({ batchItemFailures: [{ itemIdentifier: garbage.dynamodb!.SequenceNumber }] });
    await handler(batchOf([garbage]));
    expect(await handler(batchOf([garbage]))).toEqual({ batchItemFailures: [] });
    const letters = await listDeadLetters({ client: dynamo.client, table: tables.readModels });
    expect(letters.map((letter) => letter.source)).toContain(`record#${garbage.dynamodb!.SequenceNumber}`);
  });

  it('lets a portfolio revision and a profile change in one batch project in stream order', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.createProfile('prof-2', 'client-2');
    await world.propose('pf-2', requestA, 'prof-2');
    await world.revise('pf-2', requestB);
    const records = await streamRecordsOf(dynamo.client, tables, world.events);
    expect(await handler(batchOf(records))).toEqual({ batchItemFailures: [] });
    expect(right(await queries.topBanks('pf-2', wide)).data.responses.map((bank) => bank.bank_name)).toEqual(['GAMMA']);
    const search = right(await profileSearch({ client: dynamo.client, tables }).searchProfiles({ clientId: 'client-2', status: 'Proposed' }));
    expect(search.data.responses.map((profile) => profile.profile_id)).toEqual(['prof-2']);
    expect(isRight(await queries.topDepositsByGrowth('pf-2', wide))).toBe(true);
  });
});
