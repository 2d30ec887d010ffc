import { randomUUID } from 'node:crypto';
import { isRight } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandServices } from '../../adapters/http/serviceApp.js';
import { proposePortfolio, withdrawPortfolio, type PortfolioServices } from '../../application/portfolioUseCases.js';
import type { Principal } from '../../application/principal.js';
import { changeProfile, createProfile } from '../../application/profileUseCases.js';
import { parseCreateProfileBody } from '../../domain/profile/profileCommandBodies.js';
import type { CalendarDate } from '../../domain/values.js';
import type { ProfileId } from '../../domain/profile/profileValues.js';
import { aBank, aDeposit, aRequest } from '../domain/support/portfolioRequestBuilder.js';
import { useDynamo } from '../support/dynamo.js';

const advisor = { sub: 'advisor-1', roles: new Set(['advisor']) } as unknown as Principal;
const context = () => ({ actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID() });
const render = () => ({ status: 200, headers: {}, body: '' });

describe('two service instances on one event store', () => {
  let first: PortfolioServices;
  let second: PortfolioServices;
  beforeAll(async () => {
    const dynamo = await useDynamo();
    // Each instance has its own snapshot cache, as two processes or two Lambdas do.
    first = commandServices({ dynamo: dynamo.client, tables: dynamo.tables });
    second = commandServices({ dynamo: dynamo.client, tables: dynamo.tables });
  });

  it('decides a refusal or a failed If-Match on the stored state, not on a stale cached snapshot', async () => {
    const profileId = randomUUID() as ProfileId;
    const body = {
      client_id: 'client-1',
      client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
      investment_objectives: ['income'],
      risk_score: 40,
      time_horizon_years: '5',
      liquidity_needs: null,
      target_allocation: { cash: '100' },
      existing_holdings: [],
    };
    const create = parseCreateProfileBody(body, { profileId, today: '2026-11-22' as CalendarDate });
    if (!isRight(create)) throw new Error('fixture does not parse');
    expect((await createProfile(first, context(), create.right, render)).kind).toBe('done');
    // The second instance caches the profile at version 2 (still Draft).
    const objectives = await changeProfile(second, context(), advisor, profileId, { type: 'SetObjectives', investment_objectives: ['growth'] }, render);
    expect(objectives.kind).toBe('done');
    // The first instance proposes a portfolio for it: version 3, Proposed.
    expect((await proposePortfolio(first, context(), advisor, aRequest([aBank([aDeposit()])]), profileId, render)).kind).toBe('done');

    // On the second instance, an If-Match of the real version is honoured, and an application is accepted.
    const review = await changeProfile(second, { ...context(), ifMatch: [3] }, advisor, profileId, { type: 'SetObjectives', investment_objectives: ['income'] }, render);
    expect(review.kind).toBe('done');
    const applied = await changeProfile(second, context(), advisor, profileId, { type: 'SubmitApplication', portfolio_id: null }, render);
    expect(applied.kind).toBe('done');
  });

  it("answers a retry that decided on the original's own result with the original's answer", async () => {
    const proposed = await proposePortfolio(first, context(), advisor, aRequest([aBank([aDeposit()])]), null, (after) => ({ status: 200, headers: {}, body: after.streamId }));
    if (proposed.kind !== 'done') throw new Error('the proposal failed');
    const portfolioId = proposed.response.body.replace(/^portfolio-/, '');
    const idempotency = { key: `advisor-1\u0000${randomUUID()}`, fingerprint: 'POST /portfolios/x/withdrawal {}' };
    const withdrawn = () => ({ status: 200, headers: {}, body: 'withdrawn' });
    expect(await withdrawPortfolio(first, { ...context(), idempotency }, advisor, portfolioId, null, withdrawn)).toMatchObject({ kind: 'done', replayed: false });
    // The retry reached the second instance before the original had committed, so it found no record, and then decided
    // on the withdrawn portfolio the original left: without a second look it would be refused as already withdrawn.
    let lookups = 0;
    const early: PortfolioServices = { ...second, store: { ...second.store, findIdempotency: async (key) => (lookups++ === 0 ? undefined : second.store.findIdempotency(key)) } };
    const retry = await withdrawPortfolio(early, { ...context(), idempotency }, advisor, portfolioId, null, withdrawn);
    expect(retry).toEqual({ kind: 'done', response: { status: 200, headers: {}, body: 'withdrawn' }, replayed: true });
    const other = await withdrawPortfolio(second, { ...context(), idempotency: { ...idempotency, fingerprint: 'another body' } }, advisor, portfolioId, null, withdrawn);
    expect(other).toEqual({ kind: 'idempotency-mismatch' });
  });
});
