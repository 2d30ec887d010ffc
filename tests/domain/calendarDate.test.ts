import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, isLeapYear, parseCalendarDate } from '../../domain/calendarDate.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Whether the platform's proleptic Gregorian calendar has this date (setUTCFullYear avoids the 19xx mapping). */
const platformHasDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

describe('calendar date', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-02-28', '0001-01-01', '9999-12-31', '2023-04-30', '2023-12-31'])(
    'accepts the real date %s as written',
    (text) => {
      expect(parseCalendarDate(text)).toEqual(E.right(text));
    },
  );

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-02-30',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '0000-01-01',
    '201901-01',
    '2023-1-01',
    '23-01-01',
    '2023/01/01',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '+02023-01-01',
    '１２３４-01-01',
    '',
  ])('rejects %j', (text) => {
    expect(E.isLeft(parseCalendarDate(text))).toBe(true);
  });

  it('agrees with the platform calendar for every year, month and day number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        expect(E.isRight(parseCalendarDate(text))).toBe(m >= 1 && m <= 12 && platformHasDate(y, m, d));
      }),
    );
  });

  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2023, 2024, 2100, 2400].map(isLeapYear)).toEqual([false, true, false, true, false, true]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 9)).toBe(30);
  });
});
