import fc from 'fast-check';
import { isLeft, right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeProfileSearchCursor, encodeProfileSearchCursor } from '../../projections/profileSearchCursor.js';

describe('profile search cursors', () => {
  it('continue the search they were issued for, and no other', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string(), (search, key, other) => {
        const cursor = encodeProfileSearchCursor(search, key);
        expect(decodeProfileSearchCursor(cursor, search)).toEqual(right(key));
        if (other !== search) expect(isLeft(decodeProfileSearchCursor(cursor, other))).toBe(true);
      }),
    );
  });

  it('refuse text this service did not write', () => {
    for (const text of ['', '!!', Buffer.from('{"v":1,"q":"s","k":"x","extra":1}').toString('base64url'), Buffer.from('null').toString('base64url')]) {
      const answer = decodeProfileSearchCursor(text, 's');
      expect(isLeft(answer) && answer.left.parameter).toBe('cursor');
    }
  });

  it('refuse a position no sort key could hold, though written for the search', () => {
    const longest = 'é'.repeat(512);
    expect(decodeProfileSearchCursor(encodeProfileSearchCursor('s', longest), 's')).toEqual(right(longest));
    for (const key of [`${longest}x`, 'Draft#\ud800', 'Draft#\udc00x']) {
      const answer = decodeProfileSearchCursor(encodeProfileSearchCursor('s', key), 's');
      expect(isLeft(answer) && answer.left.parameter).toBe('cursor');
    }
  });
});
