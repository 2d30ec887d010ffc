import type { Decimal } from 'decimal.js';
import { compoundsYearly, type AccountType } from './accountType.js';
import { arithmeticFor, Dec, round2 } from './decimal.js';
import { fractionalPower } from './fractionalPower.js';

const one = new Dec(1);
const percent = new Dec('0.01');

/** The yearly rate `r = apy / 100` (exact: a decimal shift). */
export const rateOf = (apy: Decimal): Decimal => arithmeticFor(apy.sd() + 1)(apy).times(percent);

/** Simple interest `round2(P × r × years)`, the product computed exactly. */
export const simpleInterest = (amount: Decimal, rate: Decimal, years: Decimal): Decimal => {
  const D = arithmeticFor(amount.sd() + rate.sd() + years.sd());
  return round2(new D(amount).times(rate).times(years));
};

/**
 * `(1 + r)^years`. The whole years are an exact integer power (within `exactDigitLimit`), so whole-year results agree
 * with the reference to the last digit; a fractional rest multiplies in `(1 + r)^fraction` at working precision.
 */
export const growthFactor = (rate: Decimal, years: Decimal): Decimal => {
  // 1 + r needs the decimals of r, its integer digits and one more for a carry.
  const base = arithmeticFor(rate.decimalPlaces() + Math.max(rate.e, 0) + 2)(rate).plus(one);
  const whole = years.floor();
  const D = arithmeticFor(base.sd() * whole.toNumber());
  const wholePower = new D(base).pow(whole);
  // The fraction at working precision whatever arithmetic the caller's `years` came with.
  return years.eq(whole) ? wholePower : new Dec(wholePower).times(fractionalPower(base, new Dec(years).minus(whole)));
};

/** Compound-once-a-year interest `round2(P × (1 + r)^years − P)`. */
export const compoundInterest = (amount: Decimal, rate: Decimal, years: Decimal): Decimal => {
  const factor = growthFactor(rate, years);
  const D = arithmeticFor(amount.sd() + factor.sd());
  return round2(new D(amount).times(factor).minus(amount));
};

/** Interest `I` at maturity for an account type (domain.md §3): compound for all but brokerage CDs. */
export const interestFor = (type: AccountType, amount: Decimal, apy: Decimal, years: Decimal): Decimal =>
  compoundsYearly(type) ? compoundInterest(amount, rateOf(apy), years) : simpleInterest(amount, rateOf(apy), years);
