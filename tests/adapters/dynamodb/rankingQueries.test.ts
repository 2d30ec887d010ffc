import { PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { rankingQueries, type RankingQueries } from '../../../adapters/dynamodb/rankingQueries.js';
import { readModelStore, storedItemOf, type ReadModelStore } from '../../../adapters/dynamodb/readModelStore.js';
import type { TableNames } from '../../../adapters/dynamodb/tables.js';
import type { PeriodUnit } from '../../../domain/periodUnit.js';
import { daysPerUnit } from '../../../domain/periodUnit.js';
import type { PortfolioProposed } from '../../../domain/portfolio/portfolioEvents.js';
import type { BankResponse, DepositResponse, Outcome, PortfolioResponse } from '../../../domain/portfolioResponse.js';
import type { SortOrder } from '../../../projections/cursor.js';
import { portfolioReadModel } from '../../../projections/portfolioReadModel.js';
import { portfolioStreamId } from '../../../projections/projectedEvent.js';
import type { RankingPage } from '../../../projections/rankingPage.js';
import { rankingKey } from '../../../projections/rankingKey.js';
import { rankingPages } from '../../../projections/rankingPages.js';
import { readModelKeys } from '../../../projections/readModelKeys.js';
import { freshTables } from '../projection/support/projectionWorld.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const shards = 4;

const outcome = (growth: string | null, period: string, unit: PeriodUnit): Outcome =>
  growth === null
    ? { delta: null, maturity: null, errors: [{ uuid: 'e-1', message: 'could not be calculated' }] }
    : { delta: { period, period_unit: unit, growth }, maturity: { amount: '1000', interest: '10.00', total: '1010.00' }, errors: [] };

interface DepositSpec {
  readonly uuid: string;
  readonly growth: string | null;
  readonly maturity: string | null;
}
interface BankSpec {
  readonly uuid: string;
  readonly growth: string | null;
  readonly deposits: ReadonlyArray<DepositSpec>;
}
interface PortfolioSpec {
  readonly id: string;
  readonly createdAt: string;
  readonly growth: string | null;
  readonly period: string;
  readonly unit: PeriodUnit;
  readonly banks: ReadonlyArray<BankSpec>;
}

const proposalOf = (spec: PortfolioSpec): PortfolioResponse => ({
  uuid: spec.id,
  created_at: spec.createdAt,
  outcome: outcome(spec.growth, spec.period, spec.unit),
  banks: spec.banks.map(
    (bank): BankResponse => ({
      uuid: bank.uuid,
      name: `BANK-${bank.uuid}`,
      bank_tz: 'Europe/Zurich',
      outcome: outcome(bank.growth, spec.period, spec.unit),
      deposits: bank.deposits.map(
        (deposit): DepositResponse => ({
          uuid: deposit.uuid,
          account: `ACC-${deposit.uuid}`,
          account_type: 'Savings',
          apy: '3',
          years: '2',
          outcome: outcome(deposit.growth, spec.period, spec.unit),
          outcome_with_dates: {
            start_date_in_bank_tz: '2024-01-01',
            maturity_date_in_bank_tz: deposit.maturity,
            errors: deposit.maturity === null ? [{ uuid: 'e-2', message: 'no date' }] : [],
          },
        }),
      ),
    }),
  ),
});

const proposedEvent = (spec: PortfolioSpec): PortfolioProposed => ({
  type: 'PortfolioProposed',
  data: {
    portfolio_id: spec.id,
    request: { new_delta: { period: spec.period, period_unit: spec.unit }, new_banks: [] },
    proposal: proposalOf(spec),
    best_interest: null,
    profile_id: null,
    advisor_id: 'advisor-1',
  },
});

// Growth with exactly two decimals, as the calculation writes it: crowded small values (ties), ordinary ones,
// negatives, and values far beyond any float's exact range.
const cents = fc.oneof(
  fc.constantFrom('0.00', '1.00', '-1.00', '1.50', '0.01', '-0.01'),
  fc.bigInt({ min: -100_000_000n, max: 100_000_000n }).map((c) => new Decimal(c.toString()).div(100).toFixed(2)),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((c) => new Decimal(c.toString()).div(100).toFixed(2)),
);
const growth = fc.option(cents, { nil: null, freq: 10 });
const createdAt = fc.constantFrom(
  '2026-01-01T00:00:00.000Z',
  '2026-01-01T00:00:00.000Z',
  '2026-01-01T02:00:00.000+02:00',
  '2026-02-03T04:05:06.789Z',
  '2025-12-31T23:59:59.999Z',
);
const date = fc
  .record({ year: fc.integer({ min: 2026, max: 2029 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const maturity = fc.option(date, { nil: null, freq: 10 });
const delta = fc.constantFrom<[string, PeriodUnit]>(['1', 'Month'], ['1.50', 'Month'], ['1.5', 'Month'], ['30', 'Day'], ['0.25', 'Year'], ['7', 'Week'], ['2', 'Week']);

const uuid = (prefix: string, i: number) => `${prefix}-${String(i).padStart(5, '0')}-4000-8000-000000000000`;

const portfolioSpecs = (count: number, seed: number): PortfolioSpec[] =>
  fc
    .sample(
      fc.record({
        createdAt,
        growth,
        delta,
        deposits: fc.array(fc.record({ growth, maturity }), { minLength: 1, maxLength: 2 }),
      }),
      { numRuns: count, seed },
    )
    .map((raw, i) => ({
      id: uuid('pf', i),
      createdAt: raw.createdAt,
      growth: raw.growth,
      period: raw.delta[0],
      unit: raw.delta[1],
      banks: [{ uuid: uuid(`bk${i}`, 0), growth: raw.growth, deposits: raw.deposits.map((d, j) => ({ uuid: uuid(`dp${i}`, j), ...d })) }],
    }));

const bigPortfolio = (seed: number): PortfolioSpec => {
  const banks = fc.sample(fc.record({ growth, deposits: fc.array(fc.record({ growth, maturity }), { minLength: 1, maxLength: 5 }) }), { numRuns: 300, seed });
  return {
    id: 'big-portfolio',
    createdAt: '2026-03-01T10:00:00.000Z',
    growth: '12345.67',
    period: '1',
    unit: 'Month',
    banks: banks.map((bank, i) => ({ uuid: uuid('bigbank', i), growth: bank.growth, deposits: bank.deposits.map((d, j) => ({ uuid: uuid(`big${i}`, j), ...d })) })),
  };
};

// The brute-force oracle: exact comparisons on the figures themselves, independent of the key encodings.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const compareTime = (a: string, b: string): number => Math.sign(Date.parse(a) - Date.parse(b));
const scaled = (text: string): { digits: bigint; scale: bigint } => {
  const [whole = '', fraction = ''] = text.split('.');
  return { digits: BigInt(whole + fraction), scale: 10n ** BigInt(fraction.length) };
};
/** growth / (period × days) compared by cross-multiplication of integers. */
const comparePerDay = (a: PortfolioSpec, b: PortfolioSpec): number => {
  const ga = scaled(a.growth!);
  const gb = scaled(b.growth!);
  const pa = scaled(a.period);
  const pb = scaled(b.period);
  const left = ga.digits * pa.scale * gb.scale * pb.digits * BigInt(daysPerUnit[b.unit]);
  const right = gb.digits * pb.scale * ga.scale * pa.digits * BigInt(daysPerUnit[a.unit]);
  return left < right ? -1 : left > right ? 1 : 0;
};
const compareDecimal = (a: string, b: string): number => new Decimal(a).comparedTo(new Decimal(b));

const ordered = <T>(items: ReadonlyArray<T>, compare: (a: T, b: T) => number, order: SortOrder): T[] => {
  const sorted = [...items].sort(compare);
  return order === 'asc' ? sorted : sorted.reverse();
};

const right = <E, A>(either: Either<E, A>): A => {
  if (isLeft(either)) throw new Error(`expected a result, got ${JSON.stringify(either.left)}`);
  return either.right;
};

/** Every page of a ranking, following `next_cursor` to the end. */
const allPages = async <E>(read: (cursor: string | undefined) => Promise<Either<unknown, RankingPage<E>>>): Promise<E[]> => {
  const entries: E[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1_000; pages += 1) {
    const page = right(await read(cursor));
    entries.push(...page.data.responses);
    if (page.next_cursor === null) return entries;
    expect(page.data.count_responses).toBeGreaterThan(0);
    cursor = page.next_cursor;
  }
  throw new Error('the pages never ended');
};

const inPool = async <T>(items: ReadonlyArray<T>, width: number, work: (item: T) => Promise<unknown>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
};

describe('ranking queries', () => {
  let dynamo: DynamoFixture;
  let tables: TableNames;
  let store: ReadModelStore;
  let queries: RankingQueries;
  const specs = portfolioSpecs(1000, 4242);
  const big = bigPortfolio(77);

  const apply = (spec: PortfolioSpec, version = 1) =>
    store.portfolio({
      streamId: `portfolio-${spec.id}`,
      portfolioId: spec.id,
      version,
      owner: async () => ({ profile_id: null, client_id: null, advisor_id: 'advisor-1' }),
      model: async () => portfolioReadModel({ portfolioId: spec.id, version, event: proposedEvent(spec), shards }),
    });

  beforeAll(async () => {
    dynamo = await useDynamo();
    tables = await freshTables(dynamo.client);
    store = readModelStore({ client: dynamo.client, table: tables.readModels });
    queries = rankingQueries({ client: dynamo.client, tables, shards });
    await inPool([...specs, big], 24, (spec) => apply(spec));
  });

  const ranked = [...specs, big].filter((spec) => spec.growth !== null);
  const portfolioOrder = (a: PortfolioSpec, b: PortfolioSpec) => comparePerDay(a, b) || compareTime(a.createdAt, b.createdAt) || compareText(a.id, b.id);
  const orders: SortOrder[] = ['asc', 'desc'];
  const ks = [0, 1, 2, 17, 1000];

  it('answers the all-portfolios ranking exactly like a brute-force sort, for both orders, several k and every page', async () => {
    for (const order of orders) {
      const expected = ordered(ranked, portfolioOrder, order).map((spec) => spec.id);
      for (const topK of ks) {
        const page = right(await queries.topPortfolios({ order, topK }));
        expect(page.data.responses.map((entry) => entry.portfolio_uuid)).toEqual(expected.slice(0, topK));
        expect(page.metadata).toMatchObject({ order, top_k: topK });
        expect(page.next_cursor === null).toBe(topK >= expected.length || topK === 0);
      }
      const pages = await allPages((cursor) => queries.topPortfolios({ order, topK: 37, ...(cursor === undefined ? {} : { cursor }) }));
      expect(pages.map((entry) => entry.portfolio_uuid)).toEqual(expected);
    }
    const first = right(await queries.topPortfolios({ order: 'desc', topK: 1 })).data.responses[0]!;
    const spec = ranked.find((s) => s.id === first.portfolio_uuid)!;
    expect(first).toEqual({ portfolio_uuid: spec.id, outcome: outcome(spec.growth, spec.period, spec.unit), created_at: spec.createdAt });
  });

  it('restricts the ranking to one delta, treating 1.5 and 1.50 as the same period and ordering by growth', async () => {
    for (const [period, unit] of [['1.5', 'Month'], ['+01.50', 'Month'], ['7', 'Week'], ['30', 'Day']] as const) {
      const canonical = new Decimal(period.replace('+', '')).toFixed();
      const members = [...specs, big].filter((spec) => spec.growth !== null).filter((spec) => spec.unit === unit && new Decimal(spec.period).toFixed() === canonical);
      expect(members.length).toBeGreaterThan(20);
      for (const order of orders) {
        const expected = ordered(members, (a, b) => compareDecimal(a.growth!, b.growth!) || compareTime(a.createdAt, b.createdAt) || compareText(a.id, b.id), order).map((s) => s.id);
        const delta = { period, periodUnit: unit };
        expect(right(await queries.topPortfolios({ order, topK: 5, delta })).data.responses.map((e) => e.portfolio_uuid)).toEqual(expected.slice(0, 5));
        const pages = await allPages((cursor) => queries.topPortfolios({ order, topK: 23, delta, ...(cursor === undefined ? {} : { cursor }) }));
        expect(pages.map((entry) => entry.portfolio_uuid)).toEqual(expected);
      }
    }
  });

  it("answers a portfolio's bank and deposit rankings like a brute-force sort", async () => {
    // The big portfolio's rankings span several pages each, so reads across pages and cursors inside one are exercised.
    for (const pk of [readModelKeys.bankRanking(big.id, 1), readModelKeys.depositGrowthRanking(big.id, 1), readModelKeys.depositMaturityRanking(big.id, 1)]) {
      const { Count } = await dynamo.client.send(
        new QueryCommand({ TableName: tables.readModels, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, Select: 'COUNT' }),
      );
      expect(Count).toBeGreaterThan(1);
    }
    const banks = big.banks.filter((bank) => bank.growth !== null);
    const deposits = big.banks.flatMap((bank) => bank.deposits);
    const byGrowth = deposits.filter((deposit) => deposit.growth !== null);
    const byMaturity = deposits.filter((deposit) => deposit.maturity !== null);
    for (const order of orders) {
      const expectedBanks = ordered(banks, (a, b) => compareDecimal(a.growth!, b.growth!) || compareText(a.uuid, b.uuid), order).map((b) => b.uuid);
      const expectedGrowth = ordered(byGrowth, (a, b) => compareDecimal(a.growth!, b.growth!) || compareText(a.uuid, b.uuid), order).map((d) => d.uuid);
      const expectedMaturity = ordered(byMaturity, (a, b) => compareText(a.maturity!, b.maturity!) || compareText(a.uuid, b.uuid), order).map((d) => d.uuid);
      for (const topK of ks) {
        expect(right(await queries.topBanks(big.id, { order, topK })).data.responses.map((b) => b.bank_uuid)).toEqual(expectedBanks.slice(0, topK));
        expect(right(await queries.topDepositsByGrowth(big.id, { order, topK })).data.responses.map((d) => d.deposit_uuid)).toEqual(expectedGrowth.slice(0, topK));
        expect(right(await queries.topDepositsByMaturity(big.id, { order, topK })).data.responses.map((d) => d.deposit_uuid)).toEqual(
          expectedMaturity.slice(0, topK),
        );
      }
      const page = (cursor: string | undefined) => ({ order, topK: 41, ...(cursor === undefined ? {} : { cursor }) });
      expect((await allPages((c) => queries.topBanks(big.id, page(c)))).map((b) => b.bank_uuid)).toEqual(expectedBanks);
      expect((await allPages((c) => queries.topDepositsByGrowth(big.id, page(c)))).map((d) => d.deposit_uuid)).toEqual(expectedGrowth);
      expect((await allPages((c) => queries.topDepositsByMaturity(big.id, page(c)))).map((d) => d.deposit_uuid)).toEqual(expectedMaturity);
    }
    const top = right(await queries.topDepositsByGrowth(big.id, { order: 'desc', topK: 1 })).data.responses[0]!;
    const bank = big.banks.find((b) => b.deposits.some((d) => d.uuid === top.deposit_uuid))!;
    const deposit = bank.deposits.find((d) => d.uuid === top.deposit_uuid)!;
    expect(top).toMatchObject({
      bank_uuid: bank.uuid,
      bank_name: `BANK-${bank.uuid}`,
      portfolio_uuid: big.id,
      account: `ACC-${deposit.uuid}`,
      deposit_delta_growth: deposit.growth,
      deposit_maturity_date_in_bank_tz: deposit.maturity,
      created_at: big.createdAt,
    });
  });

  it("reads a portfolio's ranking pages consistently, like the state item that names their version", async () => {
    // In AWS an eventually consistent read just after a revision could miss the pages the state already points to and
    // answer an empty ranking; DynamoDB Local is always consistent, so the requests themselves are checked.
    const queried: Array<{ pk: string | undefined; consistent: boolean | undefined }> = [];
    const watching = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: object) => {
          if (command instanceof QueryCommand) queried.push({ pk: command.input.ExpressionAttributeValues?.[':pk']?.S, consistent: command.input.ConsistentRead });
          return target.send(command as never);
        };
      },
    });
    const watched = rankingQueries({ client: watching, tables, shards });
    right(await watched.topBanks(big.id, { order: 'desc', topK: 5 }));
    right(await watched.topDepositsByGrowth(big.id, { order: 'asc', topK: 5 }));
    right(await watched.topDepositsByMaturity(big.id, { order: 'desc', topK: 5 }));
    const pagesRead = queried.filter(({ pk }) => [readModelKeys.bankRanking(big.id, 1), readModelKeys.depositGrowthRanking(big.id, 1), readModelKeys.depositMaturityRanking(big.id, 1)].includes(pk!));
    expect(pagesRead.length).toBeGreaterThanOrEqual(3);
    expect(pagesRead.every(({ consistent }) => consistent === true)).toBe(true);
  });

  it('reads a paged ranking across page boundaries like a brute-force sort, whatever the page size and k', async () => {
    const figures = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 40 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(figures, fc.integer({ min: 10, max: 400 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom<SortOrder>('asc', 'desc'), async (values, maxBytes, topK, order) => {
        const id = `paged-${run++}`;
        const ranked = values.map((value, i) => ({ key: rankingKey({ value: String(value), createdAt: '2026-03-01T10:00:00.000Z', id: `d-${i}` }), entry: JSON.stringify({ deposit_uuid: `d-${i}` }) }));
        const pages = rankingPages(readModelKeys.depositGrowthRanking(id, 1), ranked, 1, maxBytes);
        const state = { ...readModelKeys.state(portfolioStreamId(id)), attributes: { kind: 'portfolio', portfolio_id: id, status: 'proposed', version: 1 } };
        await inPool([...pages, state], 8, (item) => dynamo.client.send(new PutItemCommand({ TableName: tables.readModels, Item: storedItemOf(item) })));
        const expected = ordered(ranked, (a, b) => compareText(a.key, b.key), order).map((entry) => (JSON.parse(entry.entry) as { deposit_uuid: string }).deposit_uuid);
        const read = await allPages((cursor) => queries.topDepositsByGrowth(id, { order, topK, ...(cursor === undefined ? {} : { cursor }) }));
        expect(read.map((entry) => entry.deposit_uuid)).toEqual(expected);
      }),
      { numRuns: 25, seed: 2026 },
    );
  });

  it('answers deposits maturing in a window across all portfolios like a brute-force filter and sort', async () => {
    const all = [...specs, big].flatMap((spec) =>
      spec.banks.flatMap((bank) => bank.deposits.filter((d) => d.maturity !== null).map((d) => ({ ...d, createdAt: spec.createdAt }))),
    );
    for (const [from, to] of [['2026-03-15', '2028-02-10'], ['2027-06-01', '2027-06-30'], ['2029-12-01', '2031-01-01']] as const) {
      const window = all.filter((d) => d.maturity! >= from && d.maturity! <= to);
      for (const order of orders) {
        const expected = ordered(window, (a, b) => compareText(a.maturity!, b.maturity!) || compareTime(a.createdAt, b.createdAt) || compareText(a.uuid, b.uuid), order).map(
          (d) => d.uuid,
        );
        for (const topK of [0, 3, 1000]) {
          expect(right(await queries.maturingDeposits({ order, topK, from, to })).data.responses.map((d) => d.deposit_uuid)).toEqual(expected.slice(0, topK));
        }
        const pages = await allPages((cursor) => queries.maturingDeposits({ order, topK: 97, from, to, ...(cursor === undefined ? {} : { cursor }) }));
        expect(pages.map((d) => d.deposit_uuid)).toEqual(expected);
      }
    }
  });

  it('refuses bad parameters and foreign cursors with a typed error naming the parameter', async () => {
    const leftOf = async (answer: Promise<Either<{ _tag: string; parameter?: string }, unknown>>) => {
      const result = await answer;
      if (!isLeft(result)) throw new Error('expected an error');
      return result.left;
    };
    expect(await leftOf(queries.topPortfolios({ order: 'desc', topK: 1001 }))).toMatchObject({ _tag: 'InvalidParameter', parameter: 'top_k' });
    expect(await leftOf(queries.topPortfolios({ order: 'up' as SortOrder, topK: 2 }))).toMatchObject({ parameter: 'order' });
    expect(await leftOf(queries.topPortfolios({ order: 'desc', topK: 2, delta: { period: '1' } }))).toMatchObject({ parameter: 'period_unit' });
    expect(await leftOf(queries.topPortfolios({ order: 'desc', topK: 2, delta: { period: '0', periodUnit: 'Day' } }))).toMatchObject({ parameter: 'period' });
    expect(await leftOf(queries.topPortfolios({ order: 'desc', topK: 2, cursor: 'not a cursor' }))).toMatchObject({ _tag: 'InvalidCursor', parameter: 'cursor' });
    const descCursor = right(await queries.topPortfolios({ order: 'desc', topK: 2 })).next_cursor!;
    expect(await leftOf(queries.topPortfolios({ order: 'asc', topK: 2, cursor: descCursor }))).toMatchObject({ parameter: 'cursor', reason: 'other-order' });
    expect(await leftOf(queries.topBanks(big.id, { order: 'desc', topK: 2, cursor: descCursor }))).toMatchObject({ parameter: 'cursor', reason: 'other-ranking' });
    expect(await leftOf(queries.topBanks('no-such-portfolio', { order: 'desc', topK: 2 }))).toMatchObject({ _tag: 'PortfolioNotFound' });
    expect(await leftOf(queries.maturingDeposits({ order: 'asc', topK: 2, from: '2026-02-30', to: '2027-01-01' }))).toMatchObject({ parameter: 'from' });
    expect(await leftOf(queries.maturingDeposits({ order: 'asc', topK: 2, from: '2027-01-01', to: '2026-01-01' }))).toMatchObject({ parameter: 'to' });
    expect(await leftOf(queries.maturingDeposits({ order: 'asc', topK: 2, from: '2020-01-01', to: '2035-01-01' }))).toMatchObject({ parameter: 'to' });
  });

  it('moves a revised portfolio to its new place in every ranking and drops the old figures', async () => {
    const spec = specs.find((s) => s.growth !== null && s.period === '1' && s.unit === 'Month')!;
    const revised: PortfolioSpec = { ...spec, growth: `-${'9'.repeat(60)}.99`, period: '2', unit: 'Week', createdAt: '2026-05-05T05:05:05.005Z' };
    const storeWithHistory = (version: number) =>
      store.portfolio({
        streamId: `portfolio-${spec.id}`,
        portfolioId: spec.id,
        version,
        owner: async () => ({ profile_id: null, client_id: null, advisor_id: 'advisor-1' }),
        model: async () => portfolioReadModel({ portfolioId: spec.id, version, event: proposedEvent(version === 1 ? spec : revised), shards }),
      });
    expect(await storeWithHistory(2)).toBe('applied');
    const asc = right(await queries.topPortfolios({ order: 'asc', topK: 1 })).data.responses;
    expect(asc).toEqual([{ portfolio_uuid: spec.id, outcome: outcome(revised.growth, '2', 'Week'), created_at: revised.createdAt }]);
    const oldDelta = await allPages((cursor) => queries.topPortfolios({ order: 'desc', topK: 1000, delta: { period: '1', periodUnit: 'Month' }, ...(cursor === undefined ? {} : { cursor }) }));
    expect(oldDelta.some((entry) => entry.portfolio_uuid === spec.id)).toBe(false);
    const everything = await allPages((cursor) => queries.topPortfolios({ order: 'desc', topK: 1000, ...(cursor === undefined ? {} : { cursor }) }));
    expect(everything.filter((entry) => entry.portfolio_uuid === spec.id)).toHaveLength(1);
    expect(await storeWithHistory(1)).toBe('superseded');
    expect(right(await queries.topPortfolios({ order: 'asc', topK: 1 })).data.responses[0]!.portfolio_uuid).toBe(spec.id);
  });

  it('reads a portfolio ranking again when a revision lands between reading the version and reading its partition', async () => {
    const first: PortfolioSpec = { ...specs[0]!, id: 'race-pf', growth: '1.00', banks: [{ uuid: 'race-bank-1', growth: '1.00', deposits: [] }] };
    const second: PortfolioSpec = { ...first, banks: [{ uuid: 'race-bank-2', growth: '2.00', deposits: [] }] };
    const applyVersion = (version: number) =>
      store.portfolio({
        streamId: 'portfolio-race-pf',
        portfolioId: 'race-pf',
        version,
        owner: async () => ({ profile_id: null, client_id: null, advisor_id: 'advisor-1' }),
        model: async () => portfolioReadModel({ portfolioId: 'race-pf', version, event: proposedEvent(version === 1 ? first : second), shards }),
      });
    await applyVersion(1);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    const stalled = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: object) => {
          if (command instanceof QueryCommand && held === 0) {
            held += 1;
            await gate;
          }
          return target.send(command as never);
        };
      },
    }) as DynamoDBClient;
    const answer = rankingQueries({ client: stalled, tables, shards }).topBanks('race-pf', { order: 'desc', topK: 10 });
    for (let tries = 0; held === 0 && tries < 500; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    // The read is stalled mid-way; only then does version 2 land, or there would be no race to test.
    expect(held).toBe(1);
    expect(await applyVersion(2)).toBe('applied');
    release();
    expect(right(await answer).data.responses.map((bank) => bank.bank_uuid)).toEqual(['race-bank-2']);
  });
});
