import type { ReadModelItem } from './readModelItem.js';

/** One entry of a per-portfolio ranking: its ranking key and the entry as JSON text. */
export interface RankedEntry {
  readonly key: string;
  readonly entry: string;
}

/** One entry read back from a page, its entry parsed. */
export interface PageRow {
  readonly sk: string;
  readonly entry: unknown;
}

/**
 * Bytes of entries per page: far below DynamoDB's 400 KB item limit, and enough that one page holds every bank and
 * deposit of a usual portfolio (a few hundred bytes each), so one read answers any top-k of it.
 */
export const pageBytes = 64_000;

/** The attribute of a page item that holds its entries. */
export const pageEntriesAttribute = 'entries';

const byKey = (a: RankedEntry, b: RankedEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A per-portfolio ranking stored as pages: its entries in key order, cut into items of at most `maxBytes`, each under
 * the sort key of its first entry. A portfolio version's rankings are written once and never changed, so the projector
 * writes one item per page instead of one per entry (the local engine charges mostly per item), and a query reads a page.
 * Keys are ASCII, so JS string order is DynamoDB's byte order.
 */
export const rankingPages = (pk: string, entries: ReadonlyArray<RankedEntry>, sourceVersion: number, maxBytes = pageBytes): ReadModelItem[] => {
  const pages: ReadModelItem[] = [];
  let rows: string[] = [];
  let first = '';
  let bytes = 0;
  const close = () => {
    if (rows.length > 0) pages.push({ pk, sk: first, attributes: { [pageEntriesAttribute]: `[${rows.join(',')}]`, source_version: sourceVersion } });
    rows = [];
    bytes = 0;
  };
  for (const { key, entry } of [...entries].sort(byKey)) {
    // The entry is JSON already: the page holds it as a value, not as an escaped string.
    const row = `[${JSON.stringify(key)},${entry}]`;
    const size = Buffer.byteLength(row, 'utf8') + 1;
    if (rows.length > 0 && bytes + size > maxBytes) close();
    if (rows.length === 0) first = key;
    rows.push(row);
    bytes += size;
  }
  close();
  return pages;
};

/** The rows of a page item's entries attribute, in key order. */
export const pageRows = (entries: string): PageRow[] => (JSON.parse(entries) as Array<[string, unknown]>).map(([sk, entry]) => ({ sk, entry }));
