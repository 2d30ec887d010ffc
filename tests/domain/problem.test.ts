import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../domain/problem.js';

const codec = t.type({ a: t.type({ b: t.array(t.type({ c: t.string })) }) });

const problems = (input: unknown) => {
  const result = codec.decode(input);
  if (E.isRight(result)) throw new Error('expected a failure');
  return problemsOf(result.left);
};

describe('field problems from io-ts errors', () => {
  it('renders nested properties and indices as a.b[2].c, echoing the value', () => {
    const value = { not: 'a string' };
    expect(problems({ a: { b: [{ c: 'x' }, { c: 'y' }, { c: value }] } })).toEqual([
      { path: 'a.b[2].c', value, message: 'is invalid' },
    ]);
  });

  it('names the body itself with the empty path', () => {
    expect(problems(42)).toEqual([{ path: '', value: 42, message: 'is invalid' }]);
  });

  it('keeps a codec message and the order of the errors', () => {
    const custom = t.type({ x: new t.Type<string>('x', t.string.is, (u, c) => t.failure(u, c, 'is odd'), t.identity), y: t.string });
    const result = custom.decode({ x: 1, y: 2 });
    expect(E.isLeft(result) && problemsOf(result.left)).toEqual([
      { path: 'x', value: 1, message: 'is odd' },
      { path: 'y', value: 2, message: 'is invalid' },
    ]);
  });
});
