import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileSearch, type ProfileSearch, type ProfileSearchPage } from '../../../adapters/dynamodb/profileSearch.js';
import { createProjector } from '../../../adapters/projection/projectorHandler.js';
import { encodeProfileSearchCursor } from '../../../projections/profileSearchCursor.js';
import { readModelKeys } from '../../../projections/readModelKeys.js';
import { aBank, aDeposit, aRequest } from '../../domain/support/portfolioRequestBuilder.js';
import { useDynamo } from '../../support/dynamo.js';
import { batchOf, freshTables, projectionWorld, streamRecordsOf } from '../projection/support/projectionWorld.js';

const right = <E, A>(either: Either<E, A>): A => {
  if (isLeft(either)) throw new Error(`expected a result, got ${JSON.stringify(either.left)}`);
  return either.right;
};
const ids = (page: ProfileSearchPage) => page.data.responses.map((profile) => profile.profile_id);

describe('profile search', () => {
  let search: ProfileSearch;

  beforeAll(async () => {
    const dynamo = await useDynamo();
    const tables = await freshTables(dynamo.client);
    const world = projectionWorld(dynamo.client, tables);
    const request = aRequest([aBank([aDeposit()])]);
    // client-a: five profiles, two of them proposed; client-b: one; two advisors share them.
    for (const [index, advisor] of ['adv-x', 'adv-y', 'adv-x', 'adv-y', 'adv-x'].entries()) {
      await world.createProfile(`prof-a${index}`, 'client-a', advisor);
    }
    await world.createProfile('prof-b0', 'client-b', 'adv-x');
    await world.propose('pf-a1', request, 'prof-a1');
    await world.propose('pf-a3', request, 'prof-a3');
    await world.propose('pf-a3b', request, 'prof-a3');
    const handler = createProjector({ client: dynamo.client, tables, shards: 1 });
    expect(await handler(batchOf(await streamRecordsOf(dynamo.client, tables, world.events)))).toEqual({ batchItemFailures: [] });
    search = profileSearch({ client: dynamo.client, tables });
  });

  it("finds a client's profiles, optionally of one status, as PII-free summaries", async () => {
    const all = right(await search.searchProfiles({ clientId: 'client-a' }));
    expect(ids(all)).toEqual(['prof-a0', 'prof-a2', 'prof-a4', 'prof-a1', 'prof-a3']);
    expect(all.next_cursor).toBeNull();
    expect(ids(right(await search.searchProfiles({ clientId: 'client-a', status: 'Proposed' })))).toEqual(['prof-a1', 'prof-a3']);
    expect(ids(right(await search.searchProfiles({ clientId: 'client-a', status: 'Applied' })))).toEqual([]);
    const summary = all.data.responses.find((profile) => profile.profile_id === 'prof-a3')!;
    expect(summary).toEqual({
      profile_id: 'prof-a3',
      client_id: 'client-a',
      advisor_id: 'adv-y',
      status: 'Proposed',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      linked_portfolios: 2,
      version: 3,
    });
    expect(JSON.stringify(all)).not.toMatch(/Ada|Lovelace|ada@example\.com|1980-12-10/);
  });

  it("finds an advisor's profiles across clients, and narrows a client's by advisor", async () => {
    expect(ids(right(await search.searchProfiles({ advisorId: 'adv-x' })))).toEqual(['prof-a0', 'prof-a2', 'prof-a4', 'prof-b0']);
    expect(ids(right(await search.searchProfiles({ clientId: 'client-a', advisorId: 'adv-y' })))).toEqual(['prof-a1', 'prof-a3']);
  });

  it('pages through the results with a cursor that only continues the same search', async () => {
    const first = right(await search.searchProfiles({ clientId: 'client-a', limit: 2 }));
    expect(ids(first)).toEqual(['prof-a0', 'prof-a2']);
    const second = right(await search.searchProfiles({ clientId: 'client-a', limit: 2, cursor: first.next_cursor! }));
    expect(ids(second)).toEqual(['prof-a4', 'prof-a1']);
    const third = right(await search.searchProfiles({ clientId: 'client-a', limit: 2, cursor: second.next_cursor! }));
    expect(ids(third)).toEqual(['prof-a3']);
    expect(third.next_cursor).toBeNull();
    const other = await search.searchProfiles({ clientId: 'client-b', limit: 2, cursor: first.next_cursor! });
    expect(isLeft(other) && other.left.parameter).toBe('cursor');
  });

  it('refuses a search without a client or advisor, an unknown status and a bad limit, naming the parameter', async () => {
    const parameterOf = async (request: Parameters<ProfileSearch['searchProfiles']>[0]) => {
      const answer = await search.searchProfiles(request);
      return isLeft(answer) ? answer.left.parameter : undefined;
    };
    expect(await parameterOf({})).toBe('client_id');
    expect(await parameterOf({ clientId: 'client-a', status: 'proposed' })).toBe('status');
    expect(await parameterOf({ clientId: 'client-a', limit: 0 })).toBe('limit');
    expect(await parameterOf({ clientId: 'client-a', cursor: '!!' })).toBe('cursor');
  });

  it('refuses an id no key could hold, naming the parameter', async () => {
    for (const [request, parameter] of [
      [{ clientId: 'c'.repeat(257) }, 'client_id'],
      [{ advisorId: 'a'.repeat(3000) }, 'advisor_id'],
      [{ clientId: 'client-a', advisorId: 'adv\u0000x' }, 'advisor_id'],
    ] as const) {
      const answer = await search.searchProfiles(request);
      expect(isLeft(answer) && answer.left.parameter).toBe(parameter);
    }
  });

  it('answers a cursor rebuilt by hand to point past its status with an empty page, and refuses one no key could hold', async () => {
    // Cursors are unsigned: anyone can write one for their own search, positioned anywhere.
    const searchOf = (status: string | null) => JSON.stringify([readModelKeys.profilesOfClient('client-a'), status, null]);
    const past = await search.searchProfiles({ clientId: 'client-a', status: 'Draft', cursor: encodeProfileSearchCursor(searchOf('Draft'), 'Zz') });
    expect(ids(right(past))).toEqual([]);
    const before = await search.searchProfiles({ clientId: 'client-a', status: 'Proposed', cursor: encodeProfileSearchCursor(searchOf('Proposed'), 'A') });
    expect(ids(right(before))).toEqual(['prof-a1', 'prof-a3']);
    for (const status of ['Draft', null]) {
      const cursor = encodeProfileSearchCursor(searchOf(status), 'Draft#'.padEnd(1025, 'x'));
      const answer = await search.searchProfiles({ clientId: 'client-a', ...(status === null ? {} : { status }), cursor });
      expect(isLeft(answer) && answer.left.parameter).toBe('cursor');
    }
  });
});
