import * as E from 'fp-ts/lib/Either.js';
import { parseCalendarDate } from './calendarDate.js';

const dateTimePattern = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** The latest instant a stored time (UTC, `toISOString` form) can be: later bounds all mean "now". */
const latestStoredInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const problem = 'must be an RFC 3339 date-time with a UTC offset, e.g. 2026-01-31T12:00:00Z';

/**
 * Parses an RFC 3339 date-time (an offset is required: a local time would depend on the reader's zone) into the UTC
 * text with milliseconds that stored times are written in, so the two compare as strings. An instant past year 9999
 * comes back as the last one of that year: beyond it `toISOString` writes `+010000-…`, which sorts before every year.
 */
export const parseInstant = (text: string): E.Either<string, string> => {
  const match = dateTimePattern.exec(text);
  if (match === null) return E.left(problem);
  const [, date, hours, minutes, seconds, , offsetHours, offsetMinutes] = match;
  // Date.parse rolls impossible dates and times over (11-31 becomes 12-01, 24:00 the next day): refuse them instead.
  if (E.isLeft(parseCalendarDate(date!))) return E.left(`${problem}; ${date} is not a real calendar date`);
  const withinRange = Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 59 && Number(offsetHours ?? 0) <= 23 && Number(offsetMinutes ?? 0) <= 59;
  // The ISO form Date.parse reads by the standard: with a space it falls back to a legacy parser that reads year 0050
  // as 1950.
  const millis = Date.parse(`${text.slice(0, 10)}T${text.slice(11).toUpperCase()}`);
  if (!withinRange || Number.isNaN(millis)) return E.left(problem);
  return E.right(new Date(Math.min(millis, latestStoredInstant)).toISOString());
};
