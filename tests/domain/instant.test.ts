import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../domain/instant.js';

const parsed = (text: string) => {
  const result = parseInstant(text);
  return isRight(result) ? result.right : `refused: ${result.left}`;
};

describe('parseInstant', () => {
  it('gives the UTC instant with milliseconds that stored times are written in, whatever the offset', () => {
    expect(parsed('2026-01-31T12:00:00Z')).toBe('2026-01-31T12:00:00.000Z');
    expect(parsed('2026-01-31T12:00:00.5+05:30')).toBe('2026-01-31T06:30:00.500Z');
    expect(parsed('2026-01-31 12:00:00z')).toBe('2026-01-31T12:00:00.000Z');
    // Years below 100 as written, with either separator (a legacy parse would read 0050 as 1950).
    expect(parsed('0050-01-31 12:00:00Z')).toBe('0050-01-31T12:00:00.000Z');
    expect(parsed('0026-01-31 12:00:00z')).toBe('0026-01-31T12:00:00.000Z');
    expect(parsed('0049-12-31 23:59:59+01:00')).toBe('0049-12-31T22:59:59.000Z');
    // Digits past the millisecond are cut, never rounded up: an event at .123 is not after .1239.
    expect(parsed('2026-01-31T12:00:00.123999999-00:00')).toBe('2026-01-31T12:00:00.123Z');
  });

  it('refuses a time without an offset, which would be read in the zone of whoever runs the read', () => {
    expect(parsed('2026-01-31T12:00:00')).toMatch(/^refused: must be an RFC 3339 date-time with a UTC offset/);
  });

  it('refuses dates and times that do not exist rather than rolling them over', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-11-31T00:00:00Z', '2026-01-31T24:00:00Z', '2026-01-31T12:60:00Z', '2026-01-31T12:00:60Z', '2026-01-31T12:00:00+24:00', '0000-01-01T00:00:00Z']) {
      expect(parsed(text), text).toMatch(/^refused: /);
    }
    expect(parsed('2026-02-30T00:00:00Z')).toContain('2026-02-30 is not a real calendar date');
  });

  it('reads an instant past year 9999 as the last instant a stored time can have, so it still sorts after them all', () => {
    expect(parsed('9999-12-31T23:59:59.999-23:59')).toBe('9999-12-31T23:59:59.999Z');
    expect(parsed('9999-12-31T23:59:59.999-23:59') > '9999-12-31T23:59:59.998Z').toBe(true);
  });

  it('keeps the order of instants, as text, for any two valid date-times and offsets', () => {
    const dateTime = fc
      .record({
        millis: fc.integer({ min: Date.parse('0001-01-02T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
        offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      })
      .map(({ millis, offset }) => {
        const local = new Date(millis + offset * 60_000).toISOString().slice(0, 23);
        const abs = Math.abs(offset);
        return { millis, text: `${millis % 2 === 0 ? local : local.replace('T', ' ')}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}` };
      });
    fc.assert(
      fc.property(dateTime, dateTime, (a, b) => {
        const [x, y] = [parseInstant(a.text), parseInstant(b.text)];
        if (isLeft(x) || isLeft(y)) return false;
        expect(x.right).toBe(new Date(a.millis).toISOString());
        expect(x.right < y.right ? -1 : x.right > y.right ? 1 : 0).toBe(Math.sign(a.millis - b.millis));
        return true;
      }),
    );
  });
});
