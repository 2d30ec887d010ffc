import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateDiff, type StateChange } from '../../../domain/audit/stateDiff.js';

/** Applies changes to a copy of `before`, following the diff's paths; what the diff claims must rebuild `after`. */
const apply = (before: unknown, changes: ReadonlyArray<StateChange>): unknown => {
  const root = { value: structuredClone(before) as unknown };
  for (const change of changes) {
    const keys = [...change.path.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)].map((match) =>
      match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string)),
    );
    let parent: any = root;
    let key: string | number = 'value';
    for (const next of keys) {
      parent = parent[key];
      key = next;
    }
    if (change.change === 'removed') {
      if (Array.isArray(parent)) parent.length = Math.min(parent.length, Number(key));
      else delete parent[key];
    } else {
      parent[key] = structuredClone(change.to);
    }
  }
  return root.value;
};

const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);

describe('stateDiff', () => {
  it('names changed leaves, added and removed subtrees by their paths', () => {
    const before = { status: 'Draft', risk_score: 40, target_allocation: { bonds: '60', cash: '40' }, reviews: [{ outcome: 'approved' }], account: null };
    const after = { status: 'Proposed', risk_score: 40, target_allocation: { bonds: '60', 'us equity': '40' }, reviews: [{ outcome: 'approved' }, { outcome: 'rejected' }], account: { last4: '1234' } };
    expect(stateDiff(before, after)).toEqual([
      { path: 'status', change: 'changed', from: 'Draft', to: 'Proposed' },
      { path: 'target_allocation.cash', change: 'removed', from: '40' },
      { path: 'target_allocation["us equity"]', change: 'added', to: '40' },
      { path: 'reviews[1]', change: 'added', to: { outcome: 'rejected' } },
      { path: 'account', change: 'changed', from: null, to: { last4: '1234' } },
    ]);
  });

  it('lists every field of a newly created aggregate as added', () => {
    expect(stateDiff(null, { profile_id: 'p-1', status: 'Draft' })).toEqual([
      { path: 'profile_id', change: 'added', to: 'p-1' },
      { path: 'status', change: 'added', to: 'Draft' },
    ]);
  });

  it('tells an empty state from an absent one', () => {
    expect(stateDiff(null, {})).toEqual([{ path: '', change: 'changed', from: null, to: {} }]);
    expect(stateDiff({}, null)).toEqual([{ path: '', change: 'changed', from: {}, to: null }]);
  });

  it('finds nothing between equal states and something between different ones', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(stateDiff(a, structuredClone(a))).toEqual([]);
        expect(stateDiff(a, b).length === 0).toBe(isDeepStrictEqual(a, b));
      }),
    );
  });

  it('says exactly what changed: applying the changes to the old state gives the new one', () => {
    const objects = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 });
    fc.assert(
      fc.property(objects, objects, (before, after) => {
        expect(apply(before, stateDiff(before, after))).toEqual(after);
      }),
    );
  });
});
