import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBody } from '../../domain/profile/support/profileFixtures.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { startTestService, type TestService } from '../../support/testService.js';
import { projectStoredEvents } from '../projection/support/projectionWorld.js';

const request = () => JSON.parse(readFileSync(new URL('../../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url), 'utf8'));

describe('rankings over HTTP, as each role may see them (DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let service: TestService;
  const tokens: Record<string, string> = {};
  const portfolioOf: Record<string, string> = {};

  const get = async (who: string, path: string) => service.call('GET', path, { token: tokens[who] });
  const portfoliosIn = async (who: string, query = '') => {
    const answer = await get(who, `/by-level-for-portfolios/delta-growth?top_k=1000${query}`);
    expect(answer.status).toBe(200);
    return (answer.json.data.responses as Array<{ portfolio_uuid: string }>).map((entry) => entry.portfolio_uuid).sort();
  };

  beforeAll(async () => {
    dynamo = await useDynamo();
    service = await startTestService(dynamo);
    for (const [sub, role] of [['advisor-1', 'advisor'], ['advisor-2', 'advisor'], ['client-7', 'client'], ['client-8', 'client']] as const) tokens[sub] = await service.token(sub, role);
    for (const client of ['client-7', 'client-8']) {
      const profile = await service.call('POST', '/profiles', { token: tokens['advisor-1'], body: { ...createBody(), client_id: client } });
      const proposed = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: tokens['advisor-1'], body: { ...request(), profile_uuid: profile.json.profile_id } });
      expect(proposed.status).toBe(200);
      portfolioOf[client] = proposed.json.uuid;
    }
    portfolioOf.nobody = (await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: tokens['advisor-1'], body: request() })).json.uuid;
    // The read models, as the stream poller would project them.
    expect(await projectStoredEvents(dynamo.client, dynamo.tables)).toEqual({ batchItemFailures: [] });
  });
  afterAll(() => service?.close());

  it('ranks for a client only the portfolios proposed for them, with or without a delta', async () => {
    expect(await portfoliosIn('advisor-1')).toEqual([portfolioOf['client-7'], portfolioOf['client-8'], portfolioOf.nobody].sort());
    expect(await portfoliosIn('client-7')).toEqual([portfolioOf['client-7']]);
    // The example's own delta (1 Month): the ranking of portfolios by the growth they were proposed with.
    expect(await portfoliosIn('advisor-1', '&period=1&period_unit=Month')).toHaveLength(3);
    expect(await portfoliosIn('client-8', '&period=1&period_unit=Month')).toEqual([portfolioOf['client-8']]);
  });

  it("answers 404 for another client's portfolio or one proposed for nobody, on every per-portfolio ranking", async () => {
    for (const ranking of ['by-level-for-banks/delta-growth', 'by-level-for-deposits/delta-growth', 'by-level-for-deposits/maturity-date']) {
      expect((await get('client-7', `/portfolios/${portfolioOf['client-7']}/${ranking}`)).status).toBe(200);
      for (const other of [portfolioOf['client-8'], portfolioOf.nobody]) {
        const answer = await get('client-7', `/portfolios/${other}/${ranking}`);
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
      }
    }
  });

  it("shows another advisor a portfolio proposed for no client, but not one proposed for a client they do not advise", async () => {
    const banks = (portfolio: string) => `/portfolios/${portfolio}/by-level-for-banks/delta-growth`;
    expect((await get('advisor-1', banks(portfolioOf['client-7']!))).status).toBe(200);
    expect((await get('advisor-2', banks(portfolioOf.nobody!))).status).toBe(200);
    expect((await get('advisor-2', banks(portfolioOf['client-7']!))).status).toBe(404);
    // The same answer as the portfolio itself gives.
    expect((await get('advisor-2', `/portfolios/${portfolioOf['client-7']}`)).status).toBe(404);
  });

  it("keeps the maturing deposits of every client's portfolios to staff", async () => {
    const window = '/deposits/maturing?from=2020-01-01&to=2029-12-31';
    expect((await get('client-7', window)).status).toBe(403);
    expect((await get('advisor-1', window)).status).toBe(200);
  });
});
