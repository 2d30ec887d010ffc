import { isLeft, right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { maxMaturingWindowMonths, parseMaturingWindow } from '../../projections/maturingWindow.js';

describe('parseMaturingWindow', () => {
  it('lists the month partitions of the window in order, across year ends', () => {
    expect(parseMaturingWindow('2026-11-20', '2027-02-01')).toEqual(right({ from: '2026-11-20', to: '2027-02-01', months: ['2026-11', '2026-12', '2027-01', '2027-02'] }));
    expect(parseMaturingWindow('2026-05-05', '2026-05-05')).toEqual(right({ from: '2026-05-05', to: '2026-05-05', months: ['2026-05'] }));
  });

  it('allows at most 120 months and names the parameter that is wrong', () => {
    const widest = parseMaturingWindow('2026-01-01', '2035-12-31');
    expect(!isLeft(widest) && widest.right.months.length).toBe(maxMaturingWindowMonths);
    const cases: Array<[string | undefined, string | undefined, string]> = [
      ['2026-01-01', '2036-01-01', 'to'],
      [undefined, '2026-01-01', 'from'],
      ['2026-01-01', undefined, 'to'],
      ['2026-02-29', '2026-03-01', 'from'],
      ['2026-01-01', '2026-1-2', 'to'],
      ['2026-03-01', '2026-02-28', 'to'],
    ];
    for (const [from, to, parameter] of cases) {
      const answer = parseMaturingWindow(from, to);
      expect(isLeft(answer) && answer.left.parameter).toBe(parameter);
    }
  });
});
