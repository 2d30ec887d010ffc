import { Decimal } from 'decimal.js';
import { Dec, productArithmetic } from './decimal.js';
import type { CalendarDate } from './values.js';

const daysPerYear = new Dec(365);

/** Term length in days: `round_half_even(years × 365)` (0.5 y → 182, 1.5 y → 548, 2.5 y → 912), from the exact product. */
export const termDays = (years: Decimal): number =>
  new (productArithmetic(years.sd()))(years).times(daysPerYear).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();

// Days since 1970-01-01 in the proleptic Gregorian calendar, counted in 400-year eras of 146097 days
// (H. Hinnant's civil-days algorithm): integer arithmetic only, so no time zone or host clock can creep in.
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
};

const civilFromDays = (days: number): { year: number; month: number; day: number } => {
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** The date `days` calendar days after `date` (no leap-day correction); throws past year 9999, which `YYYY` cannot write. */
export const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const result = civilFromDays(daysFromCivil(year, month, day) + days);
  if (result.year < 1 || result.year > 9999) {
    throw new RangeError(`the maturity date falls in year ${result.year}, outside 0001..9999`);
  }
  return `${String(result.year).padStart(4, '0')}-${twoDigits(result.month)}-${twoDigits(result.day)}` as CalendarDate;
};

/** Maturity date: the start date plus `round_half_even(years × 365)` days, plain calendar arithmetic in the bank's zone. */
export const maturityDate = (start: CalendarDate, years: Decimal): CalendarDate => addDays(start, termDays(years));
