import { describe, expect, it } from 'vitest';
import { differencesOf } from '../../../domain/replay/figureDifference.js';

describe('differencesOf', () => {
  it('finds nothing between equal documents, whatever their key order', () => {
    expect(differencesOf({ a: '1', b: [{ c: null }] }, { b: [{ c: null }], a: '1' })).toEqual([]);
  });

  it('names every differing leaf by its JSON path, in document order', () => {
    const recorded = { outcome: { total: '1.00', errors: [] }, banks: [{ uuid: 'b1', amount: '10' }, { uuid: 'b2', amount: '5' }] };
    const recomputed = { outcome: { total: '1.01', errors: [] }, banks: [{ uuid: 'b1', amount: '10.0' }, { uuid: 'b2', amount: '5' }] };
    expect(differencesOf(recorded, recomputed, 'proposal')).toEqual([
      { path: 'proposal.outcome.total', recorded: '1.00', recomputed: '1.01' },
      { path: 'proposal.banks[0].amount', recorded: '10', recomputed: '10.0' },
    ]);
  });

  it('reports a value present on one side only as undefined on the other', () => {
    expect(differencesOf({ a: [1, 2] }, { a: [1], b: 'new' })).toEqual([
      { path: 'a[1]', recorded: 2, recomputed: undefined },
      { path: 'b', recorded: undefined, recomputed: 'new' },
    ]);
  });

  it('reports a change of kind (object against text, null against a value) at the node itself', () => {
    expect(differencesOf({ m: { x: '1' } }, { m: null })).toEqual([{ path: 'm', recorded: { x: '1' }, recomputed: null }]);
    expect(differencesOf(['1'], { 0: '1' })).toEqual([{ path: '', recorded: ['1'], recomputed: { 0: '1' } }]);
  });
});
