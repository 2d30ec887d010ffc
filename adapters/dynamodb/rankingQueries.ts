import { GetItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, isRight, left, right } from 'fp-ts/lib/Either.js';
import type { InvalidCursor, SortOrder } from '../../projections/cursor.js';
import { decodeCursor, encodeCursor } from '../../projections/cursor.js';
import type { InvalidParameter } from '../../projections/invalidParameter.js';
import { parseMaturingWindow } from '../../projections/maturingWindow.js';
import { maturityDateOfKey, maturityLowerBound, maturityUpperBound, monthOf } from '../../projections/maturityKey.js';
import { portfolioShardCount } from '../../projections/portfolioShard.js';
import { portfolioStreamId } from '../../projections/projectedEvent.js';
import { parseRankingDelta, type RankingDelta } from '../../projections/rankingDelta.js';
import type { BankRankingEntry, DepositRankingEntry, PortfolioRankingEntry } from '../../projections/rankingEntry.js';
import { rankingIds } from '../../projections/rankingId.js';
import { parseRankingKey, type RankingKey } from '../../projections/rankingKey.js';
import { rankingPage, type RankingPage } from '../../projections/rankingPage.js';
import { pageEntriesAttribute, pageRows, type PageRow } from '../../projections/rankingPages.js';
import { checkRanking } from '../../projections/rankingParameters.js';
import { readModelKeys } from '../../projections/readModelKeys.js';
import { mergeTopK } from '../../projections/topKMerge.js';

/** The portfolio is unknown to the read models, or withdrawn: its rankings do not exist (HTTP 404). */
export interface PortfolioNotFound {
  readonly _tag: 'PortfolioNotFound';
  readonly portfolioId: string;
  readonly message: string;
}

/** Why a ranking query was refused: a bad parameter or cursor (HTTP 400, naming `parameter`), or no such portfolio. */
export type RankingQueryError = InvalidParameter | InvalidCursor | PortfolioNotFound;

/** How much of a ranking to read. */
export interface RankingRequest {
  readonly order: SortOrder;
  readonly topK: number;
  /** The `next_cursor` of an earlier page of the same ranking and order. */
  readonly cursor?: string;
}

/**
 * The all-portfolios ranking, optionally restricted to one delta (the raw `period` and `period_unit` parameters) and
 * to the portfolios proposed for one client's profiles (what a client may see of it).
 */
export interface PortfolioRankingRequest extends RankingRequest {
  readonly delta?: { readonly period?: string; readonly periodUnit?: string };
  readonly clientId?: string;
}

/** Deposits of all portfolios maturing from `from` to `to` (both `YYYY-MM-DD`, both included). */
export interface MaturingRequest extends RankingRequest {
  readonly from?: string;
  readonly to?: string;
}

/** What authorization needs to know about a portfolio, from its projection state. */
export interface PortfolioReadState {
  readonly portfolio_id: string;
  readonly status: 'proposed' | 'withdrawn';
  /** The portfolio stream's version the read models reflect. */
  readonly version: number;
  readonly revision: number | null;
  readonly profile_id: string | null;
  /** The client of the linked profile. */
  readonly client_id: string | null;
  readonly advisor_id: string | null;
  readonly created_at: string | null;
  readonly withdrawn_at: string | null;
}

export interface RankingQueriesOptions {
  readonly client: DynamoDBClient;
  readonly tables: { readonly readModels: string };
  /** Shards of the all-portfolios rankings; must be what the projector writes with. `FIDUCIA_PORTFOLIO_SHARDS` by default. */
  readonly shards?: number;
}

type StoredItem = Record<string, AttributeValue>;

/** A ranking entry read back: its sort key and the entry, parsed. */
type Row = PageRow;

/** Where in a partition to read: after the cursor key, and within inclusive bounds on the sort key. */
interface Range {
  readonly order: SortOrder;
  readonly after?: string;
  readonly from?: string;
  readonly to?: string;
}

