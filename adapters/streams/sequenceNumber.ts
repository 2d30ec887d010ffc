/** A DynamoDB Streams sequence number: 21 to 40 decimal digits, increasing within a shard. */
export type SequenceNumber = string & { readonly SequenceNumber: unique symbol };

const pattern = /^[0-9]{21,40}$/;

/** True for text shaped like a sequence number (it may still name no record of a given shard). */
export const isSequenceNumber = (value: unknown): value is SequenceNumber => typeof value === 'string' && pattern.test(value);

/**
 * Fixed-width text that sorts like the number it spells. Sequence numbers vary in length on AWS and do not fit a
 * DynamoDB number (38 digits), so a condition compares these strings instead.
 */
export const sequenceKey = (sequenceNumber: SequenceNumber): string => sequenceNumber.padStart(40, '0');

/** Negative, zero or positive as `a` comes before, equals or comes after `b` in a shard. */
export const compareSequenceNumbers = (a: SequenceNumber, b: SequenceNumber): number => {
  const left = sequenceKey(a);
  const right = sequenceKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
};
