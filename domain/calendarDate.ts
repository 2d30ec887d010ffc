import * as E from 'fp-ts/lib/Either.js';
import type { CalendarDate } from './values.js';

const datePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Proleptic Gregorian leap year rule. */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month (1..12) of a year. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Parses `YYYY-MM-DD` (years 0001..9999) into a calendar date that really exists, or says why not. */
export const parseCalendarDate = (text: string): E.Either<string, CalendarDate> => {
  const match = datePattern.exec(text);
  if (match === null) return E.left('must be a calendar date written YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return E.left('is not a real calendar date: the year must be from 0001 to 9999');
  if (month < 1 || month > 12) return E.left('is not a real calendar date: the month must be from 01 to 12');
  const lastDay = daysInMonth(year, month);
  if (day < 1 || day > lastDay) {
    return E.left(`is not a real calendar date: ${match[1]}-${match[2]} has days 01 to ${lastDay}`);
  }
  return E.right(text as CalendarDate);
};
