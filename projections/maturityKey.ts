import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { parseCalendarDate } from '../domain/calendarDate.js';
import { encodeDecimal } from './decimalKey.js';
import type { RankingKey } from './rankingKey.js';
import { parseRankingKey, rankingKey } from './rankingKey.js';

/**
 * Sort keys for rankings by maturity date. A date `YYYY-MM-DD` is ranked as the decimal YYYYMMDD: for real calendar
 * dates numeric order is date order, and writing it as a ranking-key value keeps these keys in the one layout that
 * `rankingKey`, `parseRankingKey` and the cursor understand (value, created_at, id).
 */
const datePattern = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

const dateValue = (date: string): string => {
  if (!datePattern.test(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  return date.replaceAll('-', '');
};

/** The ranking key of a deposit maturing on `date` (ties by created_at, then id), of one version of its source if given. */
export const maturityRankingKey = (date: string, createdAt: string, id: string, version?: number): RankingKey =>
  rankingKey({ value: dateValue(date), createdAt, id, ...(version === undefined ? {} : { version }) });

/** Lowest key of any entry maturing on or after `date` (every such key is >= it, every earlier one is <). */
export const maturityLowerBound = (date: string): string => encodeDecimal(dateValue(date));

/**
 * Above every key of an entry maturing on or before `date`, below every later one: the value's key is prefix-free and
 * is followed by `!` in a ranking key, and `"` is the next character after `!`.
 */
export const maturityUpperBound = (date: string): string => `${encodeDecimal(dateValue(date))}"`;

/** The calendar month `YYYY-MM` of a date, the partition of the all-portfolios maturity view. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The maturity date a maturity ranking key was made for, undefined when the key is not one. */
export const maturityDateOfKey = (key: string): string | undefined => {
  const parsed = parseRankingKey(key);
  if (isLeft(parsed) || parsed.right.value.kind !== 'decimal') return undefined;
  const value = parsed.right.value.value;
  // Keys can come from a client's cursor: writing out a value like 1e1000000000000000 would hold the event loop for good.
  if (!value.isInteger() || value.isNegative() || value.e > 7) return undefined;
  const digits = value.toFixed();
  if (!/^[0-9]{1,8}$/.test(digits)) return undefined;
  const padded = digits.padStart(8, '0');
  const date = `${padded.slice(0, 4)}-${padded.slice(4, 6)}-${padded.slice(6, 8)}`;
  return isRight(parseCalendarDate(date)) ? date : undefined;
};
