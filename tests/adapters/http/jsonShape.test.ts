import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, maxJsonDepth } from '../../../adapters/http/jsonShape.js';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: [nested(depth - 1)] });

describe('jsonShapeProblem', () => {
  it('accepts ordinary JSON, including astral characters', () => {
    expect(jsonShapeProblem({ name: 'Zoë 😀', banks: [{ deposits: [{ apy: '5' }] }] })).toBeUndefined();
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        expect(jsonShapeProblem(JSON.parse(JSON.stringify(value)))).toBeUndefined();
      }),
    );
  });

  it('names a string holding a lone surrogate by its path', () => {
    expect(jsonShapeProblem(JSON.parse('{"new_banks":[{"name":"x\\ud800"}]}'))?.path).toBe('new_banks[0].name');
    expect(jsonShapeProblem(JSON.parse('{"reason":"\\udc00y"}'))?.path).toBe('reason');
  });

  it('names a key holding a lone surrogate by the path of its object', () => {
    expect(jsonShapeProblem(JSON.parse('{"new_banks":[{"ok":1},{"x\\ud800":1}]}'))).toEqual({
      path: 'new_banks[1]',
      value: null,
      message: 'has a key that is not well-formed Unicode',
    });
    expect(jsonShapeProblem(JSON.parse('{"a":{"b":[[1,"\\udc00"]]}}'))?.path).toBe('a.b[0][1]');
  });

  it('refuses nesting deeper than the limit without recursing through all of it', () => {
    expect(jsonShapeProblem(nested(maxJsonDepth / 2 - 1))).toBeUndefined();
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(jsonShapeProblem(deep)?.message).toMatch(/deeper than/);
  });
});
