import { Buffer } from 'node:buffer';
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { RankingKey } from './rankingKey.js';
import { parseRankingKey } from './rankingKey.js';

/**
 * An opaque `next_cursor`: base64url of `{"v":1,"r":rankingId,"o":order,"k":lastKey}`.
 *
 * Why this holds enough: ranking keys are unique and totally ordered, so the last key returned is an exact resume
 * point in either direction (keys after it for `asc`, before it for `desc`, i.e. DynamoDB's ExclusiveStartKey), even
 * when entries are added or removed between pages. The ranking id and order are carried so that a cursor from another
 * ranking, portfolio or direction is refused instead of silently continuing somewhere else. There is no signature:
 * a cursor only positions a read the caller is already allowed to make, and whatever it holds is validated here.
 */
export type Cursor = string & { readonly Cursor: unique symbol };

export type SortOrder = 'asc' | 'desc';

/** Where a ranking read stopped. */
export interface CursorPosition {
  readonly rankingId: string;
  readonly order: SortOrder;
  readonly lastKey: RankingKey;
}

/** Why a client's cursor was refused; `parameter` names the query parameter for the problem document. */
export interface InvalidCursor {
  readonly _tag: 'InvalidCursor';
  readonly parameter: 'cursor';
  readonly reason: 'malformed' | 'other-ranking' | 'other-order';
  readonly message: string;
}

const invalidCursor = (reason: InvalidCursor['reason'], message: string): InvalidCursor => ({
  _tag: 'InvalidCursor',
  parameter: 'cursor',
  reason,
  message,
});

/** Ranking ids are ours (level plus scope such as a portfolio id); the bound keeps a cursor small enough for a URL. */
const maxRankingIdLength = 256;
/** Generous for a 1024-byte key plus the ranking id, after JSON and base64 growth. */
const maxCursorLength = 2048;

const CursorJson = t.type({
  v: t.literal(1),
  r: t.string,
  o: t.keyof({ asc: null, desc: null }),
  k: t.string,
});

/** The opaque cursor for a position. */
export const encodeCursor = (position: CursorPosition): Cursor =>
  Buffer.from(JSON.stringify({ v: 1, r: position.rankingId, o: position.order, k: position.lastKey }), 'utf8').toString(
    'base64url',
  ) as Cursor;

const base64url = /^[A-Za-z0-9_-]+$/;

/** The position in a client's cursor, refused unless it is one `encodeCursor` wrote for the expected ranking and order. */
export const decodeCursor = (
  text: string,
  expected: { readonly rankingId: string; readonly order: SortOrder },
): Either<InvalidCursor, CursorPosition> => {
  if (text.length > maxCursorLength || !base64url.test(text)) {
    return left(invalidCursor('malformed', 'the cursor is not one this service issued'));
  }
  const json = parseJson(Buffer.from(text, 'base64url').toString('utf8'));
  const shape = CursorJson.decode(json);
  if (isLeft(shape)) return left(invalidCursor('malformed', 'the cursor is not one this service issued'));
  const { r: rankingId, o: order, k } = shape.right;
  if (rankingId.length === 0 || rankingId.length > maxRankingIdLength) {
    return left(invalidCursor('malformed', 'the cursor names no valid ranking'));
  }
  const key = parseRankingKey(k);
  if (isLeft(key)) return left(invalidCursor('malformed', 'the cursor holds no valid ranking position'));
  const position: CursorPosition = { rankingId, order, lastKey: key.right.key };
  // Only the exact text encodeCursor writes is accepted: no extra fields, padding, whitespace or reordered JSON.
  if (encodeCursor(position) !== text) return left(invalidCursor('malformed', 'the cursor is not one this service issued'));
  if (rankingId !== expected.rankingId) return left(invalidCursor('other-ranking', 'the cursor belongs to another ranking'));
  if (order !== expected.order) return left(invalidCursor('other-order', `the cursor was issued for order=${order}`));
  return right(position);
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
