import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { InvalidKey } from './invalidKey.js';
import { invalidKey } from './invalidKey.js';
import { decodeInteger, decodeNatural, encodeInteger, encodeNatural, mirror } from './orderedInteger.js';

/** An exact fraction in lowest terms with a positive denominator, so equal values have equal fields. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The fraction numerator/denominator in lowest terms; throws on a zero denominator. */
export const rational = (numerator: bigint, denominator: bigint): Rational => {
  if (denominator === 0n) throw new RangeError('a rational needs a non-zero denominator');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator < 0n ? -denominator : denominator);
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
};

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/**
 * Sort-key text for exact fractions: `a < b` exactly when `encodeRational(a) < encodeRational(b)` as plain strings, and
 * equal fractions give equal text. Used where a ranking value is a quotient that has no finite decimal (growth per day
 * of a 30-day month), so that no rounding can merge two different values or split two equal ones.
 *
 * Why continued fractions: x = a₀ + 1/(a₁ + 1/(a₂ + …)) with a₀ any integer and a₁, a₂, … ≥ 1 is finite and
 * unique for every fraction (the last term ≥ 2, which Euclid's algorithm yields), and two fractions compare at their
 * first differing term: a larger a₀, a₂, a₄, … means a larger x, a larger a₁, a₃, … a smaller x, and a missing term
 * counts as infinite. So the key is
 *   integer(a₀)  natural(a₁) mirrored  natural(a₂)  natural(a₃) mirrored  …  end
 * with the unbounded self-delimiting encodings of `orderedInteger`, odd terms mirrored to reverse their order, and an
 * end mark that acts as an infinite next term: `;` (above every digit) where that term would count upwards, `.` (below
 * every digit) where it would count downwards. Length grows linearly with the digits of the fraction: about two
 * characters per denominator digit typically, at most about ten (all terms 1, the Fibonacci worst case).
 * Keys start with `0` or `1` (the sign of a₀), never with a decimal key's class letter, so the two kinds stay apart.
 */
export const encodeRational = (value: Rational): string => {
  const { numerator, denominator } = value;
  if (denominator <= 0n) throw new RangeError('encodeRational needs a positive denominator');
  const whole = floorDivide(numerator, denominator);
  let key = encodeInteger(whole);
  let [dividend, divisor] = [denominator, numerator - whole * denominator];
  let term = 1;
  while (divisor !== 0n) {
    const quotient = dividend / divisor;
    key += term % 2 === 1 ? mirror(encodeNatural(quotient)) : encodeNatural(quotient);
    [dividend, divisor] = [divisor, dividend - quotient * divisor];
    term += 1;
  }
  return key + (term % 2 === 1 ? '.' : ';');
};

const floorDivide = (a: bigint, b: bigint): bigint => {
  const quotient = a / b;
  return quotient * b !== a && a < 0n !== b < 0n ? quotient - 1n : quotient;
};

/** The fraction a key was made from; an error unless the text is exactly what `encodeRational` writes. */
export const decodeRational = (key: string): Either<InvalidKey, Rational> => {
  const whole = decodeInteger(key, 0);
  if (whole === undefined) return left(invalidKey(key, 'a rational key starts with a valid integer encoding'));
  const terms: bigint[] = [];
  let at = whole.next;
  while (at < key.length - 1) {
    const odd = terms.length % 2 === 0;
    const text = odd ? mirror(key.slice(at, -1)) : key.slice(at, -1);
    const term = text === undefined ? undefined : decodeNatural(text, 0);
    if (term === undefined || term.value === 0n) {
      return left(invalidKey(key, `term ${terms.length + 1} is not a positive integer`));
    }
    terms.push(term.value);
    at += term.next;
  }
  let [numerator, denominator] = [1n, 0n];
  for (const term of [...terms].reverse()) [numerator, denominator] = [term * numerator + denominator, numerator];
  if (at !== key.length - 1) return left(invalidKey(key, 'the key has no end mark'));
  const value = rational(whole.value * numerator + denominator, numerator);
  // Re-encoding rejects a wrong end mark and a last term of 1, the only other ways to spell the same fraction.
  return encodeRational(value) === key ? right(value) : left(invalidKey(key, 'the key is not canonical'));
};
