import * as E from 'fp-ts/lib/Either.js';
import type { Decimal } from 'decimal.js';
import { Dec } from '../decimal.js';
import { parseDecimalText } from '../decimalText.js';

/**
 * A figure of the rules' input as a decimal, or undefined when it is missing or not a decimal string. Findings must
 * never block a proposal, so a figure the rules cannot read is passed over instead of throwing.
 */
export const inputDecimal = (text: string | null | undefined): Decimal | undefined => {
  if (typeof text !== 'string') return undefined;
  const parsed = parseDecimalText(text);
  return E.isRight(parsed) ? new Dec(parsed.right) : undefined;
};

/** Money text with exactly 2 decimals; every input amount has at most 2, so nothing is rounded away. */
export const moneyText = (value: Decimal): string => value.toFixed(2);
