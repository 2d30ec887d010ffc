/** Shards of the all-portfolios rankings when `FIDUCIA_PORTFOLIO_SHARDS` is not set. */
export const defaultPortfolioShards = 4;

/** More shards than this would make every top-k read fan out too far to be worth it. */
export const maxPortfolioShards = 64;

/**
 * The shard count configured in `FIDUCIA_PORTFOLIO_SHARDS` (1..64), the default when unset; throws on anything else,
 * because a writer and a reader that disagree on it would silently lose entries.
 */
export const portfolioShardCount = (raw: string | undefined): number => {
  if (raw === undefined || raw.trim() === '') return defaultPortfolioShards;
  const count = Number(raw);
  if (!/^[0-9]+$/.test(raw.trim()) || !Number.isInteger(count) || count < 1 || count > maxPortfolioShards) {
    throw new RangeError(`FIDUCIA_PORTFOLIO_SHARDS must be an integer from 1 to ${maxPortfolioShards}, got "${raw}"`);
  }
  return count;
};

/**
 * The shard of a portfolio's entries in the all-portfolios rankings: a stable hash (32-bit FNV-1a over the UTF-16 code
 * units) of its id, modulo the shard count. Stable across processes and releases, so a rebuild puts every entry where
 * the live projector did; spreading by id keeps any one partition key from taking every write.
 */
export const portfolioShard = (portfolioId: string, shards: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < portfolioId.length; i += 1) {
    hash ^= portfolioId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
};
