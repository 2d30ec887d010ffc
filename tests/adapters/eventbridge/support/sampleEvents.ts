import type { RecordedEvent } from '../../../../application/ports/eventStore.js';
import type { DepositResponse, PortfolioResponse } from '../../../../domain/portfolioResponse.js';
import { recordedEvent } from './streamEvents.js';

export const profileStream = 'profile-6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c44';
export const portfolioStream = 'portfolio-0d5e8f3a-91b2-4c6d-8e7f-a1b2c3d4e5f6';

/** Client PII of the sample profile; tests assert none of it reaches a log line. */
export const samplePii = { name: 'Ada Quintessa Lovelace', email: 'ada.lovelace@example.com', date_of_birth: '1961-12-10', tax_id_last4: '8842' };

/** The data of a ProfileCreated event, as the profile aggregate records it. */
export const profileCreatedData = {
  profile_id: '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c44',
  client_id: 'client-31',
  advisor_id: 'advisor-7',
  client: samplePii,
  investment_objectives: ['capital_preservation', 'income'],
  risk_score: 35,
  time_horizon_years: '5',
  liquidity_needs: { amount: '25000.00', needed_by: '2029-06-30' },
  target_allocation: { bonds: '60', us_equity: '30', cash: '10' },
  existing_holdings: [{ plan_name: 'Acme Corp 401(k)', plan_type: '401k', balance: '182340.55', annual_fee_percent: '0.85' }],
  at: '2026-03-14T09:26:53.589Z',
};

// The samples carry literal hashes, as read from the store: the publisher copies the hash and never recomputes it, so
// the pinned entries do not depend on how hashes are computed.

export const profileCreated = (version = 1): RecordedEvent =>
  recordedEvent({
    streamId: profileStream,
    version,
    type: 'ProfileCreated',
    data: profileCreatedData,
    eventId: '9a0f4c1e-5d2b-4e7a-8c3f-1b2d3e4f5a60',
    hash: 'cee8fb63f59b497c2368248f6bbc40b888b0c751f27f0c0431ae87b51ea4dbf5',
  });

const outcome = (amount: string, interest: string, total: string, growth: string) => ({
  delta: { period: '1', period_unit: 'Month' as const, growth },
  maturity: { amount, interest, total },
  errors: [],
});

const deposit = (index: number): DepositResponse => ({
  uuid: `dep-${String(index).padStart(6, '0')}-4000-8000-000000000000`,
  account: `ACCT${String(index).padStart(6, '0')}`,
  account_type: 'BrokerageCertificateOfDeposit',
  apy: '5',
  years: '7',
  outcome: outcome('10990', '3846.50', '14836.50', '45.16'),
  outcome_with_dates: { start_date_in_bank_tz: '2023-02-16', maturity_date_in_bank_tz: '2030-02-14', errors: [] },
});

/** A calculated portfolio of one bank with `deposits` identical deposits (figures of the reference's VISION-BANK 1235N). */
export const portfolioResponse = (deposits: number): PortfolioResponse => ({
  uuid: '0d5e8f3a-91b2-4c6d-8e7f-a1b2c3d4e5f6',
  created_at: '2026-03-14T09:27:01.002Z',
  outcome: outcome('10990', '3846.50', '14836.50', '45.16'),
  banks: [
    {
      uuid: 'b4a7c1d2-0000-4000-8000-000000000001',
      name: 'VISION-BANK',
      bank_tz: 'America/Los_Angeles',
      outcome: outcome('10990', '3846.50', '14836.50', '45.16'),
      deposits: Array.from({ length: deposits }, (_, index) => deposit(index)),
    },
  ],
});

/** A PortfolioProposed event with its calculation and best-interest findings. */
export const portfolioProposed = (deposits = 1, version = 1): RecordedEvent =>
  recordedEvent({
    streamId: portfolioStream,
    version,
    type: 'PortfolioProposed',
    eventId: '3c7d9e2f-8a1b-4c5d-9e6f-7a8b9c0d1e2f',
    recordedAt: '2026-03-14T09:27:01.002Z',
    hash: '2eebfd3b53b0a218800d56692814de129fc47caf0872cecf28dade76c9945ba7',
    engineVersion: '1.0.0',
    ruleSetVersion: 'best-interest-2026.1',
    data: {
      portfolio_id: '0d5e8f3a-91b2-4c6d-8e7f-a1b2c3d4e5f6',
      profile_id: '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c44',
      response: portfolioResponse(deposits),
      findings: [{ rule: 'horizon', deposit_uuid: 'dep-000000-4000-8000-000000000000', message: 'term of 7 years exceeds the horizon of 5 years' }],
      at: '2026-03-14T09:27:01.002Z',
    },
  });
