import { Decimal } from 'decimal.js';
import type { PeriodUnit } from '../domain/periodUnit.js';
import { daysPerUnit } from '../domain/periodUnit.js';
import type { Rational } from './rationalKey.js';
import { rational } from './rationalKey.js';

/** Independent of any global `Decimal.set`; constructing from text never rounds. */
const Exact = Decimal.clone({ maxE: 9e15, minE: -9e15 });

/**
 * The all-portfolios ranking value (domain.md §6): delta growth divided by the delta period in days, as an exact
 * fraction. Why not a rounded decimal: growth / 30 or growth / (7 × 1.5) has no finite decimal, and any fixed precision
 * would need a bound on the digits of growth and period that the request grammar does not give (the period has no
 * limit on its digits, and growth grows with it). With a fraction, equal growth over the same delta is always a tie,
 * 30 days and 1 month are the same delta, and any two different ratios stay strictly ordered; `encodeRational` turns it
 * into a sort key. Throws unless the period is a positive finite decimal (the request parser guarantees it).
 */
export const growthPerDay = (growth: Decimal | string, period: Decimal | string, periodUnit: PeriodUnit): Rational => {
  const g = exactFraction(growth);
  const p = exactFraction(period);
  if (p.numerator <= 0n) throw new RangeError(`growthPerDay needs a positive period, got ${new Exact(period).toString()}`);
  return rational(g.numerator * p.denominator, g.denominator * p.numerator * BigInt(daysPerUnit[periodUnit]));
};

/**
 * Request decimals have no exponent, so their powers of ten stay within their own length; the cap only keeps a
 * corrupt value like 1e9000000000000000 from asking for a power of ten that no memory holds.
 */
const largestScale = 100_000n;

/** The exact fraction of a finite decimal: its digits over the power of ten its exponent implies. */
const exactFraction = (value: Decimal | string): Rational => {
  const x = new Exact(value);
  if (!x.isFinite()) throw new RangeError(`growthPerDay needs finite decimals, got ${x.toString()}`);
  const [mantissa = '', exponentText = ''] = x.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const scale = BigInt(exponentText) - BigInt(digits.replace('-', '').length - 1);
  if (scale > largestScale || -scale > largestScale) throw new RangeError(`growthPerDay cannot scale by 10^${scale}`);
  return scale >= 0n ? rational(BigInt(digits) * 10n ** scale, 1n) : rational(BigInt(digits), 10n ** -scale);
};
