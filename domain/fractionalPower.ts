import { Decimal } from 'decimal.js';
import { Dec, workingPrecision } from './decimal.js';

/*
 * x^f for 1 <= x <= 2 and 0 < f < 1 as exp(f × ln x), about five times faster than decimal.js `pow`, which spends
 * its time on general argument reduction and on comparing digit strings to stop its series.
 *
 * Both functions first multiply by short factors 1 ± i/100^k (k = 1..5, i < 100 except at the first level), whose
 * logarithms come from a table: ln x = ln(x × Π(1 − i/100^k)) − Σ ln(1 − i/100^k), and
 * exp t = Π(1 + i/100^k) × exp(t − Σ ln(1 + i/100^k)). A short factor makes each step a cheap, exact product, and what
 * is left is within 1e-10 of 1 (or of 0), so the remaining series need only a handful of terms.
 * Everything runs at `seriesPrecision` (12 guard digits), so the result rounded to working precision is the correctly
 * rounded one unless the true value lies within about 1e-74 of a rounding boundary.
 */
const seriesPrecision = workingPrecision + 12;
const Series = Decimal.clone({ precision: seriesPrecision, rounding: Decimal.ROUND_HALF_EVEN });

const one = new Series(1);
const levels = [1, 2, 3, 4, 5].map((k) => 100 ** k);

// Series terms shrink fast, and a term of magnitude 10^e only needs seriesPrecision + e digits: computing it in an
// arithmetic of that precision keeps the operands short, and decimal.js multiplies in time proportional to their lengths.
const shorterArithmetic = new Map<number, Decimal.Constructor>();
const arithmeticForTerm = (magnitude: number): Decimal.Constructor | undefined => {
  const digits = seriesPrecision + magnitude + 2;
  if (digits <= 0) return undefined;
  const words = Math.ceil(digits / 7);
  let arithmetic = shorterArithmetic.get(words);
  if (arithmetic === undefined) {
    arithmetic = Decimal.clone({ precision: words * 7, rounding: Decimal.ROUND_HALF_EVEN });
    shorterArithmetic.set(words, arithmetic);
  }
  return arithmetic;
};

/** ln y = 2·atanh((y − 1)/(y + 1)) by its series; fast for y close to 1. */
const lnSeries = (y: Decimal): Decimal => {
  const z = y.minus(one).div(y.plus(one));
  if (z.isZero()) return z;
  const z2 = z.times(z);
  let power = z;
  let atanh = z;
  for (let k = 3; ; k += 2) {
    const Shorter = arithmeticForTerm(power.e + z2.e + 1);
    if (Shorter === undefined) break;
    power = new Shorter(power).times(z2);
    atanh = atanh.plus(power.div(k));
  }
  return atanh.times(2);
};

/** exp t by its Taylor series; fast for small t. */
const expSeries = (t: Decimal): Decimal => {
  let term = one;
  let sum = one;
  for (let k = 1; !t.isZero(); k += 1) {
    const Shorter = arithmeticForTerm(term.e + t.e + 1);
    if (Shorter === undefined) break;
    term = new Shorter(term).times(t).div(k);
    sum = sum.plus(term);
  }
  return sum;
};

interface Factor {
  /** `1 ± i/100^k`, exact and short. */
  readonly factor: Decimal;
  readonly ln: Decimal;
}

/**
 * The factors `1 + sign × i/100^level` and their logarithms, each filled on first use: the first level with decimal.js
 * `ln` (factors up to e), deeper ones with the series above (factors within 1% of 1 converge in a few dozen terms).
 * Filling is deterministic, so the cache never changes a result; it only spares computing a constant twice.
 */
const factorTable = (sign: 1 | -1): ((level: number, i: number) => Factor) => {
  const entries = new Map<number, Factor>();
  return (level, i) => {
    const key = i * levels.length + level;
    let entry = entries.get(key);
    if (entry === undefined) {
      const factor = one.plus(new Series(sign * i).div(levels[level] as number));
      entry = { factor, ln: level === 0 ? factor.ln() : lnSeries(factor) };
      entries.set(key, entry);
    }
    return entry;
  };
};
const shrinking = factorTable(-1);
const growing = factorTable(1);

/**
 * An approximation of `small` (|small| < 1) from its two leading base-1e7 words; `toNumber` would print and reparse all
 * digits. The binary float only chooses which factor to take out: a factor off by one leaves a remainder slightly
 * larger or of the other sign, which the series still converge on, so the float never reaches a digit of the result.
 */
const approximate = (small: Decimal): number => {
  const [first = 0, second = 0] = small.d;
  if (first === 0) return 0;
  const firstDigits = first >= 1e6 ? 7 : String(first).length;
  return small.s * (first + second / 1e7) * 10 ** (small.e - firstDigits + 1);
};

const indexAt = (value: number, level: number): number => Math.max(0, Math.floor(value * (levels[level] as number)));

/** ln x for 1 <= x <= 2: bring x to within 1e-10 of 1 with factors 1 − i/100^k, then the series. */
const lnNearOne = (x: Decimal): Decimal => {
  let y = x;
  let sum = new Series(0);
  for (let level = 0; level < levels.length; level += 1) {
    const excess = approximate(y.minus(one));
    const i = indexAt(excess / (1 + excess), level); // y × (1 − i/100^k) stays >= 1
    if (i > 0) {
      const { factor, ln } = shrinking(level, i);
      y = y.times(factor);
      sum = sum.minus(ln);
    }
  }
  return sum.plus(lnSeries(y));
};

/** exp t for 0 <= t < 1: take out ln(1 + i/100^k) until less than 1e-10 is left, then the series. */
const expBelowOne = (t: Decimal): Decimal => {
  let rest = t;
  let product = one;
  for (let level = 0; level < levels.length; level += 1) {
    const i = indexAt(Math.expm1(approximate(rest)), level); // ln(1 + i/100^k) <= rest
    if (i > 0) {
      const { factor, ln } = growing(level, i);
      rest = rest.minus(ln);
      product = product.times(factor);
    }
  }
  return product.times(expSeries(rest));
};

/** `base^exponent` at working precision for `1 <= base <= 2` and `0 < exponent < 1`; other arguments use decimal.js `pow`. */
export const fractionalPower = (base: Decimal, exponent: Decimal): Decimal => {
  const x = new Series(base);
  const f = new Series(exponent);
  if (x.lt(1) || x.gt(2) || f.lte(0) || f.gte(1)) return new Dec(base).pow(exponent);
  if (x.eq(1)) return new Dec(1);
  return new Dec(expBelowOne(f.times(lnNearOne(x)))).toSignificantDigits(workingPrecision);
};
