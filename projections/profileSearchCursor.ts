import { Buffer } from 'node:buffer';
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { isWellFormed } from '../domain/wellFormedText.js';
import type { InvalidParameter } from './invalidParameter.js';
import { invalidParameter } from './invalidParameter.js';

/**
 * The opaque `next_cursor` of a profile search: base64url of `{"v":1,"q":search,"k":lastSortKey}`. The search (which
 * partition and status filter) is carried so a cursor cannot continue a different search; the sort key is where the
 * last page ended. Like ranking cursors it is unsigned: it only positions a read the caller may make anyway.
 */
export const encodeProfileSearchCursor = (search: string, lastSortKey: string): string =>
  Buffer.from(JSON.stringify({ v: 1, q: search, k: lastSortKey }), 'utf8').toString('base64url');

const maxCursorLength = 4096;
/** DynamoDB's limit on a sort key. */
const maxSortKeyBytes = 1024;

/** The sort key a profile-search cursor continues after, if it was issued for this very search. */
export const decodeProfileSearchCursor = (text: string, search: string): Either<InvalidParameter, string> => {
  const refused = left(invalidParameter('cursor', 'the cursor is not one this service issued for this search'));
  if (text.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(text)) return refused;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return refused;
  }
  if (typeof parsed !== 'object' || parsed === null) return refused;
  const { k } = parsed as { k?: unknown };
  // A key DynamoDB would refuse (too long, or not Unicode it can store) was never issued.
  if (typeof k !== 'string' || k === '' || !isWellFormed(k) || Buffer.byteLength(k, 'utf8') > maxSortKeyBytes) return refused;
  if (encodeProfileSearchCursor(search, k) !== text) return refused;
  return right(k);
};
