import { Dec } from '../decimal.js';
import type { Percent } from './profileValues.js';

declare const targetAllocationBrand: unique symbol;

/**
 * Asset class → percent of the client's money, summing to exactly 100. Branded: only `targetAllocationFrom` makes one,
 * so a value of this type has passed the sum check. Key order is kept as the client wrote it.
 */
export type TargetAllocation = Readonly<Record<string, Percent>> & { readonly [targetAllocationBrand]: 'TargetAllocation' };

/** Most asset classes one allocation may name (bounds the work and the number of problems). */
export const maxAssetClasses = 50;

/** Asset class names are lower-case identifiers (`us_equity`, `bonds`), so they are safe as JSON keys and in paths. */
export const isAssetClassName = (name: string): boolean => /^[a-z][a-z0-9_]{0,63}$/.test(name);

/** The exact decimal sum of the percentages (every percent has at most 8 decimals, so the sum is exact). */
export const allocationSum = (percents: Readonly<Record<string, Percent>>): string =>
  Object.values(percents)
    .reduce((sum, percent) => sum.plus(percent), new Dec(0))
    .toFixed();

/** Brands percentages as a target allocation when they sum to exactly 100, or returns undefined. */
export const targetAllocationFrom = (percents: Readonly<Record<string, Percent>>): TargetAllocation | undefined =>
  new Dec(allocationSum(percents)).eq(100) ? (percents as TargetAllocation) : undefined;
