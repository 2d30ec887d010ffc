import { createHash } from 'node:crypto';
import type { RankingDelta } from './rankingDelta.js';

// A cursor holds at most 256 characters of ranking id; a period of hundreds of digits or a long client id is named by
// its digest instead.
const longestPlainPeriod = 200;

const digestName = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const periodName = (period: string): string => (period.length <= longestPlainPeriod ? period : digestName(period));
const longName = (text: string): string => (text.length <= 64 ? text : digestName(text));

/**
 * The ranking a cursor belongs to (`CursorPosition.rankingId`): a cursor issued for one ranking, portfolio, delta or
 * maturity window is refused by every other. Per-portfolio ids leave out the version on purpose: a cursor stays valid
 * across a revision and continues in the revised figures from the same ranking position.
 */
export const rankingIds = {
  portfolios: (delta?: RankingDelta, clientId?: string): string => {
    const ranking = delta === undefined ? 'portfolios' : `portfolios#${delta.periodUnit}#${periodName(delta.period)}`;
    return clientId === undefined ? ranking : `${ranking}#client#${longName(clientId)}`;
  },
  banks: (portfolioId: string): string => `banks#${portfolioId}`,
  depositsByGrowth: (portfolioId: string): string => `deposits-growth#${portfolioId}`,
  depositsByMaturity: (portfolioId: string): string => `deposits-maturity#${portfolioId}`,
  maturing: (from: string, to: string): string => `maturing#${from}#${to}`,
} as const;
