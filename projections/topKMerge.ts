import type { SortOrder } from './cursor.js';

/** Something with a ranking sort key. */
export interface Keyed {
  readonly sk: string;
}

/**
 * Scatter-gather top-k: each list holds one partition's entries after the cursor, in reading order, with up to k + 1
 * entries. Every entry of the merged top k is then among them (an entry of a partition below its own (k+1)-th cannot be
 * in the top k), and an entry beyond the k-th tells that another page exists. Keys are ASCII, so JS string order is
 * DynamoDB's byte order.
 */
export const mergeTopK = <T extends Keyed>(lists: ReadonlyArray<ReadonlyArray<T>>, order: SortOrder, k: number): { page: T[]; more: boolean } => {
  const merged = lists.flat().sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  if (order === 'desc') merged.reverse();
  return { page: merged.slice(0, k), more: merged.length > k };
};
