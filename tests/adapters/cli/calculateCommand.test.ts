import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fiducia } from './support/fiducia.js';

const examples = fileURLToPath(new URL('../../../../shared/examples/requests/', import.meta.url));

const calculate = (argument: string, input?: string) => fiducia(['calculate', argument], {}, input);

describe('fiducia calculate (spawned as a process)', () => {
  it('prints the compatible response of a valid file and exits 0', () => {
    const run = calculate(`${examples}portfolio_request_valid.json`);
    expect(run.status).toBe(0);
    const response = JSON.parse(run.stdout);
    expect(response.outcome).toEqual({
      delta: { period: '1', period_unit: 'Month', growth: '367.76' },
      maturity: { amount: '108580.50', interest: '24462.92', total: '133043.42' },
      errors: [],
    });
    expect(response.banks.map((bank: { name: string }) => bank.name)).toEqual(['MOUNTAIN', 'PEACEMAKER', 'VISION-BANK']);
    expect(response.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads standard input when given -', () => {
    const run = calculate('-', JSON.stringify({ new_delta: { period: '1', period_unit: 'Year' }, new_banks: [{ name: 'B', bank_tz: 'UTC', new_deposits: [{ account: 'ACCT1', account_type: 'BrokerageCertificateOfDeposit', apy: '5', years: '1', amount: '1000', start_date_in_bank_tz: '2024-01-01' }] }] }));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).outcome.maturity).toEqual({ amount: '1000', interest: '50.00', total: '1050.00' });
  });

  it('prints every problem of an invalid file in document order and exits 2', () => {
    const run = calculate(`${examples}portfolio_request_invalid_period_unit_account_type_decimal_bank_tz_start_date.json`);
    expect(run.status).toBe(2);
    const problems = JSON.parse(run.stdout);
    expect(problems.errors.map((e: { path: string }) => e.path)).toEqual([
      'new_delta.period_unit',
      'new_banks[0].bank_tz',
      'new_banks[0].new_deposits[0].start_date_in_bank_tz',
      'new_banks[0].new_deposits[2].apy',
      'new_banks[2].new_deposits[2].account_type',
    ]);
  });

  it('reports malformed JSON and exits 2', () => {
    const run = calculate('-', '{"new_delta": ');
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).title).toBe('Malformed JSON');
  });
});
