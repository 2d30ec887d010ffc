import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent, StreamId } from '../../../application/ports/eventStore.js';
import { portfolioAggregate } from '../../../application/portfolioAggregate.js';
import { profileAggregate } from '../../../application/profileAggregate.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { portfolioBody, profileBody } from '../../../adapters/http/resourceBodies.js';
import { fold } from '../../../domain/decider.js';
import type { PortfolioView } from '../../../domain/portfolio/portfolioDecider.js';
import type { ProfileView } from '../../../domain/profile/profileState.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { startTestService, type TestService } from '../../support/testService.js';
import { changeOneByte, deleteEvent, swapEvents } from '../integrity/support/tamper.js';

const examples = new URL('../../../../shared/examples/requests/', import.meta.url);
const validRequest = () => JSON.parse(readFileSync(new URL('portfolio_request_valid.json', examples), 'utf8'));

const profileBodyFor = (clientId: string) => ({
  client_id: clientId,
  client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
  investment_objectives: ['income'],
  risk_score: 40,
  time_horizon_years: '5',
  liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
  target_allocation: { bonds: '60', cash: '40' },
  existing_holdings: [],
});

/** `instant` written in RFC 3339 with a UTC offset of `minutes` (e.g. +05:30), the same instant. */
const withOffset = (millis: number, minutes: number): string => {
  const local = new Date(millis + minutes * 60_000).toISOString().slice(0, 23);
  if (minutes === 0) return `${local}Z`;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

describe('audit API over HTTP (DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let service: TestService;
  let store: EventStore;
  let advisor: string;
  let compliance: string;
  let client: string;

  const auditTrailLength = async () => (await store.readStream('audit-compliance-1' as StreamId)).length;

  /** A profile through the command API, with `changes` objective changes after its creation: 1 + changes events. */
  const profileWith = async (changes: number): Promise<string> => {
    const created = await service.call('POST', '/profiles', { token: advisor, body: profileBodyFor('client-7') });
    expect(created.status).toBe(201);
    for (let i = 0; i < changes; i++) {
      const objectives = i % 2 === 0 ? ['growth'] : ['income', 'growth'];
      expect((await service.call('POST', `/profiles/${created.json.profile_id}/objectives`, { token: advisor, body: { investment_objectives: objectives } })).status).toBe(200);
    }
    return created.json.profile_id;
  };

  const verification = (stream: string) => service.call('GET', `/audit/streams/${stream}/verification`, { token: compliance });

  beforeAll(async () => {
    dynamo = await useDynamo();
    service = await startTestService(dynamo);
    store = dynamoEventStore(dynamo.client, dynamo.tables);
    advisor = await service.token('advisor-1', 'advisor');
    compliance = await service.token('compliance-1', 'compliance');
    client = await service.token('client-7', 'client');
  });
  afterAll(() => service?.close());

  describe('tamper evidence', () => {
    it('verifies an untouched stream as intact, with its head hash', async () => {
      const id = await profileWith(3);
      const events = await store.readStream(`profile-${id}` as StreamId);
      const answer = await verification(`profile-${id}`);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ stream_id: `profile-${id}`, ok: true, events: 4, last_version: 4, head_hash: events[3]!.hash });
    });

    it('names the stream and version of which one byte was changed directly in DynamoDB', async () => {
      const [id, bystander] = [await profileWith(4), await profileWith(4)];
      await changeOneByte(dynamo.client, dynamo.tables.events, `profile-${id}`, 3);
      const answer = await verification(`profile-${id}`);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ stream_id: `profile-${id}`, ok: false, first_bad_version: 3, problem: 'hash-mismatch' });
      expect((await verification(`profile-${bystander}`)).json).toMatchObject({ ok: true });
    });

    it('names the gap an event deleted from DynamoDB leaves', async () => {
      const id = await profileWith(4);
      await deleteEvent(dynamo.client, dynamo.tables.events, `profile-${id}`, 2);
      expect((await verification(`profile-${id}`)).json).toMatchObject({ stream_id: `profile-${id}`, ok: false, first_bad_version: 2, problem: 'gap', detail: 'version 2 is missing' });
    });

    it('names two events swapped in DynamoDB', async () => {
      const id = await profileWith(4);
      await swapEvents(dynamo.client, dynamo.tables.events, `profile-${id}`, 3, 4);
      expect((await verification(`profile-${id}`)).json).toMatchObject({ stream_id: `profile-${id}`, ok: false, first_bad_version: 3, problem: 'reorder' });
    });

    it('verifies portfolio streams too, and answers 404 for a stream that does not exist', async () => {
      const proposed = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest() });
      expect((await verification(`portfolio-${proposed.json.uuid}`)).json).toMatchObject({ ok: true, events: 1 });
      expect((await verification('profile-does-not-exist')).status).toBe(404);
      expect((await verification('nonsense')).status).toBe(404);
    });
  });

  describe('access and audit reads', () => {
    it('answers 403 to advisors and clients and 401 without a token, recording nothing', async () => {
      const id = await profileWith(1);
      const before = await auditTrailLength();
      for (const path of [`/audit/streams/profile-${id}`, `/audit/streams/profile-${id}/verification`, `/audit/streams/profile-${id}/diff`]) {
        for (const token of [advisor, client]) expect((await service.call('GET', path, { token })).status).toBe(403);
        expect((await service.call('GET', path)).status).toBe(401);
      }
      for (const token of [advisor, client]) expect((await service.call('GET', `/profiles/${id}?version=1`, { token })).status).toBe(403);
      expect(await auditTrailLength()).toBe(before);
      expect((await store.readStream('audit-advisor-1' as StreamId)).length).toBe(0);
    });

    it('answers an impossible as_of date with 400 and a version past the stream with 404', async () => {
      const id = await profileWith(1);
      const impossible = await service.call('GET', `/profiles/${id}?as_of=2026-11-31T00:00:00Z`, { token: compliance });
      expect(impossible.status).toBe(400);
      expect(impossible.json.errors[0].path).toBe('as_of');
      expect((await service.call('GET', `/profiles/${id}?version=500`, { token: compliance })).status).toBe(404);
    });

    it('answers an as_of past year 9999 with the current state, and one without an offset with 400', async () => {
      const id = await profileWith(2);
      const current = await service.call('GET', `/profiles/${id}`, { token: compliance });
      const farFuture = await service.call('GET', `/profiles/${id}?as_of=${encodeURIComponent('9999-12-31T23:59:59.999-23:59')}`, { token: compliance });
      expect(farFuture.status).toBe(200);
      expect(farFuture.json).toEqual(current.json);
      const local = await service.call('GET', `/profiles/${id}?as_of=2026-01-31T12:00:00`, { token: compliance });
      expect(local.status).toBe(400);
      expect(local.json.errors[0]).toMatchObject({ path: 'as_of', message: expect.stringContaining('with a UTC offset') });
    });

    it('records every audit read, as-of reads included, as an audit event of the reader', async () => {
      const id = await profileWith(2);
      const before = await auditTrailLength();
      const reads = [
        `/audit/streams/profile-${id}`,
        `/audit/streams/profile-${id}/verification`,
        `/audit/streams/profile-${id}/diff?from=1&to=2`,
        `/profiles/${id}?version=2`,
        `/profiles/${id}?as_of=2030-01-01T00:00:00Z`,
      ];
      for (const path of reads) expect((await service.call('GET', path, { token: compliance, headers: { 'x-correlation-id': `corr-${path.length}` } })).status).toBe(200);
      // A current read is no audit read.
      expect((await service.call('GET', `/profiles/${id}`, { token: compliance })).status).toBe(200);
      const trail = await store.readStream('audit-compliance-1' as StreamId);
      expect(trail.length).toBe(before + reads.length);
      const recorded = trail.slice(before);
      expect(recorded.map((event) => event.data)).toEqual([
        { resource: `/audit/streams/profile-${id}`, query: {}, at: recorded[0]!.recordedAt },
        { resource: `/audit/streams/profile-${id}/verification`, query: {}, at: recorded[1]!.recordedAt },
        { resource: `/audit/streams/profile-${id}/diff`, query: { from: '1', to: '2' }, at: recorded[2]!.recordedAt },
        { resource: `/profiles/${id}`, query: { version: '2' }, at: recorded[3]!.recordedAt },
        { resource: `/profiles/${id}`, query: { as_of: '2030-01-01T00:00:00Z' }, at: recorded[4]!.recordedAt },
      ]);
      expect(recorded.every((event) => event.actor === 'compliance-1' && event.type === 'AuditRead')).toBe(true);
      expect(recorded.map((event) => event.correlationId)).toEqual(reads.map((path) => `corr-${path.length}`));
    });

    it('serves the lineage timeline, one entry per event, with metadata, hash and a summary without PII', async () => {
      const id = await profileWith(2);
      const answer = await service.call('GET', `/audit/streams/profile-${id}`, { token: compliance });
      expect(answer.status).toBe(200);
      const events = await store.readStream(`profile-${id}` as StreamId);
      expect(answer.json.stream_id).toBe(`profile-${id}`);
      expect(answer.json.version).toBe(3);
      expect(answer.json.entries.map((entry: any) => Object.keys(entry).sort())).toEqual(
        Array(3).fill(['actor', 'causation_id', 'correlation_id', 'engine_version', 'hash', 'previous_hash', 'recorded_at', 'rule_set_version', 'schema_version', 'summary', 'type', 'version']),
      );
      expect(answer.json.entries.map((entry: any) => [entry.version, entry.type, entry.hash, entry.actor, entry.correlation_id])).toEqual(
        events.map((event) => [event.version, event.type, event.hash, 'advisor-1', event.correlationId]),
      );
      expect(answer.json.entries[2].summary).toBe('Investment objectives set to income, growth.');
      expect(answer.text).not.toMatch(/Lovelace|ada@example\.com|1980-12-10/);

      const proposed = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: id } });
      const portfolio = await service.call('GET', `/audit/streams/portfolio-${proposed.json.uuid}`, { token: compliance });
      expect(portfolio.json.entries[0]).toMatchObject({ type: 'PortfolioProposed', engine_version: expect.any(String), rule_set_version: expect.any(String) });
      expect(portfolio.json.entries[0].summary).toMatch(/^Portfolio proposed by advisor advisor-1 for profile .*3 banks, 7 deposits, amount 108580\.50, growth 367\.76 per 1 Month/);
    });

    it('serves the diff between two versions, and 400 naming a bad from or to', async () => {
      const id = await profileWith(1);
      const diff = await service.call('GET', `/audit/streams/profile-${id}/diff?from=1&to=2`, { token: compliance });
      expect(diff.status).toBe(200);
      expect(diff.json).toMatchObject({ stream_id: `profile-${id}`, from: { version: 1 }, to: { version: 2 } });
      expect(diff.json.changes).toContainEqual({ path: 'investment_objectives[0]', change: 'changed', from: 'income', to: 'growth' });
      expect(diff.json.events.map((event: any) => event.type)).toEqual(['ObjectivesSet']);
      for (const [query, parameter] of [['from=x', 'from'], ['to=-1', 'to'], ['to=3', 'to'], ['from=2&to=1', 'from'], ['to=1.5', 'to']] as const) {
        const bad = await service.call('GET', `/audit/streams/profile-${id}/diff?${query}`, { token: compliance });
        expect(bad.status).toBe(400);
        expect(bad.headers.get('content-type')).toBe('application/problem+json');
        expect(bad.json.errors.map((error: any) => error.path)).toEqual([parameter]);
      }
      expect((await service.call('GET', '/audit/streams/profile-none/diff', { token: compliance })).status).toBe(404);
    });
  });

  describe('as-of views', () => {
    type Step = 'risk' | 'objectives' | 'allocation' | 'propose' | 'revise' | 'review';
    const stepOf: Record<Step, (profileId: string, portfolios: string[]) => Promise<unknown>> = {
      risk: (id) => service.call('POST', `/profiles/${id}/risk-assessments`, { token: advisor, body: { risk_score: 55, time_horizon_years: '7', liquidity_needs: null, notes: null } }),
      objectives: (id) => service.call('POST', `/profiles/${id}/objectives`, { token: advisor, body: { investment_objectives: ['growth'] } }),
      allocation: (id) => service.call('POST', `/profiles/${id}/target-allocation`, { token: advisor, body: { target_allocation: { bonds: '30', cash: '70' } } }),
      propose: async (id, portfolios) => {
        const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: id } });
        portfolios.push(answer.json.uuid);
      },
      revise: async (_, portfolios) => {
        const changed = validRequest();
        changed.new_delta.period = '2';
        if (portfolios[0] !== undefined) await service.call('POST', `/portfolios/${portfolios[0]}/revisions`, { token: advisor, body: changed });
      },
      review: (id) => service.call('POST', `/profiles/${id}/compliance-reviews`, { token: compliance, body: { outcome: 'approved' } }),
    };

    const expectedProfile = (events: ReadonlyArray<RecordedEvent>) =>
      JSON.parse(JSON.stringify(profileBody({ ...snapshotFields(events), state: fold(profileAggregate.decider, events.map(profileAggregate.decode)) as ProfileView })));
    const expectedPortfolio = (events: ReadonlyArray<RecordedEvent>) =>
      JSON.parse(JSON.stringify(portfolioBody({ ...snapshotFields(events), state: fold(portfolioAggregate.decider, events.map(portfolioAggregate.decode)) as PortfolioView })));
    const snapshotFields = (events: ReadonlyArray<RecordedEvent>) => ({
      streamId: events[0]!.streamId,
      version: events.at(-1)!.version,
      lastHash: events.at(-1)!.hash,
      lastRecordedAt: events.at(-1)!.recordedAt,
    });

    it('equal the fold of the events recorded up to the instant or version, for random histories', async () => {
      const history = fc.array(fc.constantFrom<Step>('risk', 'objectives', 'allocation', 'propose', 'revise', 'review'), { minLength: 1, maxLength: 5 });
      const instants = fc.array(fc.tuple(fc.double({ min: -0.1, max: 1.1, noNaN: true }), fc.constantFrom(0, 60, -300, 330, -570)), { minLength: 2, maxLength: 4 });
      await fc.assert(
        fc.asyncProperty(history, instants, fc.nat(), async (steps, picks, exact) => {
          const profileId = await profileWith(0);
          const portfolios: string[] = [];
          for (const step of steps) await stepOf[step](profileId, portfolios);
          const events = await store.readStream(`profile-${profileId}` as StreamId);
          const portfolioEvents = portfolios.length === 0 ? [] : await store.readStream(`portfolio-${portfolios[0]}` as StreamId);
          const first = Date.parse(events[0]!.recordedAt);
          const last = Date.parse(events.at(-1)!.recordedAt);
          // Random instants around the history, and one exactly at an event's recorded time (the bound is inclusive).
          const millis = [...picks.map(([share, offset]) => [Math.round(first + share * Math.max(last - first, 10)), offset] as const), [Date.parse(events[exact % events.length]!.recordedAt), 0] as const];
          for (const [instant, offset] of millis) {
            const asOf = withOffset(instant, offset);
            const upTo = (stream: ReadonlyArray<RecordedEvent>) => stream.filter((event) => Date.parse(event.recordedAt) <= instant);
            const profile = await service.call('GET', `/profiles/${profileId}?as_of=${encodeURIComponent(asOf)}`, { token: compliance });
            const seen = upTo(events);
            if (seen.length === 0) expect(profile.status).toBe(404);
            else expect([profile.status, profile.json]).toEqual([200, expectedProfile(seen)]);
            if (portfolioEvents.length > 0) {
              const portfolio = await service.call('GET', `/portfolios/${portfolios[0]}?as_of=${encodeURIComponent(asOf)}`, { token: compliance });
              const seenPortfolio = upTo(portfolioEvents);
              if (seenPortfolio.length === 0) expect(portfolio.status).toBe(404);
              else expect([portfolio.status, portfolio.json]).toEqual([200, expectedPortfolio(seenPortfolio)]);
            }
          }
          const version = 1 + (exact % events.length);
          const byVersion = await service.call('GET', `/profiles/${profileId}?version=${version}`, { token: compliance });
          expect([byVersion.status, byVersion.json]).toEqual([200, expectedProfile(events.slice(0, version))]);
        }),
        { numRuns: 12 },
      );
    });
  });
});
