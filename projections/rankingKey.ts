import { Decimal } from 'decimal.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { decodeDecimal, encodeDecimal } from './decimalKey.js';
import type { InvalidKey } from './invalidKey.js';
import { invalidKey } from './invalidKey.js';
import type { Rational } from './rationalKey.js';
import { decodeRational, encodeRational } from './rationalKey.js';

/**
 * The sort key of one ranking entry: value, then created_at, then id (domain.md §6), so the order is total and a
 * rebuilt read model sorts exactly like the live one.
 *
 * Layout: `value ! createdAt ! id`, or `value ! createdAt ! id ! version` for an entry of one version of its source.
 * - value is `encodeDecimal` (growth of banks and deposits) or `encodeRational` (growth per day of portfolios): both
 *   order like the numbers and are self-delimiting. One ranking uses one kind; the kinds never interleave correctly.
 * - createdAt is always `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC, fixed width, so text order is time order.
 * - id is printable ASCII without `!` (a uuid): non-ASCII would order differently as UTF-16 in JS than as UTF-8 bytes
 *   in DynamoDB, and `!` is the separator.
 * - `!` is below every character any part can contain, so a part that is a prefix of another's part sorts first and
 *   the parts compare as a tuple. (The value and createdAt parts are prefix-free anyway; the low separator makes that
 *   independent of the encodings and is what lets `parseRankingKey` split the key.)
 * - version (the all-portfolios rankings) makes the entries of two versions of one portfolio distinct keys, so a
 *   writer never overwrites another version's entry; it only breaks ties within one id, which never coexist for long.
 *
 * Direction: the key order is the ascending order. Descending is the exact reverse, as reading the index backwards
 * (`ScanIndexForward: false`) gives: equal values then come newest first, and equal timestamps by id descending.
 * This keeps one key per entry, and a page boundary (cursor) means the same thing in both directions.
 */
export type RankingKey = string & { readonly RankingKey: unique symbol };

/** A ranking value: a decimal (or its text) for growth, an exact fraction for growth per day. */
export type RankingValue = Decimal | string | Rational;

export interface RankingEntry {
  readonly value: RankingValue;
  /** RFC 3339 timestamp; any offset, normalised to UTC milliseconds. */
  readonly createdAt: string;
  /** The entry's uuid. */
  readonly id: string;
  /** The version of the entry's source, when entries of different versions must never share a key. */
  readonly version?: number;
}

/** Separates the parts of a ranking key; sorts below every character a part may contain. */
export const rankingKeySeparator = '!';

/** DynamoDB's limit for a sort key, in UTF-8 bytes (ranking keys are ASCII, so characters). */
export const maxSortKeyBytes = 1024;

const idPattern = /^[\x22-\x7e]+$/;

/** The sort key of a ranking entry; throws on a timestamp, id or size that our events never carry. */
export const rankingKey = (entry: RankingEntry): RankingKey => {
  const createdAt = createdAtKey(entry.createdAt);
  if (createdAt === undefined) throw new RangeError(`not an RFC 3339 timestamp in years 0000-9999: ${entry.createdAt}`);
  if (!idPattern.test(entry.id)) throw new RangeError(`a ranking id must be printable ASCII without space or '!': ${entry.id}`);
  if (entry.version !== undefined && !(Number.isSafeInteger(entry.version) && entry.version >= 0)) throw new RangeError(`not a version: ${entry.version}`);
  const parts = [valueKey(entry.value), createdAt, entry.id];
  if (entry.version !== undefined) parts.push(String(entry.version));
  const key = parts.join(rankingKeySeparator);
  if (key.length > maxSortKeyBytes) {
    throw new RangeError(`a ranking key of ${key.length} bytes exceeds DynamoDB's ${maxSortKeyBytes}`);
  }
  return key as RankingKey;
};

const valueKey = (value: RankingValue): string =>
  typeof value === 'string' || Decimal.isDecimal(value) ? encodeDecimal(value) : encodeRational(value);

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The fixed-width UTC form of an RFC 3339 timestamp (`2024-01-02T03:04:05.678Z`), undefined if it is not one.
 * Digits below the millisecond are cut off: they can only turn a strict time order into a tie, which the id then breaks.
 */
export const createdAtKey = (text: string): string | undefined => {
  const match = rfc3339.exec(text);
  if (match === null) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(Number);
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  // A day or month out of range rolls over to another date; a real calendar date comes back unchanged.
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return undefined;
  local.setUTCHours(hour, minute, second, millis);
  const offset = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const utc = new Date(local.getTime() - offset * 60_000).toISOString();
  // Outside years 0000-9999 the ISO form grows a sign and six year digits, which would break the fixed width.
  return fixedWidthUtc.test(utc) ? utc : undefined;
};

const fixedWidthUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The value of a ranking key, tagged with the encoding it was written in. */
export type RankingKeyValue =
  | { readonly kind: 'decimal'; readonly value: Decimal }
  | { readonly kind: 'rational'; readonly value: Rational };

export interface ParsedRankingKey {
  readonly key: RankingKey;
  readonly value: RankingKeyValue;
  /** Fixed-width UTC form. */
  readonly createdAt: string;
  readonly id: string;
  readonly version?: number;
}

/** The parts of a ranking key; an error unless the text is exactly what `rankingKey` writes. */
export const parseRankingKey = (key: string): Either<InvalidKey, ParsedRankingKey> => {
  if (key.length > maxSortKeyBytes) return left(invalidKey(key, 'longer than any ranking key'));
  const parts = key.split(rankingKeySeparator);
  if (parts.length !== 3 && parts.length !== 4) return left(invalidKey(key, 'a ranking key has three parts, or four with a version'));
  const [valueText = '', createdAt = '', id = '', versionText] = parts;
  if (versionText !== undefined && !(/^(0|[1-9]\d*)$/.test(versionText) && Number.isSafeInteger(Number(versionText)))) {
    return left(invalidKey(key, 'the version is not a whole number'));
  }
  if (!fixedWidthUtc.test(createdAt) || createdAtKey(createdAt) !== createdAt) {
    return left(invalidKey(key, 'created_at is not a fixed-width UTC timestamp'));
  }
  if (!idPattern.test(id)) return left(invalidKey(key, 'the id is not printable ASCII'));
  const value = parseValue(valueText);
  if (isLeft(value)) return left(invalidKey(key, `value: ${value.left.reason}`));
  return right({ key: key as RankingKey, value: value.right, createdAt, id, ...(versionText === undefined ? {} : { version: Number(versionText) }) });
};

const parseValue = (text: string): Either<InvalidKey, RankingKeyValue> => {
  const first = text.charAt(0);
  if (first === '0' || first === '1') {
    const value = decodeRational(text);
    return isLeft(value) ? value : right({ kind: 'rational', value: value.right });
  }
  const value = decodeDecimal(text);
  return isLeft(value) ? value : right({ kind: 'decimal', value: value.right });
};
