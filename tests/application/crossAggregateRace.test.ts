import { randomUUID } from 'node:crypto';
import { isRight } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandServices } from '../../adapters/http/serviceApp.js';
import { streamIdOf } from '../../application/aggregateType.js';
import type { CommandResult } from '../../application/commandExecution.js';
import type { Commit } from '../../application/ports/eventStore.js';
import { portfolioAggregate } from '../../application/portfolioAggregate.js';
import { proposePortfolio, revisePortfolio, withdrawPortfolio, type PortfolioServices } from '../../application/portfolioUseCases.js';
import type { Principal } from '../../application/principal.js';
import { profileAggregate } from '../../application/profileAggregate.js';
import { changeProfile, createProfile } from '../../application/profileUseCases.js';
import { loadSnapshot } from '../../application/streamSnapshot.js';
import { parseCreateProfileBody } from '../../domain/profile/profileCommandBodies.js';
import type { ProfileId } from '../../domain/profile/profileValues.js';
import type { CalendarDate } from '../../domain/values.js';
import { createBody } from '../domain/profile/support/profileFixtures.js';
import { aBank, aDeposit, aRequest } from '../domain/support/portfolioRequestBuilder.js';
import { useDynamo } from '../support/dynamo.js';

const advisor = { sub: 'advisor-1', roles: new Set(['advisor']) } as unknown as Principal;
const context = () => ({ actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID() });
const render = () => ({ status: 200, headers: {}, body: '' });

describe('commands on one aggregate decided on another, racing a command on that other', () => {
  let services: PortfolioServices;
  /** Services whose first commit lets `competitor` commit first, as if it had been a moment quicker. */
  const racing = (competitor: () => Promise<CommandResult>): PortfolioServices => {
    let raced = false;
    return {
      ...services,
      store: {
        ...services.store,
        commit: async (commit: Commit) => {
          if (!raced) {
            raced = true;
            expect((await competitor()).kind).toBe('done');
          }
          return services.store.commit(commit);
        },
      },
    };
  };

  /** A profile with one proposal linked to it. */
  const proposedProfile = async () => {
    const profileId = randomUUID() as ProfileId;
    const create = parseCreateProfileBody(createBody(), { profileId, today: '2026-11-22' as CalendarDate });
    if (!isRight(create)) throw new Error('the fixture does not parse');
    expect((await createProfile(services, context(), create.right, render)).kind).toBe('done');
    const proposed = await proposePortfolio(services, context(), advisor, aRequest([aBank([aDeposit()])]), profileId, (after) => ({ status: 200, headers: {}, body: after.streamId }));
    if (proposed.kind !== 'done') throw new Error('the proposal failed');
    return { profileId, portfolioId: proposed.response.body.replace(/^portfolio-/, '') };
  };
  const apply = (on: PortfolioServices, profileId: string, portfolioId: string) =>
    changeProfile(on, context(), advisor, profileId, { type: 'SubmitApplication', portfolio_id: portfolioId as never }, render);
  const statusOf = async (portfolioId: string) => (await loadSnapshot(services.store, portfolioAggregate, streamIdOf(portfolioAggregate, portfolioId))).state.status;
  const profileStatusOf = async (profileId: string) => (await loadSnapshot(services.store, profileAggregate, streamIdOf(profileAggregate, profileId))).state?.status;

  beforeAll(async () => {
    const dynamo = await useDynamo();
    services = commandServices({ dynamo: dynamo.client, tables: dynamo.tables });
  });

  it('does not withdraw a proposal the client applied for while the withdrawal was being decided', async () => {
    const { profileId, portfolioId } = await proposedProfile();
    const withdrawal = await withdrawPortfolio(racing(() => apply(services, profileId, portfolioId)), context(), advisor, portfolioId, null, render);
    expect(withdrawal).toMatchObject({ kind: 'rejected', rejection: { kind: 'invalid-transition' } });
    expect(await statusOf(portfolioId)).toBe('proposed');
    expect(await profileStatusOf(profileId)).toBe('Applied');
  });

  it('does not record an application for a proposal withdrawn while the application was being decided', async () => {
    const { profileId, portfolioId } = await proposedProfile();
    const application = await apply(racing(() => withdrawPortfolio(services, context(), advisor, portfolioId, 'rates changed', render)), profileId, portfolioId);
    expect(application).toMatchObject({ kind: 'rejected', rejection: { kind: 'invalid-command', path: 'portfolio_id' } });
    expect(await statusOf(portfolioId)).toBe('withdrawn');
    expect(await profileStatusOf(profileId)).toBe('Proposed');
  });

  it('holds every standing proposal an application naming none covers, so one revised meanwhile is re-read first', async () => {
    const { profileId, portfolioId: first } = await proposedProfile();
    const second = await proposePortfolio(services, context(), advisor, aRequest([aBank([aDeposit()])]), profileId, (after) => ({ status: 200, headers: {}, body: after.streamId }));
    if (second.kind !== 'done') throw new Error('the second proposal failed');
    const commits: Commit[] = [];
    const revising = racing(() => revisePortfolio(services, context(), advisor, first, aRequest([aBank([aDeposit({ amount: '20000' })])]), render));
    const recording: PortfolioServices = { ...revising, store: { ...revising.store, commit: (commit) => (commits.push(commit), revising.store.commit(commit)) } };
    const application = await changeProfile(recording, context(), advisor, profileId, { type: 'SubmitApplication', portfolio_id: null }, render);
    expect(application.kind).toBe('done');
    // The first attempt held the older proposal at version 1 and lost to the revision; the retry held it at 2.
    const held = (commit: Commit) => commit.appends.filter((append) => append.events.length === 0).map((append) => `${append.streamId}@${append.expectedVersion}`);
    expect(commits.map(held)).toEqual([
      [`portfolio-${first}@1`, `${second.response.body}@1`],
      [`portfolio-${first}@2`, `${second.response.body}@1`],
    ]);
  });

  it('retries a conflict under If-Match: * (it pins existence, not a version), but not under a pinned version', async () => {
    const { profileId } = await proposedProfile();
    const version = (await loadSnapshot(services.store, profileAggregate, streamIdOf(profileAggregate, profileId))).version;
    const setObjectives = (on: PortfolioServices, ifMatch?: 'any' | ReadonlyArray<number>) =>
      changeProfile(on, { ...context(), ...(ifMatch === undefined ? {} : { ifMatch }) }, advisor, profileId, { type: 'SetObjectives', investment_objectives: ['growth'] as never }, render);
    expect((await setObjectives(racing(() => setObjectives(services)), 'any')).kind).toBe('done');
    expect((await setObjectives(racing(() => setObjectives(services)), [version + 2])).kind).toBe('conflict');
  });
});
