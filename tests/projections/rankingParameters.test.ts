import { left, right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkRanking, parseRankingParameters } from '../../projections/rankingParameters.js';

describe('parseRankingParameters', () => {
  it('defaults to order=desc and top_k=2', () => {
    expect(parseRankingParameters({})).toEqual(right({ order: 'desc', topK: 2 }));
  });

  it('accepts asc|desc, top_k 0..1000 in plain digits, and passes the cursor on', () => {
    expect(parseRankingParameters({ order: 'asc', top_k: '0', cursor: 'abc' })).toEqual(right({ order: 'asc', topK: 0, cursor: 'abc' }));
    expect(parseRankingParameters({ top_k: '1000' })).toEqual(right({ order: 'desc', topK: 1000 }));
  });

  it('names the parameter that is wrong', () => {
    for (const top_k of ['1001', '-1', '1.5', '1e2', ' 2', '', '0x10', '999999']) {
      expect(parseRankingParameters({ top_k })).toEqual(left(expect.objectContaining({ _tag: 'InvalidParameter', parameter: 'top_k' })));
    }
    for (const order of ['ASC', 'descending', '']) {
      expect(parseRankingParameters({ order })).toEqual(left(expect.objectContaining({ parameter: 'order' })));
    }
    expect(parseRankingParameters({ cursor: '' })).toEqual(left(expect.objectContaining({ parameter: 'cursor' })));
  });

  it('checks typed parameters too', () => {
    expect(checkRanking({ order: 'asc', topK: 5 })).toBeUndefined();
    expect(checkRanking({ order: 'asc', topK: 2.5 })).toMatchObject({ parameter: 'top_k' });
    expect(checkRanking({ order: 'sideways', topK: 5 })).toMatchObject({ parameter: 'order' });
  });
});
