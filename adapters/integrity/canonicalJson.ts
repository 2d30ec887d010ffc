import canonicalize from 'canonicalize';

// Deeper than any value this service hashes; past it a cycle is the likely reason, which the exact path reports.
const maxFastDepth = 256;

/** Thrown inside the fast path when a value needs the exact path; never escapes this module. */
class NeedsExactPath extends Error {}
const needsExactPath = new NeedsExactPath();

/** Object keys in UTF-16 code-unit order (what `Array.prototype.sort` does), sorted in place without its scratch space. */
const sortedKeys = (record: object): string[] => {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
};

/**
 * A copy of a plain JSON value whose object members are inserted in canonical order, so that `JSON.stringify` writes
 * it canonically. Anything on which `JSON.stringify` and RFC 8785 (as the `canonicalize` package writes it) could
 * differ is left to the exact path: `toJSON`, non-plain objects, integer-like or `__proto__` keys (which JavaScript
 * does not keep in insertion order, or treats specially), functions, symbols and undefined array items, bigints,
 * non-finite numbers, and cycles.
 */
const sortedCopy = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw needsExactPath;
      return value;
    case 'object':
      break;
    default:
      throw needsExactPath;
  }
  if (value === null) return null;
  if (depth > maxFastDepth || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw needsExactPath;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (item === undefined) throw needsExactPath;
      copy[index] = sortedCopy(item, depth + 1);
    }
    return copy;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw needsExactPath;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of sortedKeys(record)) {
    const first = key.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39) || key === '__proto__') throw needsExactPath;
    const member = record[key];
    if (member === undefined || typeof member === 'symbol') continue;
    copy[key] = sortedCopy(member, depth + 1);
  }
  return copy;
};

/**
 * The RFC 8785 (JCS) canonical JSON text of a value, exactly as the `canonicalize` package writes it (the lineage
 * feed and its consumers use that package). Event hashing runs on every command, so a plain JSON value (the usual case)
 * is copied with its members in canonical order and written by one native `JSON.stringify`, instead of being assembled
 * from a string per member; any other value, and any text with a `\u` escape (a control character or a lone
 * surrogate, which must be refused), is left to `canonicalize` itself.
 */
export const canonicalJson = (value: unknown): string | undefined => {
  let text: string | undefined;
  try {
    text = JSON.stringify(sortedCopy(value, 0));
  } catch (error) {
    if (error !== needsExactPath) throw error;
    return canonicalize(value);
  }
  return text.includes('\\u') ? canonicalize(value) : text;
};
