import type { ProfileStatus } from '../domain/profile/profileStatus.js';
import type { RankingDelta } from './rankingDelta.js';
import type { ReadModelKey } from './readModelItem.js';

/** The stream consumers that park records they give up on. */
export type DeadLetterConsumer = 'projector' | 'publisher';

// The projector's partition kept its original name; every other consumer has its own beside it.
const deadLetterPk = (consumer: DeadLetterConsumer): string => (consumer === 'projector' ? 'dead-letter' : `dead-letter#${consumer}`);

/**
 * Every key of the read-model table (one table, `pk` and `sk` strings). Partition keys start with a fixed word naming
 * what the partition holds, so the parts never collide; an id is always the last part of a key or is followed only by
 * a version (`#v<integer>`), so an id containing `#` cannot be mistaken for another.
 */
export const readModelKeys = {
  /** The projection state of one source stream: the version applied and what queries need to know about it. */
  state: (streamId: string): ReadModelKey => ({ pk: `state#${streamId}`, sk: 'state' }),
  /** Versions whose items may exist besides the applied one (being written, or superseded and awaiting deletion). */
  pending: (streamId: string, token: string): ReadModelKey => ({ pk: `state#${streamId}`, sk: `pending#${token}` }),
  pendingSkPrefix: 'pending#',

  /** All-portfolios ranking by growth per day, one partition per shard. */
  portfolioRanking: (shard: number): string => `rank#portfolios#s${shard}`,
  /** Ranking of the portfolios proposed with one delta, by growth, one partition per shard. */
  deltaRanking: (delta: RankingDelta, shard: number): string =>
    `rank#portfolios#delta#${delta.periodUnit}#${delta.period}#s${shard}`,
  /** The all-portfolios ranking narrowed to the portfolios of one client's profiles (few: one partition, no shards). */
  clientPortfolioRanking: (clientId: string): string => `rank#portfolios#client#${clientId}`,
  /** The same, for one delta. */
  clientDeltaRanking: (delta: RankingDelta, clientId: string): string =>
    `rank#portfolios#delta#${delta.periodUnit}#${delta.period}#client#${clientId}`,
  /** One portfolio version's banks by growth. */
  bankRanking: (portfolioId: string, version: number): string => `rank#banks#${portfolioId}#v${version}`,
  /** One portfolio version's deposits by growth. */
  depositGrowthRanking: (portfolioId: string, version: number): string => `rank#deposits-growth#${portfolioId}#v${version}`,
  /** One portfolio version's deposits by maturity date. */
  depositMaturityRanking: (portfolioId: string, version: number): string =>
    `rank#deposits-maturity#${portfolioId}#v${version}`,
  /** Deposits of every portfolio maturing in one calendar month (`YYYY-MM`). */
  maturing: (month: string): string => `maturing#${month}`,

  /** A client's profiles; sort key `profileSk`. */
  profilesOfClient: (clientId: string): string => `profiles#client#${clientId}`,
  /** An advisor's profiles; sort key `profileSk`. */
  profilesOfAdvisor: (advisorId: string): string => `profiles#advisor#${advisorId}`,
  profileSk: (status: ProfileStatus, profileId: string): string => `${status}#${profileId}`,

  /** Records a stream consumer gave up on, with their reason. */
  deadLetter: (source: string, consumer: DeadLetterConsumer = 'projector'): ReadModelKey => ({ pk: deadLetterPk(consumer), sk: source }),
  deadLetterPk: (consumer: DeadLetterConsumer = 'projector'): string => deadLetterPk(consumer),
  /** How often a record has failed so far. */
  attempts: (source: string): ReadModelKey => ({ pk: `poison#${source}`, sk: 'attempts' }),
  /** A stream poller's position in one shard. */
  checkpoint: (stream: string, shardId: string): ReadModelKey => ({ pk: `checkpoint#${stream}`, sk: shardId }),
} as const;

/**
 * Partition-key prefixes of the projector's bookkeeping (checkpoints, dead letters, attempt counters): they describe
 * how the read model was built, not what it says, so a rebuild legitimately differs there.
 */
export const bookkeepingPkPrefixes: ReadonlyArray<string> = ['checkpoint#', 'dead-letter', 'poison#'];
