import { Decimal } from 'decimal.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { isDecimalGrammar } from '../domain/decimalText.js';
import type { PeriodUnit } from '../domain/periodUnit.js';
import { periodUnits } from '../domain/periodUnit.js';
import type { InvalidParameter } from './invalidParameter.js';
import { invalidParameter } from './invalidParameter.js';

/** Independent of any global `Decimal.set`; constructing from text never rounds. */
const Exact = Decimal.clone({ maxE: 9e15, minE: -9e15 });

/**
 * A delta as the delta-restricted ranking keys it: the period's canonical decimal text and the unit. Canonical means
 * `1.50`, `01.5` and `1.5` are one delta (the same number of days), while `30 Day` and `1 Month` stay two deltas, as
 * the client chose them.
 */
export interface RankingDelta {
  readonly period: string;
  readonly periodUnit: PeriodUnit;
}

/** Longest canonical period that still fits a partition key with room to spare (DynamoDB allows 2,048 bytes). */
export const maxRankingPeriodLength = 1_000;

/** The ranking delta of a stored delta; undefined when the period is not a positive decimal or too long to key. */
export const rankingDelta = (period: string, periodUnit: PeriodUnit): RankingDelta | undefined => {
  let value: Decimal;
  try {
    value = new Exact(period);
  } catch {
    return undefined;
  }
  if (!value.isFinite() || !value.isPositive() || value.isZero()) return undefined;
  const canonical = value.toFixed();
  return canonical.length > maxRankingPeriodLength ? undefined : { period: canonical, periodUnit };
};

const isPeriodUnit = (text: string): text is PeriodUnit => (periodUnits as ReadonlyArray<string>).includes(text);

/**
 * The `period` and `period_unit` query parameters: both absent (no restriction) or both valid, the period in the
 * request grammar (domain.md §2) and positive, the unit one of Day, Week, Month, Year.
 */
export const parseRankingDelta = (
  period: string | undefined,
  periodUnit: string | undefined,
): Either<InvalidParameter, RankingDelta | undefined> => {
  if (period === undefined && periodUnit === undefined) return right(undefined);
  if (period === undefined) return left(invalidParameter('period', 'period is required when period_unit is given'));
  if (periodUnit === undefined) return left(invalidParameter('period_unit', 'period_unit is required when period is given'));
  if (!isDecimalGrammar(period)) {
    return left(invalidParameter('period', 'must be a decimal string: digits with at most one "." and an optional leading "+"'));
  }
  if (!isPeriodUnit(periodUnit)) {
    return left(invalidParameter('period_unit', `must be one of ${periodUnits.join(', ')} (case-sensitive)`));
  }
  const delta = rankingDelta(period.startsWith('+') ? period.slice(1) : period, periodUnit);
  if (delta === undefined) return left(invalidParameter('period', `must be greater than 0 and at most ${maxRankingPeriodLength} digits`));
  return right(delta);
};
