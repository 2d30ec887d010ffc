import fc from 'fast-check';

const digitString = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength });

/** Exponents both near zero (so values collide and share digits) and anywhere in ±10^6. */
const exponent = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.integer({ min: -60, max: 60 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

/**
 * Decimal text of wildly varying magnitude, sign and scale, as decimal.js parses it: `±int.frac e±exp` with leading and
 * trailing zeros kept, so many spellings of one value occur.
 */
export const anyDecimalText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '-', '+'), digitString(25), fc.option(digitString(25), { nil: undefined }), exponent)
  .map(([sign, integer, fraction, exp]) => `${sign}${integer}${fraction === undefined ? '' : `.${fraction}`}e${exp}`);

/** Few distinct digit strings and exponents, so ties, shared prefixes (1.2 / 1.23) and neighbours are frequent. */
export const crowdedDecimalText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.constantFrom('0', '1', '10', '100', '12', '120', '123', '1230', '13', '2', '9', '99', '999', '0.001'),
    fc.integer({ min: -2, max: 2 }),
  )
  .map(([sign, digits, exp]) => `${sign}${digits}e${exp}`);

/** Values near the edges of decimal.js's exponent range (±9e15), plus zero spellings. */
export const extremeDecimalText: fc.Arbitrary<string> = fc.constantFrom(
  '9e9000000000000000',
  '-9e9000000000000000',
  '1e9000000000000000',
  '1e-9000000000000000',
  '-1e-9000000000000000',
  '9.999999999999999999999999e8999999999999999',
  '1e-8999999999999999',
  '0',
  '-0',
  '0e-100',
);

/** Every kind of decimal text above. */
export const decimalText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: anyDecimalText },
  { weight: 4, arbitrary: crowdedDecimalText },
  { weight: 1, arbitrary: extremeDecimalText },
);
