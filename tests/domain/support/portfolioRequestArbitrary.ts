import fc from 'fast-check';
import { accountTypes } from '../../../domain/accountType.js';
import { periodUnits } from '../../../domain/periodUnit.js';
import type { DepositRequest, PortfolioRequest } from '../../../domain/portfolioRequest.js';
import { aBank, aDeposit, aRequest } from './portfolioRequestBuilder.js';

/** Normalised decimal text `mantissa / 10^scale` written with exactly `scale` decimals (trailing zeros kept). */
export const decimalTextOf = (mantissa: bigint, scale: number): string => {
  const digits = mantissa.toString().padStart(scale + 1, '0');
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};

/** Normalised decimal text in `[min, max]` (both as whole units) with 0..`maxScale` decimals. */
export const decimalText = (min: bigint, max: bigint, maxScale: number, positive = false): fc.Arbitrary<string> =>
  fc
    .integer({ min: 0, max: maxScale })
    .chain((scale) => {
      const unit = 10n ** BigInt(scale);
      return fc.bigInt({ min: positive && min === 0n ? 1n : min * unit, max: max * unit }).map((m) => decimalTextOf(m, scale));
    });

/** A valid APY: 0..100 with up to 3 decimals. */
export const apyText = decimalText(0n, 100n, 3);
/** A valid term: (0, 100] years with up to 2 decimals. */
export const yearsText = decimalText(0n, 100n, 2, true);
/** A valid amount: 0..1e15 with up to 2 decimals. */
export const amountText = decimalText(0n, 10n ** 15n, 2);

const calendarDate = fc
  .record({ year: fc.integer({ min: 1900, max: 2200 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

/** A valid, normalised deposit. */
export const depositRequest: fc.Arbitrary<DepositRequest> = fc
  .record({
    account: fc.stringMatching(/^[A-Z0-9]{4,12}$/),
    accountType: fc.constantFrom(...accountTypes),
    apy: apyText,
    years: yearsText,
    amount: amountText,
    startDate: calendarDate,
  })
  .map(aDeposit);

/** A valid, normalised request of a few banks with a few deposits each. */
export const portfolioRequest: fc.Arbitrary<PortfolioRequest> = fc
  .record({
    banks: fc.array(
      fc.record({ name: fc.stringMatching(/^[A-Z][A-Z-]{0,15}$/), deposits: fc.array(depositRequest, { minLength: 1, maxLength: 4 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    period: decimalText(0n, 400n, 2, true),
    periodUnit: fc.constantFrom(...periodUnits),
  })
  .map(({ banks, period, periodUnit }) => aRequest(banks.map((bank) => aBank(bank.deposits, bank.name)), period, periodUnit));
