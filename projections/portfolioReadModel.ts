import type { PortfolioEvent } from '../domain/portfolio/portfolioEvents.js';
import type { PortfolioResponse } from '../domain/portfolioResponse.js';
import { growthPerDay } from './growthPerDay.js';
import { maturityRankingKey, monthOf } from './maturityKey.js';
import { portfolioShard } from './portfolioShard.js';
import { rankingDelta } from './rankingDelta.js';
import { bankEntry, depositEntry, portfolioEntry } from './rankingEntry.js';
import type { RankingEntry } from './rankingKey.js';
import { rankingKey } from './rankingKey.js';
import { rankingPages, type RankedEntry } from './rankingPages.js';
import type { ReadModelItem, ReadModelValue } from './readModelItem.js';
import { readModelKeys } from './readModelKeys.js';

/**
 * Everything one portfolio version contributes to the read models. Every ranking depends only on the portfolio's
 * latest event (a proposal or revision carries the whole calculated proposal, a withdrawal means no entries), so this
 * is a pure function of one event: applying the newest version a projector has seen is the whole projection.
 */
export interface PortfolioReadModel {
  readonly portfolioId: string;
  readonly version: number;
  readonly status: 'proposed' | 'withdrawn';
  /** What the state item says about this version, besides owner and bookkeeping. */
  readonly facts: Readonly<Record<string, ReadModelValue>>;
  /**
   * This version's own rankings (banks, deposits by growth and by maturity), each a partition of pages
   * (`rankingPages`): dropped whole when superseded.
   */
  readonly versioned: ReadonlyArray<ReadModelItem>;
  /**
   * The deposits in the shared maturity-month partitions: deleted one by one when superseded. Their keys, like those of
   * `rankings`, end in the version, so two versions of a portfolio never share an item in a shared partition: a stale
   * version's entries can be written or deleted without a condition.
   */
  readonly maturing: ReadonlyArray<ReadModelItem>;
  /** The portfolio's entries in the all-portfolios rankings (all deltas, and its own delta), and its client's views of them. */
  readonly rankings: ReadonlyArray<ReadModelItem>;
}

export interface PortfolioVersion {
  readonly portfolioId: string;
  readonly version: number;
  readonly event: PortfolioEvent;
  /** Shard count of the all-portfolios rankings. */
  readonly shards: number;
  /** The client of the portfolio's profile, whose own view of the rankings then includes it. */
  readonly clientId?: string | null;
}

// A figure the request grammar allows but no sort key can hold (a period of thousands of digits, say) leaves that one
// entry unranked instead of making the whole event unprojectable.
const keyOrUndefined = (entry: RankingEntry): string | undefined => {
  try {
    return rankingKey(entry);
  } catch {
    return undefined;
  }
};

const maturityKeyOrUndefined = (date: string, createdAt: string, id: string, version: number): string | undefined => {
  try {
    return maturityRankingKey(date, createdAt, id, version);
  } catch {
    return undefined;
  }
};

const item = (pk: string, sk: string | undefined, attributes: Record<string, ReadModelValue>): ReadModelItem[] =>
  sk === undefined ? [] : [{ pk, sk, attributes }];

const proposalItems = (portfolioId: string, version: number, proposal: PortfolioResponse, shards: number, clientId: string | null) => {
  const source_version = version;
  const createdAt = proposal.created_at;
  const maturing: ReadModelItem[] = [];
  const rankings: ReadModelItem[] = [];

  const delta = proposal.outcome.delta;
  if (delta !== null) {
    const shard = portfolioShard(portfolioId, shards);
    const entry = JSON.stringify(portfolioEntry(proposal));
    const attributes = { entry, portfolio_uuid: portfolioId, source_version };
    let perDay: ReturnType<typeof growthPerDay> | undefined;
    try {
      perDay = growthPerDay(delta.growth, delta.period, delta.period_unit);
    } catch {
      perDay = undefined;
    }
    if (perDay !== undefined) {
      const sk = keyOrUndefined({ value: perDay, createdAt, id: portfolioId, version });
      rankings.push(...item(readModelKeys.portfolioRanking(shard), sk, attributes));
      if (clientId !== null) rankings.push(...item(readModelKeys.clientPortfolioRanking(clientId), sk, attributes));
    }
    const ownDelta = rankingDelta(delta.period, delta.period_unit);
    if (ownDelta !== undefined) {
      const sk = keyOrUndefined({ value: delta.growth, createdAt, id: portfolioId, version });
      rankings.push(...item(readModelKeys.deltaRanking(ownDelta, shard), sk, attributes));
      if (clientId !== null) rankings.push(...item(readModelKeys.clientDeltaRanking(ownDelta, clientId), sk, attributes));
    }
  }

  const banks: RankedEntry[] = [];
  const depositsByGrowth: RankedEntry[] = [];
  const depositsByMaturity: RankedEntry[] = [];
  const ranked = (list: RankedEntry[], key: string | undefined, entry: string) => {
    if (key !== undefined) list.push({ key, entry });
  };
  for (const bank of proposal.banks) {
    if (bank.outcome.delta !== null) {
      ranked(banks, keyOrUndefined({ value: bank.outcome.delta.growth, createdAt, id: bank.uuid }), JSON.stringify(bankEntry(proposal, bank)));
    }
    for (const deposit of bank.deposits) {
      const entry = JSON.stringify(depositEntry(proposal, bank, deposit));
      if (deposit.outcome.delta !== null) {
        ranked(depositsByGrowth, keyOrUndefined({ value: deposit.outcome.delta.growth, createdAt, id: deposit.uuid }), entry);
      }
      const maturity = deposit.outcome_with_dates.maturity_date_in_bank_tz;
      if (maturity !== null) {
        const sk = maturityKeyOrUndefined(maturity, createdAt, deposit.uuid, version);
        ranked(depositsByMaturity, sk, entry);
        maturing.push(...item(readModelKeys.maturing(monthOf(maturity)), sk, { entry, portfolio_uuid: portfolioId, source_version }));
      }
    }
  }
  const versioned = [
    ...rankingPages(readModelKeys.bankRanking(portfolioId, version), banks, version),
    ...rankingPages(readModelKeys.depositGrowthRanking(portfolioId, version), depositsByGrowth, version),
    ...rankingPages(readModelKeys.depositMaturityRanking(portfolioId, version), depositsByMaturity, version),
  ];
  return { versioned, maturing, rankings };
};

/** The read-model items and state facts of one portfolio version. */
export const portfolioReadModel = ({ portfolioId, version, event, shards, clientId = null }: PortfolioVersion): PortfolioReadModel => {
  switch (event.type) {
    case 'PortfolioProposed':
    case 'PortfolioRevised': {
      const { proposal } = event.data;
      const delta = proposal.outcome.delta;
      return {
        portfolioId,
        version,
        status: 'proposed',
        facts: {
          revision: event.type === 'PortfolioProposed' ? 0 : event.data.revision,
          created_at: proposal.created_at,
          period: delta?.period ?? null,
          period_unit: delta?.period_unit ?? null,
        },
        ...proposalItems(portfolioId, version, proposal, shards, clientId),
      };
    }
    case 'PortfolioWithdrawn':
      return {
        portfolioId,
        version,
        status: 'withdrawn',
        facts: { withdrawn_at: event.data.at },
        versioned: [],
        maturing: [],
        rankings: [],
      };
  }
};
