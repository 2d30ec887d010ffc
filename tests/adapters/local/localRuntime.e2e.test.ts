import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signDevToken } from '../../../adapters/auth/devToken.js';
import { loadOrCreateLocalSecret } from '../../../adapters/auth/localSecret.js';
import { startLocalRuntime, type LocalRuntime } from '../../../adapters/local/localRuntime.js';
import { runtimeConfig } from '../../../adapters/local/runtimeConfig.js';
import { createDynamoClient } from '../../../adapters/dynamodb/dynamoClient.js';
import { createTableInput, tableNames, tableRoles } from '../../../adapters/dynamodb/tables.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { createProfile } from '../../../application/profileUseCases.js';
import { SnapshotCache } from '../../../application/streamSnapshot.js';
import { parseCreateProfileBody } from '../../../domain/profile/profileCommandBodies.js';
import { profileIdFrom } from '../../../domain/profile/profileValues.js';
import type { CalendarDate } from '../../../domain/values.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createBody } from '../../domain/profile/support/profileFixtures.js';

const request = JSON.parse(await readFile(new URL('../../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url), 'utf8'));

/** Polls until `check` holds or the deadline passes; resolves with the elapsed milliseconds. */
const within = async (deadlineMs: number, check: () => Promise<boolean>): Promise<number> => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > deadlineMs) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - start;
};

/** The metadata of every integration event a runtime has written to its local log, in the order written. */
const publishedMetadata = async (runtime: LocalRuntime) =>
  (await readFile(runtime.integrationEventsFile!, 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(JSON.parse(line).Detail).metadata as { stream_id: string; version: number; replay?: boolean });

describe('the local runtime end to end: command, stream poller, projections, query API', () => {
  let runtime: LocalRuntime;
  let token: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, json: (await answer.json()) as any };
  };

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fiducia-e2e-'));
    const env = { FIDUCIA_DATA_DIR: dataDir, PORT: '0', FIDUCIA_TABLE_PREFIX: `e2e${randomBytes(4).toString('hex')}-` };
    runtime = await startLocalRuntime({ ...runtimeConfig(env), dynamoEndpoint: inject('dynamoEndpoint') });
    token = await signDevToken({ sub: 'advisor-1', roles: ['advisor'], secret: await loadOrCreateLocalSecret(dataDir), expiresIn: '1h' });
  });
  afterAll(() => runtime?.stop());

  it('shows a proposal in every ranking within 2 s, replaces its figures on revision and removes it on withdrawal', async () => {
    const proposed = await call('POST', '/api/drive-deposits/calculate-portfolio', request);
    expect(proposed.status).toBe(200);
    const id: string = proposed.json.uuid;
    const rankings = {
      portfolios: '/by-level-for-portfolios/delta-growth?top_k=1000',
      banks: `/portfolios/${id}/by-level-for-banks/delta-growth?top_k=1000`,
      growth: `/portfolios/${id}/by-level-for-deposits/delta-growth?top_k=1000`,
      maturity: `/portfolios/${id}/by-level-for-deposits/maturity-date?top_k=1000`,
      // At most 120 months per query: 2020-2029 holds four of the seven deposits.
      maturing: '/deposits/maturing?from=2020-01-01&to=2029-12-31&top_k=1000',
    };
    const growthsIn = async (path: string) => {
      const answer = await call('GET', path);
      return answer.status === 200 ? (answer.json.data.responses as any[]) : [];
    };
    const ofThisPortfolio = (entries: any[]) => entries.filter((e) => e.portfolio_uuid === id);

    await within(2_000, async () => {
      const [portfolios, banks, growth, maturity, maturing] = await Promise.all(Object.values(rankings).map(growthsIn));
      return ofThisPortfolio(portfolios!).length === 1 && banks!.length === 3 && growth!.length === 7 && maturity!.length === 7 && ofThisPortfolio(maturing!).length === 4;
    });
    const banks = await growthsIn(rankings.banks);
    expect(banks.map((b) => [b.bank_name, b.outcome.delta.growth])).toEqual([
      ['MOUNTAIN', '246.16'],
      ['VISION-BANK', '99.92'],
      ['PEACEMAKER', '21.68'],
    ]);
    const dates = (await growthsIn(rankings.maturity)).map((d) => d.deposit_maturity_date_in_bank_tz);
    expect(dates).toEqual([...dates].sort().reverse());

    const revised = structuredClone(request);
    revised.new_banks = [revised.new_banks[2]];
    expect((await call('POST', `/portfolios/${id}/revisions`, revised)).status).toBe(200);
    await within(2_000, async () => {
      const [portfolios, banksNow, growth] = await Promise.all([rankings.portfolios, rankings.banks, rankings.growth].map(growthsIn));
      return ofThisPortfolio(portfolios!)[0]?.outcome.delta.growth === '99.92' && banksNow!.length === 1 && growth!.length === 3;
    });
    expect(ofThisPortfolio(await growthsIn(rankings.maturing))).toHaveLength(1);

    expect((await call('POST', `/portfolios/${id}/withdrawal`, {})).status).toBe(200);
    await within(2_000, async () => ofThisPortfolio(await growthsIn(rankings.portfolios)).length === 0);
    for (const path of [rankings.banks, rankings.growth, rankings.maturity]) expect((await call('GET', path)).status).toBe(404);
    expect(ofThisPortfolio(await growthsIn(rankings.maturing))).toHaveLength(0);

    // The integration events of a fresh store, published once each: its first start re-sends nothing the stream holds.
    const published = async () => (await publishedMetadata(runtime)).filter((metadata) => metadata.stream_id === `portfolio-${id}`);
    await within(5_000, async () => (await published()).length >= 3);
    expect((await published()).map((metadata) => [metadata.version, metadata.replay ?? false])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);

    const health = await fetch(`${runtime.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as any).projection_lag).toMatchObject({ records_behind: expect.any(Number), millis_behind: expect.any(Number) });
  });

  it('answers bad ranking parameters with 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['order=up', 'order'],
      ['top_k=1001', 'top_k'],
      ['top_k=-1', 'top_k'],
      ['cursor=garbage', 'cursor'],
      ['period=1&period_unit=Century', 'period_unit'],
    ]) {
      const answer = await call('GET', `/by-level-for-portfolios/delta-growth?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.json.errors[0].path).toBe(parameter);
    }
  });

  it('publishes on its first start the recent events written before the events table had a stream', async () => {
    // A store of an older layout: its events table has no stream, and already holds a profile written just now.
    const client = createDynamoClient(inject('dynamoEndpoint'));
    const prefix = `old${randomBytes(4).toString('hex')}-`;
    const tables = tableNames(prefix);
    for (const role of tableRoles) {
      const { StreamSpecification: _, ...input } = createTableInput(role, tables[role]);
      await client.send(new CreateTableCommand(role === 'events' ? input : createTableInput(role, tables[role])));
    }
    // Recorded now, through the real use case (the stream would hold it for a day, had it existed).
    const services = { store: dynamoEventStore(client, tables), cache: new SnapshotCache(), clock: () => new Date().toISOString(), newId: randomUUID };
    const command = parseCreateProfileBody(createBody(), { profileId: profileIdFrom('prof-before-stream')!, today: '2026-11-22' as CalendarDate });
    if (isLeft(command)) throw new Error('invalid profile body');
    const created = await createProfile(services, { actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID() }, command.right, () => ({ status: 201, headers: {}, body: '' }));
    expect(created.kind).toBe('done');
    const dataDir = await mkdtemp(join(tmpdir(), 'fiducia-e2e-old-'));
    // Starting turns the stream on: a new stream, which holds none of the events already there.
    const old = await startLocalRuntime({ ...runtimeConfig({ FIDUCIA_DATA_DIR: dataDir, PORT: '0', FIDUCIA_TABLE_PREFIX: prefix }), dynamoEndpoint: inject('dynamoEndpoint') });
    try {
      const published = () => publishedMetadata(old);
      await within(10_000, async () => (await published()).some((metadata) => metadata.stream_id === 'profile-prof-before-stream'));
      // Re-sent from the table, as history (the stream never had it), and once.
      expect((await published()).filter((metadata) => metadata.stream_id === 'profile-prof-before-stream')).toEqual([
        expect.objectContaining({ replay: true }),
      ]);
    } finally {
      await old.stop();
      client.destroy();
    }
  });
});
