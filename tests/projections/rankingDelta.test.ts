import { isLeft, right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseRankingDelta, rankingDelta } from '../../projections/rankingDelta.js';

describe('ranking deltas', () => {
  it('write equal periods alike and keep the unit as chosen', () => {
    expect(rankingDelta('1.50', 'Month')).toEqual({ period: '1.5', periodUnit: 'Month' });
    expect(rankingDelta('0010', 'Day')).toEqual({ period: '10', periodUnit: 'Day' });
    expect(rankingDelta('0', 'Day')).toBeUndefined();
    expect(parseRankingDelta('+01.50', 'Month')).toEqual(right({ period: '1.5', periodUnit: 'Month' }));
    expect(parseRankingDelta(undefined, undefined)).toEqual(right(undefined));
  });

  it('name the parameter that is wrong', () => {
    const cases: Array<[string | undefined, string | undefined, string]> = [
      ['1', undefined, 'period_unit'],
      [undefined, 'Day', 'period'],
      ['1e3', 'Day', 'period'],
      ['-1', 'Day', 'period'],
      ['0.0', 'Day', 'period'],
      ['1', 'month', 'period_unit'],
      ['1', 'Unspecified', 'period_unit'],
    ];
    for (const [period, unit, parameter] of cases) {
      const answer = parseRankingDelta(period, unit);
      expect(isLeft(answer) && answer.left.parameter).toBe(parameter);
    }
  });
});
