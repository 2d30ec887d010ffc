import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculatePortfolio } from '../../domain/portfolioCalculation.js';
import type { Outcome } from '../../domain/portfolioResponse.js';
import { requestFromCompatibleJson, sequentialIds } from './support/portfolioRequestBuilder.js';

const examplePath = new URL('../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url);
const request = requestFromCompatibleJson(JSON.parse(readFileSync(examplePath, 'utf8')));

const outcome = (growth: string, amount: string, interest: string, total: string): Outcome => ({
  delta: { period: '1', period_unit: 'Month', growth },
  maturity: { amount, interest, total },
  errors: [],
});

describe('the worked example of domain.md §3 (portfolio_request_valid.json)', () => {
  const response = calculatePortfolio(request, { newId: sequentialIds(), createdAt: '2024-05-01T10:00:00Z' });

  it('reproduces the reference response field for field, banks and deposits in request order', () => {
    expect(response).toEqual({
      uuid: 'id-1',
      created_at: '2024-05-01T10:00:00Z',
      outcome: outcome('367.76', '108580.50', '24462.92', '133043.42'),
      banks: [
        {
          uuid: 'id-2',
          name: 'MOUNTAIN',
          bank_tz: 'America/Chicago',
          outcome: outcome('246.16', '71100', '7765.94', '78865.94'),
          deposits: [
            {
              uuid: 'id-3',
              account: '1234N',
              account_type: 'Checking',
              apy: '0.01',
              years: '10',
              outcome: outcome('0.00', '100', '0.10', '100.10'),
              outcome_with_dates: { start_date_in_bank_tz: '2019-01-01', maturity_date_in_bank_tz: '2028-12-29', errors: [] },
            },
            {
              uuid: 'id-4',
              account: '1256N',
              account_type: 'CertificateOfDeposit',
              apy: '5.40',
              years: '2',
              outcome: outcome('227.91', '50000', '5545.80', '55545.80'),
              outcome_with_dates: { start_date_in_bank_tz: '2018-04-07', maturity_date_in_bank_tz: '2020-04-06', errors: [] },
            },
            {
              uuid: 'id-5',
              account: '1111N',
              account_type: 'CertificateOfDeposit',
              apy: '1.01',
              years: '10',
              outcome: outcome('18.25', '21000', '2220.04', '23220.04'),
              outcome_with_dates: { start_date_in_bank_tz: '2018-08-14', maturity_date_in_bank_tz: '2028-08-11', errors: [] },
            },
          ],
        },
        {
          uuid: 'id-6',
          name: 'PEACEMAKER',
          bank_tz: 'America/New_York',
          outcome: outcome('21.68', '10990', '1846.32', '12836.32'),
          deposits: [
            {
              uuid: 'id-7',
              account: '1235N',
              account_type: 'BrokerageCertificateOfDeposit',
              apy: '2.4',
              years: '7',
              outcome: outcome('21.68', '10990', '1846.32', '12836.32'),
              outcome_with_dates: { start_date_in_bank_tz: '2024-02-16', maturity_date_in_bank_tz: '2031-02-14', errors: [] },
            },
          ],
        },
        {
          uuid: 'id-8',
          name: 'VISION-BANK',
          bank_tz: 'America/Los_Angeles',
          outcome: outcome('99.92', '26490.50', '14850.66', '41341.16'),
          deposits: [
            {
              uuid: 'id-9',
              account: '1235N',
              account_type: 'BrokerageCertificateOfDeposit',
              apy: '5',
              years: '7',
              outcome: outcome('45.16', '10990', '3846.50', '14836.50'),
              outcome_with_dates: { start_date_in_bank_tz: '2023-02-16', maturity_date_in_bank_tz: '2030-02-14', errors: [] },
            },
            {
              uuid: 'id-10',
              account: '9898N',
              account_type: 'CertificateOfDeposit',
              apy: '2.22',
              years: '1',
              outcome: outcome('10.04', '5500', '122.10', '5622.10'),
              outcome_with_dates: { start_date_in_bank_tz: '2020-02-16', maturity_date_in_bank_tz: '2021-02-15', errors: [] },
            },
            {
              uuid: 'id-11',
              account: '3833N',
              account_type: 'Savings',
              apy: '3.75',
              years: '20',
              outcome: outcome('44.72', '10000.50', '10882.06', '20882.56'),
              outcome_with_dates: { start_date_in_bank_tz: '2024-02-16', maturity_date_in_bank_tz: '2044-02-11', errors: [] },
            },
          ],
        },
      ],
    });
  });

  it('serialises to JSON with exactly the compatible field names', () => {
    const json = JSON.parse(JSON.stringify(response)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['uuid', 'created_at', 'outcome', 'banks']);
    const bank = (json.banks as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(Object.keys(bank)).toEqual(['uuid', 'name', 'bank_tz', 'outcome', 'deposits']);
    const deposit = (bank.deposits as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(Object.keys(deposit)).toEqual(['uuid', 'account', 'account_type', 'apy', 'years', 'outcome', 'outcome_with_dates']);
    expect(Object.keys(deposit.outcome as object)).toEqual(['delta', 'maturity', 'errors']);
    expect(Object.keys(deposit.outcome_with_dates as object)).toEqual([
      'start_date_in_bank_tz',
      'maturity_date_in_bank_tz',
      'errors',
    ]);
  });
});
