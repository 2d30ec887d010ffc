import * as E from 'fp-ts/lib/Either.js';
import type { DecimalText } from './values.js';

// ASCII digits only; `\d` would also be ASCII here, but the explicit class keeps the grammar obvious.
const decimalGrammar = /^\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** What a client is told when a decimal field does not match the request grammar of domain.md §2. */
export const decimalGrammarMessage =
  'must be a decimal string: digits with at most one ".", optionally a leading "+" (no "-", exponent, spaces or commas)';

/** Whether the text matches the request grammar: optional `+`, digits with at most one `.`, at least one digit. */
export const isDecimalGrammar = (text: string): boolean => decimalGrammar.test(text);

/**
 * Normalises text that matches the grammar (domain.md §3): drops a leading `+` and superfluous leading zeros, adds a
 * `0` before a leading dot and keeps trailing zeros. A trailing dot carries no digits, so `"5."` becomes `"5"`.
 */
export const normaliseDecimalText = (text: string): DecimalText => {
  const unsigned = text.startsWith('+') ? text.slice(1) : text;
  const dot = unsigned.indexOf('.');
  const integer = (dot < 0 ? unsigned : unsigned.slice(0, dot)).replace(/^0+/, '') || '0';
  const fraction = dot < 0 ? '' : unsigned.slice(dot + 1);
  return (fraction === '' ? integer : `${integer}.${fraction}`) as DecimalText;
};

/** Parses request text into normalised decimal text, or says why it is not a decimal string. */
export const parseDecimalText = (text: string): E.Either<string, DecimalText> =>
  isDecimalGrammar(text) ? E.right(normaliseDecimalText(text)) : E.left(decimalGrammarMessage);

/** Decimal places as written, trailing zeros included (`"10.50"` has 2), which is what the amount rule limits. */
export const decimalPlaces = (text: DecimalText): number => {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
};
