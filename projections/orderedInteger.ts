/**
 * Order-preserving, self-delimiting text for integers of any size: the building block of the decimal and rational
 * sort keys.
 *
 * Why this layout:
 * - Comparing digit strings of different lengths as text is wrong (`"9" > "10"`), so a natural number is written as
 *   its length, then its digits. One length digit `1`..`8` covers lengths 1..8; a longer length L is `9` followed by
 *   this same encoding of L − 9. That makes the encoding unbounded (no exponent or quotient is ever too large) while
 *   small numbers stay one character longer than their digits.
 * - Every encoding is self-delimiting: none is a proper prefix of another. For such a set of strings, text order is
 *   decided at the first differing character, so mapping each character through an order-reversing map (`mirror`)
 *   exactly reverses the order of the whole strings. That is how negative integers are written here, and how the
 *   decimal key puts larger negative magnitudes first.
 * - An integer is `1` + natural(n) when n ≥ 0 and `0` + mirror(natural(−n)) when n < 0: every negative sorts below
 *   every non-negative, and among negatives the larger magnitude sorts first.
 *
 * The alphabet is the ten digits plus `.` and `;`, which `mirror` swaps around the middle of the digit range
 * (`.` < `0`..`9` < `;`). All are printable ASCII above `!`, so keys survive JSON, URLs (inside a cursor) and DynamoDB,
 * and `!` stays free as a separator that sorts below every character of a key part.
 */

const shortestLengthPrefixed = 8;

/** Order-preserving, self-delimiting text for a natural number (n ≥ 0). */
export const encodeNatural = (n: bigint): string => {
  if (n < 0n) throw new RangeError(`encodeNatural needs a natural number, got ${n}`);
  const digits = n.toString();
  return lengthPrefix(digits.length) + digits;
};

const lengthPrefix = (length: number): string =>
  length <= shortestLengthPrefixed ? String(length) : '9' + encodeNatural(BigInt(length - shortestLengthPrefixed - 1));

/** Order-preserving, self-delimiting text for any integer. */
export const encodeInteger = (n: bigint): string => (n >= 0n ? '1' + encodeNatural(n) : '0' + mirror(encodeNatural(-n)));

/** Lowest and highest character of the key alphabet; `mirror` swaps characters around their midpoint. */
const lowest = '.'.charCodeAt(0);
const highest = ';'.charCodeAt(0);

/**
 * Reverses the text order of self-delimiting keys by reflecting every character of the alphabet (`0`↔`9`, `.`↔`;`);
 * undefined when a character lies outside the alphabet, so decoders can reject foreign text.
 */
export const mirror = (text: string): string | undefined => {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < lowest || code > highest) return undefined;
    out += String.fromCharCode(lowest + highest - code);
  }
  return out;
};

/** A decoded value and the index just after its text. */
export interface Decoded<T> {
  readonly value: T;
  readonly next: number;
}

const digitsOnly = /^[0-9]+$/;

/** Reads one `encodeNatural` text starting at `at`; undefined unless it is exactly what `encodeNatural` writes. */
export const decodeNatural = (text: string, at: number): Decoded<bigint> | undefined => {
  const length = decodeLength(text, at);
  if (length === undefined) return undefined;
  const digits = text.slice(length.next, length.next + length.value);
  if (digits.length !== length.value || !digitsOnly.test(digits)) return undefined;
  if (digits.length > 1 && digits.startsWith('0')) return undefined;
  return { value: BigInt(digits), next: length.next + length.value };
};

const decodeLength = (text: string, at: number): Decoded<number> | undefined => {
  const first = text.charAt(at);
  if (first >= '1' && first <= '8') return { value: Number(first), next: at + 1 };
  if (first !== '9') return undefined;
  const rest = decodeNatural(text, at + 1);
  if (rest === undefined) return undefined;
  const length = rest.value + BigInt(shortestLengthPrefixed + 1);
  // A length beyond the text cannot be real; checking here also keeps Number() exact.
  if (length > BigInt(text.length)) return undefined;
  return { value: Number(length), next: rest.next };
};

/** Reads one `encodeInteger` text starting at `at`; undefined unless it is exactly what `encodeInteger` writes. */
export const decodeInteger = (text: string, at: number): Decoded<bigint> | undefined => {
  const sign = text.charAt(at);
  if (sign === '1') return decodeNatural(text, at + 1);
  if (sign !== '0') return undefined;
  // The mirrored natural is self-delimiting too, so mirroring the rest of the text and reading one natural is exact.
  const mirrored = mirrorPrefix(text.slice(at + 1));
  const magnitude = decodeNatural(mirrored, 0);
  if (magnitude === undefined || magnitude.value === 0n) return undefined;
  return { value: -magnitude.value, next: at + 1 + magnitude.next };
};

/** Mirrors the leading run of alphabet characters (a mirrored natural never extends past it). */
const mirrorPrefix = (text: string): string => {
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code < lowest || code > highest) break;
    end += 1;
  }
  return mirror(text.slice(0, end)) ?? '';
};
