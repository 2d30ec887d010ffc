import { describe, expect, it } from 'vitest';
import { standardDepositCalculator, type DepositCalculator } from '../../../domain/depositCalculator.js';
import { calculatePortfolio } from '../../../domain/portfolioCalculation.js';
import { recordedIdsInDrawOrder } from '../../../domain/replay/recordedIds.js';
import { aBank, aDeposit, aRequest, sequentialIds } from '../../domain/support/portfolioRequestBuilder.js';

// Per-deposit errors are unreachable with valid input; a calculator that fails on chosen accounts reaches them.
const failing: DepositCalculator = {
  figures: (deposit, days) => {
    if (deposit.account.startsWith('FAIL')) throw new Error('no figures');
    return standardDepositCalculator.figures(deposit, days);
  },
  maturityDate: (deposit) => {
    if (deposit.account.endsWith('NODATE')) throw new Error('no date');
    return standardDepositCalculator.maturityDate(deposit);
  },
};

const drawing = () => {
  const next = sequentialIds('id');
  const drawn: string[] = [];
  return { drawn, newId: () => { const id = next(); drawn.push(id); return id; } };
};

describe('recordedIdsInDrawOrder', () => {
  it('lists the ids of a successful calculation exactly in the order the engine drew them', () => {
    const ids = drawing();
    const request = aRequest([aBank([aDeposit({ account: 'AAAA' }), aDeposit({ account: 'BBBB' })]), aBank([aDeposit({ account: 'CCCC' })])]);
    const response = calculatePortfolio(request, { newId: ids.newId, createdAt: '2026-01-01T00:00:00Z' });
    expect(recordedIdsInDrawOrder(response)).toEqual(ids.drawn);
    expect(ids.drawn).toHaveLength(6);
  });

  it('places error ids where the engine drew them: those of a deposit right after it, of a bank before that of the portfolio', () => {
    const ids = drawing();
    const request = aRequest([
      aBank([aDeposit({ account: 'FAIL-NODATE' }), aDeposit({ account: 'GOOD' })], 'FIRST'),
      aBank([aDeposit({ account: 'NODATE' })], 'SECOND'),
      aBank([aDeposit({ account: 'FAIL' })], 'THIRD'),
    ]);
    const response = calculatePortfolio(request, { newId: ids.newId, createdAt: '2026-01-01T00:00:00Z' }, failing);
    expect(response.outcome.errors).toHaveLength(1);
    expect(response.banks[0]!.outcome.errors).toHaveLength(1);
    expect(response.banks[0]!.deposits[0]!.outcome_with_dates.errors).toHaveLength(1);
    expect(recordedIdsInDrawOrder(response)).toEqual(ids.drawn);
  });

  it('skips whatever is missing or malformed instead of failing', () => {
    expect(recordedIdsInDrawOrder(null)).toEqual([]);
    expect(recordedIdsInDrawOrder({ uuid: 'p', banks: [{ uuid: 7, deposits: 'none' }, null, { uuid: 'b', deposits: [{}] }], outcome: { errors: [{ uuid: 'e' }] } })).toEqual([
      'p',
      'b',
      'e',
    ]);
  });
});
