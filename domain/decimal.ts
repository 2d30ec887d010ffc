import { Decimal } from 'decimal.js';

/**
 * Significant digits of the working arithmetic. The largest figure a valid request can produce is about
 * 1e15 × 2^100 ≈ 1.3e45, so cents need 48 digits; the rest are guard digits for fractional powers and divisions.
 */
export const workingPrecision = 64;

/** The decimal arithmetic of every calculation: `workingPrecision` significant digits, ties to even. */
export const Dec = Decimal.clone({ precision: workingPrecision, rounding: Decimal.ROUND_HALF_EVEN });

/**
 * Unrounded arithmetic for products and whole powers whose digit count the caller has bounded
 * (multiplication, addition and integer powers are then exact; a division would never end, so only `divToInt`).
 */
export const ExactDec = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_EVEN });

/** Above this many digits an exact result costs more than it can matter, so working precision takes over. */
const exactDigitLimit = 2000;

/** The arithmetic that keeps a result of at most `digits` significant digits exact, or working precision beyond the limit. */
export const arithmeticFor = (digits: number): Decimal.Constructor => (digits <= exactDigitLimit ? ExactDec : Dec);

/** Operands up to this many digits are short: a product with at most one longer operand costs time linear in it. */
const shortOperandDigits = 64;

/**
 * The arithmetic for a product (or sum) of operands with these digit counts: exact when at most one operand is long,
 * which costs linear time however long it is, and otherwise while the long operands' digit counts multiply to at most
 * `exactDigitLimit`², the work of one exact product of two `exactDigitLimit`-digit numbers. Past that, working precision:
 * then an input of thousands of digits could land a figure on a rounding tie it is not on.
 */
export const productArithmetic = (...operandDigits: ReadonlyArray<number>): Decimal.Constructor => {
  const long = operandDigits.filter((digits) => digits > shortOperandDigits);
  return long.length <= 1 || long.reduce((work, digits) => work * digits, 1) <= exactDigitLimit ** 2 ? ExactDec : Dec;
};

/** Rounds to 2 decimal places, half to even (banker's rounding), as a working-precision value. */
export const round2 = (value: Decimal): Decimal => new Dec(value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN));

/** Money text with exactly 2 decimals (`"0.00"`, `"21.68"`), rounding half to even if needed. */
export const cents = (value: Decimal): string => value.toFixed(2, Decimal.ROUND_HALF_EVEN);
