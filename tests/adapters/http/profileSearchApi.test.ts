import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBody } from '../../domain/profile/support/profileFixtures.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { startTestService, type TestService } from '../../support/testService.js';
import { projectStoredEvents } from '../projection/support/projectionWorld.js';

const profileBody = (clientId: string) => ({ ...createBody(), client_id: clientId });

describe('GET /profiles over HTTP (DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let service: TestService;
  const tokens: Record<string, string> = {};
  const profileOf: Record<string, string> = {};

  const search = async (who: string, query: string) => {
    const answer = await service.call('GET', `/profiles?${query}`, { token: tokens[who] });
    return { ...answer, ids: answer.status === 200 ? (answer.json.data.responses as Array<{ profile_id: string }>).map((p) => p.profile_id).sort() : undefined };
  };

  beforeAll(async () => {
    dynamo = await useDynamo();
    service = await startTestService(dynamo);
    for (const [sub, role] of [['advisor-1', 'advisor'], ['advisor-2', 'advisor'], ['compliance-1', 'compliance'], ['client-7', 'client']] as const) {
      tokens[sub] = await service.token(sub, role);
    }
    for (const [name, advisor, client] of [['a', 'advisor-1', 'client-7'], ['b', 'advisor-2', 'client-7'], ['c', 'advisor-2', 'client-8']] as const) {
      const created = await service.call('POST', '/profiles', { token: tokens[advisor], body: profileBody(client) });
      expect(created.status).toBe(201);
      profileOf[name] = created.json.profile_id;
    }
    // The read models, as the stream poller would project them.
    expect(await projectStoredEvents(dynamo.client, dynamo.tables)).toEqual({ batchItemFailures: [] });
  });
  afterAll(() => service?.close());

  it('lets compliance search by advisor or client, an advisor only their own profiles, a client only theirs', async () => {
    expect((await search('compliance-1', 'advisor_id=advisor-2')).ids).toEqual([profileOf.b, profileOf.c].sort());
    expect((await search('compliance-1', 'client_id=client-7&advisor_id=advisor-1')).ids).toEqual([profileOf.a]);
    expect((await search('advisor-1', 'client_id=client-7')).ids).toEqual([profileOf.a]);
    expect((await search('advisor-2', 'advisor_id=advisor-2')).ids).toEqual([profileOf.b, profileOf.c].sort());
    expect((await search('client-7', 'advisor_id=advisor-2')).ids).toEqual([profileOf.b]);
    // Someone else's profiles are found empty, never refused: a refusal would tell that they exist.
    expect((await search('advisor-1', 'advisor_id=advisor-2')).ids).toEqual([]);
    expect((await search('client-7', 'client_id=client-8')).ids).toEqual([]);
  });

  it('answers ids no key could hold and cursors it never issued with 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      [`client_id=${'c'.repeat(3000)}`, 'client_id'],
      [`advisor_id=${'a'.repeat(257)}`, 'advisor_id'],
      ['client_id=client-7&cursor=!!', 'cursor'],
    ] as const) {
      const answer = await search('compliance-1', query);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json.errors[0].path).toBe(parameter);
    }
  });
});
