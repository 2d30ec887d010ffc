import { describe, expect, it } from 'vitest';
import { cents, Dec, round2, workingPrecision } from '../../domain/decimal.js';

describe('round2', () => {
  it.each([
    ['0.005', '0.00'],
    ['0.015', '0.02'],
    ['0.025', '0.02'],
    ['2.675', '2.68'],
    ['1.0049999', '1.00'],
    ['1.0050001', '1.01'],
    ['-0.015', '-0.02'],
  ])('rounds %s half to even to %s', (value, expected) => {
    expect(round2(new Dec(value)).toFixed(2)).toBe(expected);
  });
});

describe('cents', () => {
  it('always writes exactly two decimals', () => {
    expect(cents(new Dec(0))).toBe('0.00');
    expect(cents(new Dec('21.6'))).toBe('21.60');
    expect(cents(new Dec('1e40'))).toBe(`1${'0'.repeat(40)}.00`);
  });
});

describe('the working arithmetic', () => {
  it('carries at least 60 significant digits', () => {
    expect(workingPrecision).toBeGreaterThanOrEqual(60);
    expect(new Dec(1).div(3).toString()).toBe(`0.${'3'.repeat(workingPrecision)}`);
  });
});
