import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { SortOrder } from './cursor.js';
import type { InvalidParameter } from './invalidParameter.js';
import { invalidParameter } from './invalidParameter.js';

/** `top_k` when the client gives none (compatible with the reference). */
export const defaultTopK = 2;
/** Largest `top_k` a client may ask for. */
export const maxTopK = 1000;

/** How much of a ranking to read, and from where. */
export interface RankingParameters {
  readonly order: SortOrder;
  readonly topK: number;
  /** An opaque `next_cursor` of an earlier page. */
  readonly cursor?: string;
}

/** The raw query parameters shared by every ranking. */
export interface RankingQueryText {
  readonly order?: string;
  readonly top_k?: string;
  readonly cursor?: string;
}

/** `order` asc|desc (default desc), `top_k` an integer 0..1000 written in plain digits (default 2), `cursor` as given. */
export const parseRankingParameters = (query: RankingQueryText): Either<InvalidParameter, RankingParameters> => {
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return left(invalidParameter('order', 'must be asc or desc'));
  let topK = defaultTopK;
  if (query.top_k !== undefined) {
    if (!/^[0-9]{1,5}$/.test(query.top_k)) return left(invalidParameter('top_k', `must be an integer from 0 to ${maxTopK}`));
    topK = Number(query.top_k);
  }
  const invalid = checkRanking({ order, topK });
  if (invalid !== undefined) return left(invalid);
  if (query.cursor === '') return left(invalidParameter('cursor', 'must not be empty'));
  return right(query.cursor === undefined ? { order, topK } : { order, topK, cursor: query.cursor });
};

/** Why typed ranking parameters are out of range, or undefined when they are fine (for callers that skip parsing). */
export const checkRanking = (parameters: { readonly order: string; readonly topK: number }): InvalidParameter | undefined => {
  if (parameters.order !== 'asc' && parameters.order !== 'desc') return invalidParameter('order', 'must be asc or desc');
  if (!Number.isInteger(parameters.topK) || parameters.topK < 0 || parameters.topK > maxTopK) {
    return invalidParameter('top_k', `must be an integer from 0 to ${maxTopK}`);
  }
  return undefined;
};
