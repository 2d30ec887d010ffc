import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageRows, rankingPages } from '../../projections/rankingPages.js';

const entries = fc.uniqueArray(
  fc.record({ key: fc.string({ unit: fc.constantFrom('0', '1', '9', 'A', 'z', '!', '-', '~'), minLength: 1, maxLength: 12 }), value: fc.jsonValue() }),
  { selector: (entry) => entry.key, maxLength: 80 },
);

describe('rankingPages', () => {
  it('cuts a ranking into pages in key order, each under its first key and within the byte bound, losing nothing', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 400 }), (list, maxBytes) => {
        const ranked = list.map(({ key, value }) => ({ key, entry: JSON.stringify(value) }));
        const pages = rankingPages('rank#p', ranked, 7, maxBytes);
        const rows = pages.flatMap((page) => pageRows(String(page.attributes.entries)));
        const sorted = [...list].sort((a, b) => (a.key < b.key ? -1 : 1));
        expect(rows.map((row) => row.sk)).toEqual(sorted.map((entry) => entry.key));
        expect(rows.map((row) => row.entry)).toEqual(sorted.map((entry) => JSON.parse(JSON.stringify(entry.value))));
        for (const page of pages) {
          const own = pageRows(String(page.attributes.entries));
          expect(own.length).toBeGreaterThan(0);
          expect(page).toMatchObject({ pk: 'rank#p', sk: own[0]!.sk, attributes: { source_version: 7 } });
          // A page over the bound holds a single entry that alone exceeds it.
          if (own.length > 1) expect(Buffer.byteLength(String(page.attributes.entries))).toBeLessThanOrEqual(maxBytes + 2);
        }
      }),
    );
  });

  it('writes nothing for an empty ranking', () => {
    expect(rankingPages('rank#p', [], 1)).toEqual([]);
  });
});
