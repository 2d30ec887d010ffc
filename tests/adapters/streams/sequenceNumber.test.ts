import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSequenceNumbers, isSequenceNumber, sequenceKey, type SequenceNumber } from '../../../adapters/streams/sequenceNumber.js';

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((chars) => chars.join(''));

// Sequence numbers as AWS and DynamoDB Local write them: 21 to 40 digits, DynamoDB Local's zero-padded.
const sequenceNumber = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 21n - 1n }).map((n) => n.toString().padStart(21, '0')),
  fc.tuple(fc.constantFrom(...'123456789'), digits(20, 39)).map(([head, tail]) => head + tail),
) as fc.Arbitrary<SequenceNumber>;

describe('stream sequence numbers', () => {
  it('accepts 21 to 40 digits and nothing else', () => {
    expect(isSequenceNumber('000000000000000000001')).toBe(true);
    expect(isSequenceNumber('1'.repeat(40))).toBe(true);
    expect(isSequenceNumber('1'.repeat(20))).toBe(false);
    expect(isSequenceNumber('1'.repeat(41))).toBe(false);
    expect(isSequenceNumber('00000000000000000000x')).toBe(false);
    expect(isSequenceNumber(123456789)).toBe(false);
  });

  it('keys sort as text exactly as the numbers they spell', () => {
    fc.assert(
      fc.property(sequenceNumber, sequenceNumber, (a, b) => {
        const numeric = BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
        const textual = sequenceKey(a) < sequenceKey(b) ? -1 : sequenceKey(a) > sequenceKey(b) ? 1 : 0;
        expect(textual).toBe(numeric);
        expect(Math.sign(compareSequenceNumbers(a, b))).toBe(numeric);
      }),
    );
  });

  it('orders numbers of different lengths by value, not by text', () => {
    const short = '900000000000000000000' as SequenceNumber;
    const long = '1000000000000000000000' as SequenceNumber;
    expect(short > long).toBe(true);
    expect(compareSequenceNumbers(short, long)).toBeLessThan(0);
  });
});
