import { Decimal } from 'decimal.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { InvalidKey } from './invalidKey.js';
import { invalidKey } from './invalidKey.js';
import { decodeInteger, encodeInteger, mirror } from './orderedInteger.js';

/**
 * Sort-key text for decimals: for any finite a and b, `a < b` exactly when `encodeDecimal(a) < encodeDecimal(b)` as
 * plain strings (code-unit order, which for ASCII is DynamoDB's UTF-8 byte order), and equal values give equal text.
 *
 * Layout and why:
 *   zero      `O`
 *   positive  `P` integer(e) digits `.`
 *   negative  `N` mirror(integer(e) digits `.`)
 * where the value is ±d₁.d₂…dₙ × 10^e with d₁ ≠ 0 and dₙ ≠ 0, and integer(e) is `encodeInteger`.
 * - The class letter comes first because sign decides before magnitude: `N` < `O` < `P`.
 * - Among positives the exponent decides before the digits (any 10^e beats any 9.99…×10^(e−1)), and it is written with
 *   the unbounded integer encoding, so 1e-40, 1e1000000 and decimal.js's limit of ±9e15 all have a place.
 * - Normalising the digits (no leading or trailing zeros) is what makes `1.50` and `1.5` the same key; `-0` is zero.
 * - Digits of equal exponent compare as text once a shorter digit string sorts before its extensions (1.2 < 1.23):
 *   the terminator `.` is below every digit. It also makes the whole magnitude self-delimiting.
 * - A negative value must sort the reverse way of its magnitude. Because the magnitude text is self-delimiting,
 *   reflecting every character (`mirror`: `0`↔`9`, `.`↔`;`) reverses its order exactly; the terminator becomes `;`,
 *   above every digit, which is what a prefix needs when larger magnitudes come first (−1.2 > −1.23).
 * - Every character is printable ASCII above `!`, so a key survives JSON and DynamoDB and `!` can separate key parts.
 */
export type DecimalKey = string & { readonly DecimalKey: unique symbol };

/** Independent of any global `Decimal.set`; construction never rounds; decimal.js's widest exponents. */
const Exact = Decimal.clone({ maxE: 9e15, minE: -9e15 });

/** Order-preserving key of a finite decimal; throws on text that is not a number or a value that is not finite. */
export const encodeDecimal = (value: Decimal | string): DecimalKey => {
  const x = new Exact(value);
  if (!x.isFinite()) throw new RangeError(`encodeDecimal needs a finite decimal, got ${x.toString()}`);
  if (x.isZero()) return 'O' as DecimalKey;
  const [mantissa = '', exponent = ''] = x.toExponential().split('e');
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '');
  const magnitude = encodeInteger(BigInt(exponent)) + digits + '.';
  return (x.isNegative() ? 'N' + mirror(magnitude) : 'P' + magnitude) as DecimalKey;
};

const normalisedDigits = /^[1-9]([0-9]*[1-9])?$/;

/** The decimal a key was made from; an error unless the text is exactly what `encodeDecimal` writes. */
export const decodeDecimal = (key: string): Either<InvalidKey, Decimal> => {
  if (key === 'O') return right(new Exact(0));
  const sign = key.charAt(0);
  if (sign !== 'P' && sign !== 'N') return left(invalidKey(key, 'a decimal key starts with N, O or P'));
  const magnitude = sign === 'P' ? key.slice(1) : mirror(key.slice(1));
  if (magnitude === undefined) return left(invalidKey(key, 'a character outside the decimal key alphabet'));
  const exponent = decodeInteger(magnitude, 0);
  if (exponent === undefined) return left(invalidKey(key, 'the exponent is not a valid integer encoding'));
  if (!magnitude.endsWith('.')) return left(invalidKey(key, 'the digits are not terminated'));
  const digits = magnitude.slice(exponent.next, -1);
  if (!normalisedDigits.test(digits)) return left(invalidKey(key, 'the digits are not normalised'));
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const value = new Exact(`${sign === 'N' ? '-' : ''}${digits.charAt(0)}${fraction}e${exponent.value}`);
  // Exponents beyond decimal.js's range come back as 0 or Infinity. The checks above already admit only canonical
  // text; re-encoding keeps that true by construction should the layout ever change.
  if (!value.isFinite() || value.isZero() || encodeDecimal(value) !== key) {
    return left(invalidKey(key, 'the value is outside the decimal range or the key is not canonical'));
  }
  return right(value);
};
