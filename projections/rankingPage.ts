import type { SortOrder } from './cursor.js';

/**
 * A page of a ranking in the reference's response shape (domain.md §6), plus our own `next_cursor`: null on the last
 * page, otherwise the opaque cursor that continues exactly after the last entry.
 */
export interface RankingPage<Entry> {
  readonly data: { readonly responses: ReadonlyArray<Entry>; readonly count_responses: number };
  readonly metadata: { readonly order: SortOrder; readonly top_k: number; readonly sort_criteria_description: string };
  readonly next_cursor: string | null;
}

/** Builds a ranking page. */
export const rankingPage = <Entry>(
  responses: ReadonlyArray<Entry>,
  metadata: { readonly order: SortOrder; readonly topK: number; readonly description: string },
  nextCursor: string | null,
): RankingPage<Entry> => ({
  data: { responses, count_responses: responses.length },
  metadata: { order: metadata.order, top_k: metadata.topK, sort_criteria_description: metadata.description },
  next_cursor: nextCursor,
});
