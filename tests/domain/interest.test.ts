import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, productArithmetic } from '../../domain/decimal.js';
import { compoundInterest, interestFor, rateOf, simpleInterest } from '../../domain/interest.js';
import { amountText, apyText, decimalText } from './support/portfolioRequestArbitrary.js';

const interest = (type: Parameters<typeof interestFor>[0], amount: string, apy: string, years: string): string =>
  interestFor(type, new Dec(amount), new Dec(apy), new Dec(years)).toFixed(2);

/** Exact rational reference for whole years, in integers only: P × (1 + r)^n − P, rounded half to even to cents. */
const exactWholeYearInterest = (amount: string, apy: string, years: number): string => {
  const scaled = (text: string): [bigint, number] => {
    const [integer = '', fraction = ''] = text.split('.');
    return [BigInt(integer + fraction), fraction.length];
  };
  const [p, pScale] = scaled(amount);
  const [a, aScale] = scaled(apy);
  // 1 + apy/100 = (10^(aScale+2) + a) / 10^(aScale+2)
  const denominatorScale = aScale + 2;
  const base = 10n ** BigInt(denominatorScale) + a;
  const numerator = p * base ** BigInt(years) - p * 10n ** BigInt(denominatorScale * years);
  // interest = numerator / 10^(pScale + denominatorScale × years); in cents: × 100
  const divisor = 10n ** BigInt(pScale + denominatorScale * years);
  const scaledCents = numerator * 100n;
  let quotient = scaledCents / divisor;
  const remainder = scaledCents % divisor;
  if (remainder * 2n > divisor || (remainder * 2n === divisor && quotient % 2n === 1n)) quotient += 1n;
  const digits = quotient.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

// An independent reference for fractional years: exp(years × ln(1 + r)) with decimal.js `ln`/`exp` at 66 digits,
// kept to 60 significant digits, then P × factor − P exactly.
const Reference = Decimal.clone({ precision: 66, rounding: Decimal.ROUND_HALF_EVEN });
const referenceCompoundInterest = (amount: string, apy: string, years: string): string => {
  const factor = new Reference(years)
    .times(new Reference(apy).div(100).plus(1).ln())
    .exp()
    .toSignificantDigits(60, Decimal.ROUND_HALF_EVEN);
  const p = new Reference(amount);
  return p.times(factor).minus(p).toFixed(2, Decimal.ROUND_HALF_EVEN);
};

describe('simple interest (brokerage CDs)', () => {
  it.each([
    ['1', '0.5', '1', '0.00'], // 0.005 → 0.00
    ['3', '0.5', '1', '0.02'], // 0.015 → 0.02
    ['5', '0.5', '1', '0.02'], // 0.025 → 0.02
    ['7', '0.5', '1', '0.04'], // 0.035 → 0.04
    ['10990', '2.4', '7', '1846.32'],
    ['10990', '5', '7', '3846.50'],
  ])('%s at %s %% for %s years is %s (round half to even)', (amount, apy, years, expected) => {
    expect(interest('BrokerageCertificateOfDeposit', amount, apy, years)).toBe(expected);
  });

  it('is P × r × years for fractional years, exactly', () => {
    expect(interest('BrokerageCertificateOfDeposit', '1000', '5', '0.5')).toBe('25.00');
    expect(interest('BrokerageCertificateOfDeposit', '0.30', '5', '0.5')).toBe('0.01'); // 0.0075 → 0.01
    expect(interest('BrokerageCertificateOfDeposit', '0.10', '5', '0.5')).toBe('0.00'); // 0.0025 → 0.00
  });

  it('keeps products exact beyond working precision, so a hair above a half cent still rounds up', () => {
    const apy = `0.5${'0'.repeat(69)}1`; // P × r = 0.005000…0001, more digits than working precision holds
    expect(simpleInterest(new Dec('1'), rateOf(new Dec(apy)), new Dec('1')).toFixed(2)).toBe('0.01');
  });
});

describe('compound interest (checking, savings, CDs)', () => {
  it.each([
    ['10', '5', '2', '1.02'], // 1.025 exactly → 1.02
    ['30', '5', '2', '3.08'], // 3.075 exactly → 3.08
    ['100', '0.01', '10', '0.10'],
    ['50000', '5.40', '2', '5545.80'],
    ['10000.50', '3.75', '20', '10882.06'],
  ])('%s at %s %% for %s whole years is %s (round half to even)', (amount, apy, years, expected) => {
    expect(interest('Savings', amount, apy, years)).toBe(expected);
  });

  it('uses exact integer powers for whole years, even where the exact value exceeds working precision', () => {
    // 1.5^56 has 66 significant digits and P × 1.5^56 − P is exactly …917.925, a tie a rounded power would break.
    expect(interest('CertificateOfDeposit', '360287970189639.68', '50', '56')).toBe('2616738164776514715877917.92');
  });

  it('agrees with an exact rational computation for whole years', () => {
    fc.assert(
      fc.property(amountText, apyText, fc.integer({ min: 1, max: 100 }), (amount, apy, years) => {
        expect(interest('Checking', amount, apy, String(years))).toBe(exactWholeYearInterest(amount, apy, years));
      }),
      { numRuns: 300 },
    );
  });

  it('computes fractional powers exactly where the power is exact (1.21^0.5 = 1.1)', () => {
    expect(interest('Savings', '0.15', '21', '0.5')).toBe('0.02'); // 0.015 → 0.02
    expect(interest('Savings', '0.05', '21', '0.5')).toBe('0.00'); // 0.005 → 0.00
    expect(interest('Savings', '0.25', '21', '2.5')).toBe('0.15'); // 0.25 × (1.1^5 − 1) = 0.1526275
  });

  it('agrees to the cent with a 60-digit exp/ln reference for fractional years', () => {
    const fractionalYears = decimalText(0n, 100n, 3, true).filter((years) => !new Dec(years).isInteger());
    fc.assert(
      fc.property(amountText, apyText, fractionalYears, (amount, apy, years) => {
        const ours = compoundInterest(new Dec(amount), rateOf(new Dec(apy)), new Dec(years)).toFixed(2);
        expect(ours).toBe(referenceCompoundInterest(amount, apy, years));
      }),
      { numRuns: 300 },
    );
  });

  it('stays finite and exact at the validation bounds', () => {
    const largest = interest('Savings', '1000000000000000', '100', '100');
    expect(largest).toBe(exactWholeYearInterest('1000000000000000', '100', 100));
    expect(interest('Savings', '1000000000000000', '100', '99.99')).toBe(
      referenceCompoundInterest('1000000000000000', '100', '99.99'),
    );
  });

  it('does not depend on the arithmetic the years were written in', () => {
    // In decimal.js's default 20 significant digits, the fraction of these years would land on another cent.
    const years = '14.96141135112087859805193934535800';
    const expected = referenceCompoundInterest('1000000000000000', '100', years);
    expect(compoundInterest(new Dec('1000000000000000'), rateOf(new Dec('100')), new Decimal(years)).toFixed(2)).toBe(expected);
    expect(interest('Savings', '1000000000000000', '100', years)).toBe(expected);
  });

  it('is zero at 0 % and for a zero amount', () => {
    expect(interest('Savings', '1000', '0', '3.5')).toBe('0.00');
    expect(interest('Savings', '0', '5', '3.5')).toBe('0.00');
  });
});

describe('inputs of thousands of digits', () => {
  // Just above a tie, by a digit 2,100 places down: rounded to working precision first, it would sit on the tie and go
  // to even, a cent short.
  const justAboveHalf = new Dec(`0.5${'0'.repeat(2100)}1`);

  it('keep a product with one long factor exact, so it is rounded once, from its exact value', () => {
    expect(simpleInterest(new Dec(1), rateOf(new Dec(1)), justAboveHalf).toFixed(2)).toBe('0.01');
    expect(simpleInterest(new Dec(1), rateOf(new Dec(1)), new Dec(`0.5${'0'.repeat(2100)}`)).toFixed(2)).toBe('0.00');
    // A long rate: the same, through 1 + r and its first power.
    expect(compoundInterest(new Dec(1), rateOf(new Dec(`0.5${'0'.repeat(2100)}1`)), new Dec(1)).toFixed(2)).toBe('0.01');
  });

  it('take working precision only when two long factors would make an exact product too costly', () => {
    expect(productArithmetic(17, 1_000_000).precision).toBe(1e9);
    expect(productArithmetic(2000, 2000).precision).toBe(1e9);
    expect(productArithmetic(2001, 2000).precision).toBe(Dec.precision);
    const long = `1.${'3'.repeat(5000)}`;
    expect(simpleInterest(new Dec(1000), rateOf(new Dec(long)), new Dec(long)).toFixed(2)).toBe('17.78');
  });
});