const describe = {
  portfolios: 'portfolios by delta growth per day (delta growth divided by the delta period in days), then created_at, then portfolio_uuid',
  portfoliosOfDelta: (delta: RankingDelta) =>
    `portfolios proposed with delta ${delta.period} ${delta.periodUnit} by delta growth, then created_at, then portfolio_uuid`,
  banks: (id: string) => `banks of portfolio ${id} by delta growth, then created_at, then bank_uuid`,
  depositsByGrowth: (id: string) => `deposits of portfolio ${id} by delta growth, then created_at, then deposit_uuid`,
  depositsByMaturity: (id: string) => `deposits of portfolio ${id} by maturity date, then created_at, then deposit_uuid`,
  maturing: (from: string, to: string) =>
    `deposits of all portfolios maturing from ${from} to ${to} by maturity date, then created_at, then deposit_uuid`,
};

/**
 * The ranking read side: top-k queries over the read models the projector writes, answered in the reference's
 * response shapes (domain.md §6) with an opaque `next_cursor`. Bad input comes back as a typed error, never thrown.
 */
export const rankingQueries = (options: RankingQueriesOptions) => {
  const { client } = options;
  const table = options.tables.readModels;
  const shards = options.shards ?? portfolioShardCount(process.env.FIDUCIA_PORTFOLIO_SHARDS);

  /**
   * Up to `limit` rows of a partition in ranking order, strictly after `range.after`, within the bounds. The cursor
   * is applied as a key condition (`sk > c`, `sk < c`), or folded into the bounds and dropped from the answer when
   * bounds are given (a key condition holds one comparison on the sort key).
   */
  const readRange = async (pk: string, range: Range, limit: number, options: { readonly consistent?: boolean } = {}): Promise<Row[]> => {
    if (limit <= 0) return [];
    const values: StoredItem = { ':pk': { S: pk } };
    let condition = '#pk = :pk';
    let from = range.from;
    let to = range.to;
    if (from !== undefined || to !== undefined) {
      if (range.after !== undefined) {
        if (range.order === 'asc' && (from === undefined || range.after > from)) from = range.after;
        if (range.order === 'desc' && (to === undefined || range.after < to)) to = range.after;
      }
      if (from !== undefined && to !== undefined) {
        if (from > to) return [];
        condition += ' AND #sk BETWEEN :from AND :to';
        values[':from'] = { S: from };
        values[':to'] = { S: to };
      } else if (from !== undefined) {
        condition += ' AND #sk >= :from';
        values[':from'] = { S: from };
      } else {
        condition += ' AND #sk <= :to';
        values[':to'] = { S: to! };
      }
    } else if (range.after !== undefined) {
      condition += range.order === 'asc' ? ' AND #sk > :after' : ' AND #sk < :after';
      values[':after'] = { S: range.after };
    }
    const rows: Row[] = [];
    let startKey: StoredItem | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#entry': 'entry' },
          ExpressionAttributeValues: values,
          ProjectionExpression: '#sk, #entry',
          ScanIndexForward: range.order === 'asc',
          // One more than needed, for the cursor row the bounds may include.
          Limit: limit - rows.length + 1,
          ExclusiveStartKey: startKey,
          ...(options.consistent === true ? { ConsistentRead: true } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = item.sk?.S;
        const entry = item.entry?.S;
        if (sk === undefined || entry === undefined || sk === range.after) continue;
        if (rows.length < limit) rows.push({ sk, entry: JSON.parse(entry) as unknown });
      }
      startKey = rows.length < limit ? page.LastEvaluatedKey : undefined;
    } while (startKey !== undefined);
    return rows;
  };

  const cursorKey = (cursor: string | undefined, rankingId: string, order: SortOrder): Either<InvalidCursor, string | undefined> => {
    if (cursor === undefined) return right(undefined);
    const position = decodeCursor(cursor, { rankingId, order });
    return isLeft(position) ? position : right(position.right.lastKey);
  };

  const page = <Entry>(rows: ReadonlyArray<Row>, more: boolean, request: RankingRequest, rankingId: string, description: string) => {
    const last = rows[rows.length - 1];
    const next = more && last !== undefined ? encodeCursor({ rankingId, order: request.order, lastKey: last.sk as RankingKey }) : null;
    return rankingPage<Entry>(
      rows.map((row) => row.entry as Entry),
      { order: request.order, topK: request.topK, description },
      next,
    );
  };

  /**
   * Up to `limit` entries of a paged per-portfolio ranking (`rankingPages`), strictly after `after` in reading order.
   * Ascending after a cursor, they start in the page holding the cursor (the last one starting at or before it), then
   * follow in the pages after it; otherwise in the first page in reading order that starts before the cursor.
   */
  const readPaged = async (pk: string, order: SortOrder, after: string | undefined, limit: number): Promise<Row[]> => {
    const rows: Row[] = [];
    const beyond = (sk: string) => after === undefined || (order === 'asc' ? sk > after : sk < after);
    const query = async (comparison: '<=' | '>' | '<' | undefined, forward: boolean, pages: 'one' | 'until-enough') => {
      const names: Record<string, string> = { '#pk': 'pk', '#entries': pageEntriesAttribute };
      const values: StoredItem = { ':pk': { S: pk } };
      let condition = '#pk = :pk';
      if (comparison !== undefined) {
        condition += ` AND #sk ${comparison} :after`;
        names['#sk'] = 'sk';
        values[':after'] = { S: after! };
      }
      let startKey: StoredItem | undefined;
      do {
        const answer = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ProjectionExpression: '#entries',
            ScanIndexForward: forward,
            // Two pages a call: a usual ranking is one page, and the second is there when a page ends early.
            Limit: pages === 'one' ? 1 : 2,
            // The state item was read consistently and names this version: its pages, written before it, must be seen
            // too, not an empty ranking from a replica that has not caught up (DynamoDB Local is always consistent).
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of answer.Items ?? []) {
          const entries = pageRows(item[pageEntriesAttribute]?.S ?? '[]');
          if (order === 'desc') entries.reverse();
          for (const row of entries) if (rows.length < limit && beyond(row.sk)) rows.push(row);
        }
        startKey = pages === 'one' || rows.length >= limit ? undefined : answer.LastEvaluatedKey;
      } while (startKey !== undefined);
    };
    if (order === 'asc' && after !== undefined) {
      await query('<=', false, 'one');
      if (rows.length < limit) await query('>', true, 'until-enough');
    } else {
      await query(after === undefined ? undefined : '<', order === 'asc', 'until-enough');
    }
    return rows;
  };

  /** One per-portfolio ranking's page. */
  const single = async <Entry>(pk: string, request: RankingRequest, rankingId: string, description: string) => {
    const after = cursorKey(request.cursor, rankingId, request.order);
    if (isLeft(after)) return after;
    const rows = await readPaged(pk, request.order, after.right, request.topK + 1);
    return right(page<Entry>(rows.slice(0, request.topK), rows.length > request.topK, request, rankingId, description));
  };

  const readState = async (streamId: string): Promise<StoredItem | undefined> =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: readModelKeys.state(streamId).pk }, sk: { S: 'state' } }, ConsistentRead: true }),
      )
    ).Item;

  const text = (item: StoredItem, name: string): string | null => item[name]?.S ?? null;
  const integerOrNull = (item: StoredItem, name: string): number | null => (item[name]?.N === undefined ? null : Number(item[name]!.N));

  /** Which profile and client a portfolio belongs to, and where it stands; undefined when nothing of it is projected. */
  const portfolioReadState = async (portfolioId: string): Promise<PortfolioReadState | undefined> => {
    const item = await readState(portfolioStreamId(portfolioId));
    if (item === undefined || text(item, 'kind') !== 'portfolio') return undefined;
    return {
      portfolio_id: text(item, 'portfolio_id') ?? portfolioId,
      status: text(item, 'status') === 'withdrawn' ? 'withdrawn' : 'proposed',
      version: Number(item.version?.N ?? '0'),
      revision: integerOrNull(item, 'revision'),
      profile_id: text(item, 'profile_id'),
      client_id: text(item, 'client_id'),
      advisor_id: text(item, 'advisor_id'),
      created_at: text(item, 'created_at'),
      withdrawn_at: text(item, 'withdrawn_at'),
    };
  };

  const currentVersion = async (portfolioId: string): Promise<Either<PortfolioNotFound, number>> => {
    const state = await portfolioReadState(portfolioId);
    if (state === undefined || state.status !== 'proposed') {
      return left({
        _tag: 'PortfolioNotFound',
        portfolioId,
        message: state === undefined ? `no portfolio ${portfolioId}` : `portfolio ${portfolioId} is withdrawn`,
      });
    }
    return right(state.version);
  };

  const perPortfolio =
    <Entry>(partition: (id: string, version: number) => string, rankingId: (id: string) => string, description: (id: string) => string) =>
    async (portfolioId: string, request: RankingRequest): Promise<Either<RankingQueryError, RankingPage<Entry>>> => {
      const invalid = checkRanking(request);
      if (invalid !== undefined) return left(invalid);
      const version = await currentVersion(portfolioId);
      if (isLeft(version)) return version;
      const answer = await single<Entry>(partition(portfolioId, version.right), request, rankingId(portfolioId), description(portfolioId));
      // A revision applied between reading the version and its partition empties that partition under the reader (a
      // full page can miss entries as well as a short one): the page is read again from the version applied now.
      if (isLeft(answer)) return answer;
      const now = await currentVersion(portfolioId);
      if (isLeft(now)) return now;
      return now.right === version.right ? answer : single<Entry>(partition(portfolioId, now.right), request, rankingId(portfolioId), description(portfolioId));
    };

  /** All portfolios by growth per day, or those of one delta by growth: top k merged across the shards. */
  const topPortfolios = async (request: PortfolioRankingRequest): Promise<Either<RankingQueryError, RankingPage<PortfolioRankingEntry>>> => {
    const invalid = checkRanking(request);
    if (invalid !== undefined) return left(invalid);
    const delta = parseRankingDelta(request.delta?.period, request.delta?.periodUnit);
    if (isLeft(delta)) return delta;
    const { clientId } = request;
    const rankingId = rankingIds.portfolios(delta.right, clientId);
    const after = cursorKey(request.cursor, rankingId, request.order);
    if (isLeft(after)) return after;
    const ofDelta = delta.right;
    const partitions =
      clientId !== undefined
        ? [ofDelta === undefined ? readModelKeys.clientPortfolioRanking(clientId) : readModelKeys.clientDeltaRanking(ofDelta, clientId)]
        : Array.from({ length: shards }, (_, shard) =>
            ofDelta === undefined ? readModelKeys.portfolioRanking(shard) : readModelKeys.deltaRanking(ofDelta, shard),
          );
    const range: Range = { order: request.order, ...(after.right === undefined ? {} : { after: after.right }) };
    const lists = await Promise.all(partitions.map((pk) => readRange(pk, range, request.topK + 1)));
    const { page: rows, more } = mergeTopK(lists, request.order, request.topK);
    const description =
      (delta.right === undefined ? describe.portfolios : describe.portfoliosOfDelta(delta.right)) +
      (clientId === undefined ? '' : `; only portfolios proposed for the profiles of client ${clientId}`);
    return right(page<PortfolioRankingEntry>(rows, more, request, rankingId, description));
  };

  /** Deposits of every portfolio maturing in a window, by maturity date: month partitions read in order until k + 1. */
  const maturingDeposits = async (request: MaturingRequest): Promise<Either<RankingQueryError, RankingPage<DepositRankingEntry>>> => {
    const invalid = checkRanking(request);
    if (invalid !== undefined) return left(invalid);
    const window = parseMaturingWindow(request.from, request.to);
    if (isLeft(window)) return window;
    const { from, to } = window.right;
    const rankingId = rankingIds.maturing(from, to);
    const after = cursorKey(request.cursor, rankingId, request.order);
    if (isLeft(after)) return after;
    let months = request.order === 'asc' ? [...window.right.months] : [...window.right.months].reverse();
    if (after.right !== undefined) {
      // Months wholly before the cursor (in reading order) hold nothing after it.
      const cursorDate = maturityDateOfKey(after.right);
      if (cursorDate === undefined) {
        return left({ _tag: 'InvalidCursor', parameter: 'cursor', reason: 'malformed', message: 'the cursor holds no maturity position' });
      }
      const cursorMonth = monthOf(cursorDate);
      months = months.filter((month) => (request.order === 'asc' ? month >= cursorMonth : month <= cursorMonth));
    }
    const range: Range = {
      order: request.order,
      from: maturityLowerBound(from),
      to: maturityUpperBound(to),
      ...(after.right === undefined ? {} : { after: after.right }),
    };
    const wanted = request.topK + 1;
    // A revision writes its deposits' entries before its state moves and deletes the old ones after, so a month can
    // hold, for a moment (or until a failed projection is retried), entries of a version that is not the one applied,
    // or of a withdrawn portfolio: only entries of the version each portfolio's state names are listed.
    const appliedVersions = new Map<string, Promise<number | undefined>>();
    const appliedVersion = (portfolioId: string) => {
      let version = appliedVersions.get(portfolioId);
      if (version === undefined) {
        version = portfolioReadState(portfolioId).then((state) => (state?.status === 'proposed' ? state.version : undefined));
        appliedVersions.set(portfolioId, version);
      }
      return version;
    };
    const isApplied = async (row: Row): Promise<boolean> => {
      const key = parseRankingKey(row.sk);
      const portfolioId = (row.entry as Partial<DepositRankingEntry>).portfolio_uuid;
      return isRight(key) && portfolioId !== undefined && key.right.version === (await appliedVersion(portfolioId));
    };
    const rows: Row[] = [];
    /** Adds a month's rows in order, as many as the page still wants, checking only those it takes. */
    const take = async (list: ReadonlyArray<Row>): Promise<void> => {
      for (let index = 0; rows.length < wanted && index < list.length; ) {
        const slice = list.slice(index, index + wanted - rows.length);
        index += slice.length;
        const applied = await Promise.all(slice.map(isApplied));
        rows.push(...slice.filter((_, position) => applied[position]));
      }
    };
    // Skipped entries come in runs (one portfolio's deposits often mature together): a month read on is read in pages.
    const refillRows = 100;
    const parallelMonths = 4;
    for (let i = 0; i < months.length && rows.length < wanted; i += parallelMonths) {
      const chunk = months.slice(i, i + parallelMonths);
      const asked = wanted - rows.length;
      const lists = await Promise.all(chunk.map((month) => readRange(readModelKeys.maturing(month), range, asked, { consistent: true })));
      for (const [position, month] of chunk.entries()) {
        let list = lists[position]!;
        let limit = asked;
        for (;;) {
          await take(list);
          if (rows.length >= wanted || list.length < limit) break;
          limit = Math.max(wanted - rows.length, refillRows);
          list = await readRange(readModelKeys.maturing(month), { ...range, after: list[list.length - 1]!.sk }, limit, { consistent: true });
        }
        if (rows.length >= wanted) break;
      }
    }
    return right(page<DepositRankingEntry>(rows.slice(0, request.topK), rows.length > request.topK, request, rankingId, describe.maturing(from, to)));
  };

  return {
    topPortfolios,
    topBanks: perPortfolio<BankRankingEntry>(readModelKeys.bankRanking, rankingIds.banks, describe.banks),
    topDepositsByGrowth: perPortfolio<DepositRankingEntry>(readModelKeys.depositGrowthRanking, rankingIds.depositsByGrowth, describe.depositsByGrowth),
    topDepositsByMaturity: perPortfolio<DepositRankingEntry>(
      readModelKeys.depositMaturityRanking,
      rankingIds.depositsByMaturity,
      describe.depositsByMaturity,
    ),
    maturingDeposits,
    portfolioReadState,
  };
};

export type RankingQueries = ReturnType<typeof rankingQueries>;
