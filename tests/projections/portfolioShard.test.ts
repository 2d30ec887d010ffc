import { describe, expect, it } from 'vitest';
import { defaultPortfolioShards, portfolioShard, portfolioShardCount } from '../../projections/portfolioShard.js';

describe('portfolio shards', () => {
  it('reads FIDUCIA_PORTFOLIO_SHARDS, 4 by default, and refuses anything but 1..64', () => {
    expect(portfolioShardCount(undefined)).toBe(defaultPortfolioShards);
    expect(portfolioShardCount('')).toBe(4);
    expect(portfolioShardCount('16')).toBe(16);
    for (const bad of ['0', '65', '2.5', 'four', '-1']) expect(() => portfolioShardCount(bad)).toThrow(/FIDUCIA_PORTFOLIO_SHARDS/);
  });

  it('puts a portfolio in the same shard every time and spreads many portfolios evenly', () => {
    expect(portfolioShard('0d5e8f3a-91b2-4c6d-8e7f-a1b2c3d4e5f6', 8)).toBe(portfolioShard('0d5e8f3a-91b2-4c6d-8e7f-a1b2c3d4e5f6', 8));
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i += 1) counts[portfolioShard(`portfolio-${i.toString(16).padStart(8, '0')}-4000-8000`, 8)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(portfolioShard('anything', 1)).toBe(0);
  });
});
