import type { Decimal } from 'decimal.js';
import { compoundsYearly, type AccountType } from './accountType.js';
import { arithmeticFor, Dec, productArithmetic, round2, workingPrecision } from './decimal.js';
import { fractionalPower } from './fractionalPower.js';

const one = new Dec(1);
const percent = new Dec('0.01');

/** The yearly rate `r = apy / 100` (exact: a decimal shift). */
export const rateOf = (apy: Decimal): Decimal => productArithmetic(apy.sd())(apy).times(percent);

/** Simple interest `round2(P × r × years)`, the product computed exactly. */
export const simpleInterest = (amount: Decimal, rate: Decimal, years: Decimal): Decimal => {
  const D = productArithmetic(amount.sd(), rate.sd(), years.sd());
  return round2(new D(amount).times(rate).times(years));
};

/**
 * `(1 + r)^years`. The whole years are an exact integer power (within `exactDigitLimit`), so whole-year results agree
 * with the reference to the last digit; a fractional rest multiplies in `(1 + r)^fraction` at working precision.
 */
export const growthFactor = (rate: Decimal, years: Decimal): Decimal => {
  // 1 + r exactly: a sum costs time linear in the digits of r, however many.
  const exactBase = productArithmetic(rate.sd())(rate).plus(one);
  // A power's work grows with the square of its digits: past the exact limit it starts from the base at working precision.
  const base = arithmeticFor(exactBase.sd()) === Dec ? exactBase.toSignificantDigits(workingPrecision) : exactBase;
  const whole = years.floor();
  const wholePower = whole.lte(1) ? (whole.isZero() ? new Dec(1) : exactBase) : new (arithmeticFor(base.sd() * whole.toNumber()))(base).pow(whole);
  // The fraction at working precision whatever arithmetic the caller's `years` came with.
  return years.eq(whole) ? wholePower : new Dec(wholePower).times(fractionalPower(base, new Dec(years).minus(whole)));
};

/** Compound-once-a-year interest `round2(P × (1 + r)^years − P)`. */
export const compoundInterest = (amount: Decimal, rate: Decimal, years: Decimal): Decimal => {
  const factor = growthFactor(rate, years);
  const D = productArithmetic(amount.sd(), factor.sd());
  return round2(new D(amount).times(factor).minus(amount));
};

/** Interest `I` at maturity for an account type (domain.md §3): compound for all but brokerage CDs. */
export const interestFor = (type: AccountType, amount: Decimal, apy: Decimal, years: Decimal): Decimal =>
  compoundsYearly(type) ? compoundInterest(amount, rateOf(apy), years) : simpleInterest(amount, rateOf(apy), years);
