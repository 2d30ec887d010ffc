import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { parseCalendarDate } from '../domain/calendarDate.js';
import type { InvalidParameter } from './invalidParameter.js';
import { invalidParameter } from './invalidParameter.js';
import { monthOf } from './maturityKey.js';

/** Longest window, in calendar months touched: ten years of rollover outreach, and a bound on partitions read. */
export const maxMaturingWindowMonths = 120;

/** A window of maturity dates, both ends included, and the month partitions it touches in ascending order. */
export interface MaturingWindow {
  readonly from: string;
  readonly to: string;
  readonly months: ReadonlyArray<string>;
}

const nextMonth = (month: string): string => {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
};

/** The `from` and `to` query parameters: real calendar dates `YYYY-MM-DD`, from <= to, at most 120 months apart. */
export const parseMaturingWindow = (from: string | undefined, to: string | undefined): Either<InvalidParameter, MaturingWindow> => {
  if (from === undefined) return left(invalidParameter('from', 'is required: the first maturity date, YYYY-MM-DD'));
  if (to === undefined) return left(invalidParameter('to', 'is required: the last maturity date, YYYY-MM-DD'));
  const fromDate = parseCalendarDate(from);
  if (isLeft(fromDate)) return left(invalidParameter('from', fromDate.left));
  const toDate = parseCalendarDate(to);
  if (isLeft(toDate)) return left(invalidParameter('to', toDate.left));
  if (to < from) return left(invalidParameter('to', 'must not be before from'));
  const months = [monthOf(from)];
  const last = monthOf(to);
  while (months[months.length - 1] !== last) {
    if (months.length >= maxMaturingWindowMonths) {
      return left(invalidParameter('to', `the window may span at most ${maxMaturingWindowMonths} calendar months`));
    }
    months.push(nextMonth(months[months.length - 1]!));
  }
  return right({ from, to, months });
};
