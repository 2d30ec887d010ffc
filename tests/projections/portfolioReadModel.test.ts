import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortfolioEvent } from '../../domain/portfolio/portfolioEvents.js';
import { calculatePortfolio } from '../../domain/portfolioCalculation.js';
import type { PortfolioResponse } from '../../domain/portfolioResponse.js';
import { maturityRankingKey } from '../../projections/maturityKey.js';
import { portfolioReadModel } from '../../projections/portfolioReadModel.js';
import { portfolioShard } from '../../projections/portfolioShard.js';
import { rankingKey } from '../../projections/rankingKey.js';
import { pageRows } from '../../projections/rankingPages.js';
import { readModelKeys } from '../../projections/readModelKeys.js';
import { requestFromCompatibleJson, sequentialIds } from '../domain/support/portfolioRequestBuilder.js';

const examplePath = new URL('../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url);
const proposal: PortfolioResponse = {
  ...calculatePortfolio(requestFromCompatibleJson(JSON.parse(readFileSync(examplePath, 'utf8'))), {
    newId: sequentialIds('u'),
    createdAt: '2026-02-01T10:00:00.000Z',
  }),
  uuid: 'pf-example',
};

const proposed = (response: PortfolioResponse): PortfolioEvent => ({
  type: 'PortfolioProposed',
  data: { portfolio_id: response.uuid, request: { new_delta: {}, new_banks: [] } as never, proposal: response, best_interest: null, profile_id: null, advisor_id: 'adv' },
});

describe('portfolioReadModel', () => {
  const model = portfolioReadModel({ portfolioId: 'pf-example', version: 3, event: proposed(proposal), shards: 4 });
  const deposits = proposal.banks.flatMap((bank) => bank.deposits);

  /** The entries of one of this version's rankings, read back from its pages in key order. */
  const rankedIn = (pk: string) => model.versioned.filter((item) => item.pk === pk).flatMap((item) => pageRows(String(item.attributes.entries)));

  it('ranks every bank and deposit of the worked example in one page per ranking of this version only', () => {
    expect(model.versioned.map((item) => item.pk).sort()).toEqual(
      [
        readModelKeys.bankRanking('pf-example', 3),
        readModelKeys.depositGrowthRanking('pf-example', 3),
        readModelKeys.depositMaturityRanking('pf-example', 3),
      ].sort(),
    );
    expect(rankedIn(readModelKeys.bankRanking('pf-example', 3))).toHaveLength(3);
    expect(rankedIn(readModelKeys.depositGrowthRanking('pf-example', 3))).toHaveLength(7);
    expect(rankedIn(readModelKeys.depositMaturityRanking('pf-example', 3))).toHaveLength(7);
    expect(model.versioned.every((item) => item.attributes.source_version === 3)).toBe(true);
    // Each page is filed under its first entry's key.
    for (const page of model.versioned) expect(page.sk).toBe(pageRows(String(page.attributes.entries))[0]!.sk);
  });

  it('keys entries by growth, created_at and uuid, and stores the compatible response fields', () => {
    const vision = proposal.banks.find((bank) => bank.name === 'VISION-BANK')!;
    const row = rankedIn(readModelKeys.bankRanking('pf-example', 3)).find((entry) => (entry.entry as { bank_uuid: string }).bank_uuid === vision.uuid)!;
    expect(row.sk).toBe(rankingKey({ value: '99.92', createdAt: proposal.created_at, id: vision.uuid }));
    expect(row.entry).toEqual({
      bank_uuid: vision.uuid,
      bank_name: 'VISION-BANK',
      portfolio_uuid: 'pf-example',
      bank_tz: vision.bank_tz,
      outcome: vision.outcome,
      created_at: proposal.created_at,
    });
    const deposit = vision.deposits[0]!;
    const growthRow = rankedIn(readModelKeys.depositGrowthRanking('pf-example', 3)).find((entry) => entry.sk.endsWith(`!${deposit.uuid}`))!;
    expect(growthRow.entry).toMatchObject({
      deposit_uuid: deposit.uuid,
      bank_uuid: vision.uuid,
      bank_name: 'VISION-BANK',
      account: '1235N',
      deposit_delta_growth: '45.16',
      deposit_maturity_date_in_bank_tz: '2030-02-14',
      outcome_with_dates: deposit.outcome_with_dates,
    });
  });

  it('files every deposit under its maturity month, keyed by date', () => {
    expect(model.maturing).toHaveLength(deposits.length);
    for (const deposit of deposits) {
      const date = deposit.outcome_with_dates.maturity_date_in_bank_tz!;
      expect(model.maturing).toContainEqual(
        expect.objectContaining({ pk: readModelKeys.maturing(date.slice(0, 7)), sk: maturityRankingKey(date, proposal.created_at, deposit.uuid, 3) }),
      );
    }
  });

  it('puts the portfolio in the all-portfolios ranking of its shard and in the ranking of its own delta', () => {
    const shard = portfolioShard('pf-example', 4);
    expect(model.rankings.map((item) => item.pk)).toEqual([
      readModelKeys.portfolioRanking(shard),
      readModelKeys.deltaRanking({ period: '1', periodUnit: 'Month' }, shard),
    ]);
    expect(JSON.parse(String(model.rankings[0]!.attributes.entry))).toEqual({ portfolio_uuid: 'pf-example', outcome: proposal.outcome, created_at: proposal.created_at });
    expect(model.rankings[1]!.sk).toBe(rankingKey({ value: '367.76', createdAt: proposal.created_at, id: 'pf-example', version: 3 }));
  });

  it("adds the portfolio to its client's own view of both rankings, under the same keys", () => {
    const owned = portfolioReadModel({ portfolioId: 'pf-example', version: 3, event: proposed(proposal), shards: 4, clientId: 'client-9' });
    expect(owned.rankings.map((item) => [item.pk, item.sk])).toEqual([
      [model.rankings[0]!.pk, model.rankings[0]!.sk],
      [readModelKeys.clientPortfolioRanking('client-9'), model.rankings[0]!.sk],
      [model.rankings[1]!.pk, model.rankings[1]!.sk],
      [readModelKeys.clientDeltaRanking({ period: '1', periodUnit: 'Month' }, 'client-9'), model.rankings[1]!.sk],
    ]);
  });

  it('leaves out of each ranking what has no figure for it', () => {
    const failed = { delta: null, maturity: null, errors: [{ uuid: 'e', message: 'x' }] };
    const [bank] = proposal.banks;
    const broken: PortfolioResponse = {
      ...proposal,
      outcome: failed,
      banks: [
        {
          ...bank!,
          outcome: failed,
          deposits: [
            { ...bank!.deposits[0]!, outcome: failed },
            { ...bank!.deposits[1]!, outcome_with_dates: { ...bank!.deposits[1]!.outcome_with_dates, maturity_date_in_bank_tz: null } },
          ],
        },
      ],
    };
    const partial = portfolioReadModel({ portfolioId: 'pf-example', version: 1, event: proposed(broken), shards: 4 });
    expect(partial.rankings).toEqual([]);
    const rows = (prefix: string) => partial.versioned.filter((item) => item.pk.startsWith(prefix)).flatMap((item) => pageRows(String(item.attributes.entries)));
    expect(partial.versioned.filter((item) => item.pk.startsWith('rank#banks#'))).toEqual([]);
    expect(rows('rank#deposits-growth#')).toHaveLength(1);
    expect(rows('rank#deposits-maturity#')).toHaveLength(1);
    expect(partial.maturing).toHaveLength(1);
  });

  it('gives a withdrawn version no entries at all, and a revision its own revision number', () => {
    const withdrawn = portfolioReadModel({
      portfolioId: 'pf-example',
      version: 4,
      event: { type: 'PortfolioWithdrawn', data: { portfolio_id: 'pf-example', reason: null, at: '2026-03-01T00:00:00Z' } },
      shards: 4,
    });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', versioned: [], maturing: [], rankings: [], facts: { withdrawn_at: '2026-03-01T00:00:00Z' } });
    const revised = portfolioReadModel({
      portfolioId: 'pf-example',
      version: 2,
      event: { type: 'PortfolioRevised', data: { portfolio_id: 'pf-example', request: { new_delta: {}, new_banks: [] } as never, proposal, best_interest: null, revision: 1 } },
      shards: 4,
    });
    expect(revised.facts).toEqual({ revision: 1, created_at: proposal.created_at, period: '1', period_unit: 'Month' });
  });

  it('treats equal periods written differently as one delta', () => {
    const withPeriod = (period: string) =>
      portfolioReadModel({
        portfolioId: 'pf-example',
        version: 1,
        event: proposed({ ...proposal, outcome: { ...proposal.outcome, delta: { ...proposal.outcome.delta!, period } } }),
        shards: 4,
      }).rankings[1]!.pk;
    expect(withPeriod('1.50')).toBe(withPeriod('1.5'));
    expect(withPeriod('1.50')).not.toBe(withPeriod('15'));
  });
});
