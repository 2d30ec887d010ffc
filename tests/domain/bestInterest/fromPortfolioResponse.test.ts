import { describe, expect, it } from 'vitest';
import { fromPortfolioResponse } from '../../../domain/bestInterest/fromPortfolioResponse.js';
import type { DepositResponse, PortfolioResponse } from '../../../domain/portfolioResponse.js';

const depositResponse = (uuid: string, maturity: { amount: string; total: string } | null, maturityDate: string | null): DepositResponse => ({
  uuid,
  account: `ACC-${uuid}`,
  account_type: 'CertificateOfDeposit',
  apy: '5',
  years: '2',
  outcome: {
    delta: null,
    maturity: maturity === null ? null : { ...maturity, interest: '0.00' },
    errors: maturity === null ? [{ uuid, message: 'failed' }] : [],
  },
  outcome_with_dates: { start_date_in_bank_tz: '2026-01-01', maturity_date_in_bank_tz: maturityDate, errors: [] },
});

describe('fromPortfolioResponse', () => {
  it('takes each deposit amount, total and maturity date as calculated, null where the calculation failed', () => {
    const response: PortfolioResponse = {
      uuid: 'pf-1',
      created_at: '2026-11-22T10:00:00Z',
      outcome: { delta: null, maturity: null, errors: [] },
      banks: [
        {
          uuid: 'bank-1',
          name: 'VISION-BANK',
          bank_tz: 'America/Los_Angeles',
          outcome: { delta: null, maturity: null, errors: [] },
          deposits: [depositResponse('d-1', { amount: '10000.50', total: '11025.55' }, '2027-12-31'), depositResponse('d-2', null, null)],
        },
      ],
    };
    expect(fromPortfolioResponse(response)).toEqual({
      banks: [
        {
          bank_uuid: 'bank-1',
          name: 'VISION-BANK',
          deposits: [
            { deposit_uuid: 'd-1', account: 'ACC-d-1', amount: '10000.50', years: '2', total: '11025.55', maturity_date: '2027-12-31' },
            { deposit_uuid: 'd-2', account: 'ACC-d-2', amount: null, years: '2', total: null, maturity_date: null },
          ],
        },
      ],
    });
  });
});
