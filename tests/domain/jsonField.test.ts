import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { arrayField, objectField, stringField } from '../../domain/jsonField.js';
import { problemsOf } from '../../domain/problem.js';

const shout = stringField('shout', (text) => (text === text.toUpperCase() ? E.right(text) : E.left('must be upper case')));
const codec = objectField('body', { items: arrayField('items', objectField('item', { s: shout }), { min: 1, max: 2, message: 'must hold 1 or 2 items' }) });

const problemsFor = (input: unknown) => {
  const result = codec.decode(input);
  return E.isLeft(result) ? problemsOf(result.left) : [];
};

describe('JSON field codecs', () => {
  it('tell a missing field from a field of the wrong JSON type', () => {
    expect(problemsFor({ items: [{}, { s: null }] }).map((p) => [p.path, p.message])).toEqual([
      ['items[0].s', 'is required'],
      ['items[1].s', 'must be a JSON string'],
    ]);
  });

  it('report the parse message of a string field with its value', () => {
    expect(problemsFor({ items: [{ s: 'quiet' }] })).toEqual([{ path: 'items[0].s', value: 'quiet', message: 'must be upper case' }]);
  });

  it('report an array out of bounds first, then the problems of the items within the bound, and none beyond it', () => {
    const items = [1, { s: 'LOUD' }, 3];
    expect(problemsFor({ items })).toEqual([
      { path: 'items', value: items, message: 'must hold 1 or 2 items' },
      { path: 'items[0]', value: 1, message: 'must be a JSON object' },
    ]);
    expect(problemsFor({ items: [] })).toEqual([{ path: 'items', value: [], message: 'must hold 1 or 2 items' }]);
  });

  it('report non-objects and non-arrays by their JSON type', () => {
    expect(problemsFor([]).map((p) => [p.path, p.message])).toEqual([['', 'must be a JSON object']]);
    expect(problemsFor({ items: {} }).map((p) => [p.path, p.message])).toEqual([['items', 'must be a JSON array']]);
    expect(problemsFor({ items: ['x'] }).map((p) => [p.path, p.message])).toEqual([['items[0]', 'must be a JSON object']]);
  });

  it('decode valid input and guard it with is', () => {
    const value = { items: [{ s: 'LOUD' }] };
    expect(codec.decode(value)).toEqual(t.success(value));
    expect(codec.is(value)).toBe(true);
    expect(codec.is({ items: [{ s: 'quiet' }] })).toBe(false);
  });
});
