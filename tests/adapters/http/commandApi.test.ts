import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { startTestService, type TestService } from '../../support/testService.js';

const examples = new URL('../../../../shared/examples/requests/', import.meta.url);
const example = (name: string) => JSON.parse(readFileSync(new URL(name, examples), 'utf8'));
const validRequest = () => example('portfolio_request_valid.json');

const profileBody = (clientId: string) => ({
  client_id: clientId,
  client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
  investment_objectives: ['income'],
  risk_score: 40,
  time_horizon_years: '5',
  liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
  target_allocation: { bonds: '60', cash: '40' },
  existing_holdings: [{ plan_name: 'Acme 401(k)', plan_type: '401k', balance: '182000.55', annual_fee_percent: '0.85' }],
});

describe('command API over HTTP (DynamoDB Local)', () => {
  let dynamo: DynamoFixture;
  let service: TestService;
  let advisor: string;
  let otherAdvisor: string;
  let compliance: string;
  let client: string;

  const eventCount = async () =>
    (await dynamo.client.send(new ScanCommand({ TableName: dynamo.tables.events, Select: 'COUNT', ConsistentRead: true }))).Count ?? 0;

  beforeAll(async () => {
    dynamo = await useDynamo();
    service = await startTestService(dynamo);
    advisor = await service.token('advisor-1', 'advisor');
    otherAdvisor = await service.token('advisor-2', 'advisor');
    compliance = await service.token('compliance-1', 'compliance');
    client = await service.token('client-7', 'client');
  });
  afterAll(() => service?.close());

  describe('POST /api/drive-deposits/calculate-portfolio', () => {
    it('reproduces the worked example of domain.md §3, banks in request order, and stores the proposal', async () => {
      const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest() });
      expect(answer.status).toBe(200);
      const body = answer.json;
      expect(answer.headers.get('location')).toBe(`/portfolios/${body.uuid}`);
      expect(answer.headers.get('etag')).toBe('"1"');
      expect(body.banks.map((b: { name: string }) => b.name)).toEqual(['MOUNTAIN', 'PEACEMAKER', 'VISION-BANK']);
      const figures = body.banks.flatMap((bank: any) =>
        bank.deposits.map((d: any) => [d.outcome.maturity.interest, d.outcome.maturity.total, d.outcome.delta.growth, d.outcome_with_dates.maturity_date_in_bank_tz]),
      );
      expect(figures).toEqual([
        ['0.10', '100.10', '0.00', '2028-12-29'],
        ['5545.80', '55545.80', '227.91', '2020-04-06'],
        ['2220.04', '23220.04', '18.25', '2028-08-11'],
        ['1846.32', '12836.32', '21.68', '2031-02-14'],
        ['3846.50', '14836.50', '45.16', '2030-02-14'],
        ['122.10', '5622.10', '10.04', '2021-02-15'],
        ['10882.06', '20882.56', '44.72', '2044-02-11'],
      ]);
      expect(body.banks.map((b: any) => b.outcome.delta.growth)).toEqual(['246.16', '21.68', '99.92']);
      expect(body.outcome).toEqual({
        delta: { period: '1', period_unit: 'Month', growth: '367.76' },
        maturity: { amount: '108580.50', interest: '24462.92', total: '133043.42' },
        errors: [],
      });

      const stored = await service.call('GET', `/portfolios/${body.uuid}`, { token: advisor });
      expect(stored.status).toBe(200);
      expect(stored.json).toEqual(body);
    });

    it('answers 400 listing every invalid field, and writes nothing', async () => {
      const before = await eventCount();
      const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', {
        token: advisor,
        body: example('portfolio_request_invalid_period_unit_account_type_decimal_bank_tz_start_date.json'),
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual([
        'new_delta.period_unit',
        'new_banks[0].bank_tz',
        'new_banks[0].new_deposits[0].start_date_in_bank_tz',
        'new_banks[0].new_deposits[2].apy',
        'new_banks[2].new_deposits[2].account_type',
      ]);
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['new_delta.period', (r: any) => (r.new_delta.period = '0')],
      ['new_delta.period_unit', (r: any) => (r.new_delta.period_unit = 'Unspecified')],
      ['new_banks', (r: any) => (r.new_banks = [])],
      ['new_banks[0].name', (r: any) => (r.new_banks[0].name = '')],
      ['new_banks[0].bank_tz', (r: any) => (r.new_banks[0].bank_tz = '+01:00')],
      ['new_banks[0].new_deposits', (r: any) => (r.new_banks[0].new_deposits = [])],
      ['new_banks[0].new_deposits[0].account', (r: any) => (r.new_banks[0].new_deposits[0].account = 'abc')],
      ['new_banks[0].new_deposits[0].account_type', (r: any) => (r.new_banks[0].new_deposits[0].account_type = 'Unspecified')],
      ['new_banks[0].new_deposits[0].apy', (r: any) => (r.new_banks[0].new_deposits[0].apy = '100.01')],
      ['new_banks[0].new_deposits[0].years', (r: any) => (r.new_banks[0].new_deposits[0].years = '0')],
      ['new_banks[0].new_deposits[0].amount', (r: any) => (r.new_banks[0].new_deposits[0].amount = '10.001')],
      ['new_banks[0].new_deposits[0].start_date_in_bank_tz', (r: any) => (r.new_banks[0].new_deposits[0].start_date_in_bank_tz = '2023-02-29')],
      ['profile_uuid', (r: any) => (r.profile_uuid = 42)],
    ])('answers 400 naming %s, and writes nothing', async (path, mutate) => {
      const before = await eventCount();
      const request = validRequest();
      mutate(request);
      const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: request });
      expect(answer.status).toBe(400);
      expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual([path]);
      expect(await eventCount()).toBe(before);
    });

    it('names profile_uuid when it refers to no profile the advisor advises, and writes nothing', async () => {
      const before = await eventCount();
      const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: 'no-such-profile' } });
      expect(answer.status).toBe(400);
      expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(['profile_uuid']);
      // The value received is echoed, as a validation problem's is.
      expect(answer.json.errors[0].value).toBe('no-such-profile');
      expect(await eventCount()).toBe(before);
    });

    it('answers one commit and 20 identical responses to 20 concurrent sends of one Idempotency-Key', async () => {
      const before = await eventCount();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          service.call('POST', '/api/drive-deposits/calculate-portfolio', {
            token: advisor,
            body: validRequest(),
            headers: { 'idempotency-key': 'same-key-20' },
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(await eventCount()).toBe(before + 1);
    });

    it('accepts a large proposal with an Idempotency-Key exactly as without one, and replays it whole', async () => {
      const big = validRequest();
      const deposit = big.new_banks[0].new_deposits[0];
      big.new_banks = Array.from({ length: 100 }, (_, b) => ({
        name: `BANK-${b}`,
        bank_tz: 'America/New_York',
        new_deposits: Array.from({ length: 15 }, (_, d) => ({ ...deposit, account: `ACCT-${b}-${d}` })),
      }));
      const first = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: big, headers: { 'idempotency-key': 'big-one' } });
      expect(first.status).toBe(200);
      expect(first.text.length).toBeGreaterThan(400_000);
      const replay = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: big, headers: { 'idempotency-key': 'big-one' } });
      expect(replay.status).toBe(200);
      expect(replay.text).toBe(first.text);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses an Idempotency-Key reused for a different request with 422', async () => {
      const first = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest(), headers: { 'idempotency-key': 'reused' } });
      expect(first.status).toBe(200);
      const other = validRequest();
      other.new_delta.period = '2';
      const second = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: other, headers: { 'idempotency-key': 'reused' } });
      expect(second.status).toBe(422);
      expect(second.json.errors).toEqual([{ path: 'Idempotency-Key', value: 'reused', message: 'was already used for a different request' }]);
    });
  });

  describe('HTTP errors are problem documents', () => {
    it.each([
      ['malformed JSON', { body: '{"new_delta":', headers: {} }, 400],
      ['a non-JSON media type', { body: 'x', headers: { 'content-type': 'text/plain' } }, 415],
      ['a body over the limit', { body: `{"x":"${'a'.repeat(3_200_000)}"}`, headers: {} }, 413],
    ])('answers %s with its status', async (_, request, status) => {
      const before = await eventCount();
      const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, ...request });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json.status).toBe(status);
      expect(await eventCount()).toBe(before);
    });

    it('answers 405 with Allow for a known path and a wrong method, 404 for an unknown path', async () => {
      const wrong = await service.call('DELETE', '/profiles', { token: advisor });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toContain('POST');
      const unknown = await service.call('GET', '/nothing-here', { token: advisor });
      expect(unknown.status).toBe(404);
    });

    it('answers hostile bodies with 400 naming the spot, never a 500, and never quotes a malformed body', async () => {
      const before = await eventCount();
      const deep = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: `{"new_delta":${'['.repeat(5_000)}${']'.repeat(5_000)}}` });
      expect(deep.status).toBe(400);
      expect(deep.json.errors[0].message).toMatch(/deeper than/);
      const lone = validRequest();
      // JSON.stringify writes the lone surrogate as a \ud800 escape, which the server's JSON.parse turns back into one.
      lone.new_banks[1].name = 'PEACE\ud800MAKER';
      const surrogate = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: lone });
      expect(surrogate.status).toBe(400);
      expect(surrogate.json.errors[0].path).toBe('new_banks[1].name');
      const malformed = await service.call('POST', '/profiles', { token: advisor, body: '{"client":{"name":"Jane Secret","email":jane@example.com}}' });
      expect(malformed.status).toBe(400);
      expect(malformed.text).not.toMatch(/Jane|jane/);
      expect(await eventCount()).toBe(before);
    });

    it('answers 404 for an id longer than any the service issues, on every route', async () => {
      const long = 'a'.repeat(2_100);
      for (const path of [`/portfolios/${long}`, `/portfolios/${long}/by-level-for-deposits/maturity-date`, `/profiles/${long}`, `/audit/streams/portfolio-${long}`]) {
        expect((await service.call('GET', path, { token: compliance })).status).toBe(404);
      }
      expect((await service.call('GET', '/profiles/some-id/', { token: advisor })).status).toBe(404);
    });

    it('answers /health without a token', async () => {
      expect((await service.call('GET', '/health')).status).toBe(200);
    });
  });

  describe('authentication and authorization', () => {
    const header = (value: string) => ({ headers: { authorization: value } });
    it('answers 401 to missing, malformed, expired, wrongly signed and alg:none tokens', async () => {
      const expired = await new SignJWT({ roles: ['advisor'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('advisor-1')
        .setIssuer('fiducia-local')
        .setAudience('fiducia')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(service.secret);
      const foreign = await new SignJWT({ roles: ['advisor'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('advisor-1')
        .setIssuer('fiducia-local')
        .setAudience('fiducia')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another secret of at least thirty-two bytes!!'));
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'advisor-1', roles: ['advisor'], iss: 'fiducia-local', aud: 'fiducia', exp: 9_999_999_999 })}.`;
      for (const options of [{}, header('Bearer'), header('Basic abc'), header('Bearer not.a.jwt'), header(`Bearer ${expired}`), header(`Bearer ${foreign}`), header(`Bearer ${none}`)]) {
        const before = await eventCount();
        const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { ...options, body: validRequest() });
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await eventCount()).toBe(before);
      }
    });

    it('answers 403 to a role that may not send the command', async () => {
      const answer = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: client, body: validRequest() });
      expect(answer.status).toBe(403);
      const review = await service.call('POST', '/profiles', { token: compliance, body: profileBody('client-7') });
      expect(review.status).toBe(403);
    });

    it("answers 404 for another client's profile and another advisor's changes, never revealing it exists", async () => {
      const created = await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') });
      expect(created.status).toBe(201);
      const id = created.json.profile_id;
      const stranger = await service.token('client-8', 'client');
      expect((await service.call('GET', `/profiles/${id}`, { token: stranger })).status).toBe(404);
      expect((await service.call('GET', `/profiles/${id}`, { token: client })).status).toBe(200);
      expect((await service.call('GET', `/profiles/${id}`, { token: compliance })).status).toBe(200);
      const meddling = await service.call('POST', `/profiles/${id}/objectives`, { token: otherAdvisor, body: { investment_objectives: ['growth'] } });
      expect(meddling.status).toBe(404);
    });
  });

  describe('profiles and proposals', () => {
    it('runs a profile through its lifecycle, linking a proposal with best-interest findings', async () => {
      const created = await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') });
      expect(created.status).toBe(201);
      const id = created.json.profile_id;
      expect(created.headers.get('location')).toBe(`/profiles/${id}`);
      expect(created.json).toMatchObject({ status: 'Draft', version: 1, advisor_id: 'advisor-1' });

      const big = validRequest();
      big.new_banks[0].new_deposits[1].amount = '300000';
      const proposed = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...big, profile_uuid: id } });
      expect(proposed.status).toBe(200);
      expect(proposed.json.profile_uuid).toBe(id);
      const rules = proposed.json.best_interest.findings.map((f: { rule: string }) => f.rule);
      expect(rules).toContain('deposit-insurance');
      expect(rules).toContain('concentration');
      expect(rules).toContain('horizon');
      expect(proposed.json.best_interest.rule_set_version).toMatch(/\d/);
      // The findings carry the client's facts: another advisor is not told the proposal exists; an unlinked one they read.
      expect((await service.call('GET', `/portfolios/${proposed.json.uuid}`, { token: otherAdvisor })).status).toBe(404);
      expect((await service.call('GET', `/portfolios/${proposed.json.uuid}`, { token: compliance })).status).toBe(200);
      const unlinked = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest() });
      expect((await service.call('GET', `/portfolios/${unlinked.json.uuid}`, { token: otherAdvisor })).status).toBe(200);

      // The proposal records the profile version its findings were evaluated on, for audit replays.
      const stored = await dynamo.client.send(
        new ScanCommand({ TableName: dynamo.tables.events, ConsistentRead: true, FilterExpression: 'stream_id = :s', ExpressionAttributeValues: { ':s': { S: `portfolio-${proposed.json.uuid}` } } }),
      );
      expect(JSON.parse(stored.Items![0]!.data!.S!).profile_version).toBe(1);

      const profile = await service.call('GET', `/profiles/${id}`, { token: client });
      expect(profile.json).toMatchObject({ status: 'Proposed', version: 2 });
      expect(profile.json.linked_portfolios.map((l: { portfolio_id: string }) => l.portfolio_id)).toEqual([proposed.json.uuid]);

      const applied = await service.call('POST', `/profiles/${id}/applications`, { token: advisor, body: { portfolio_id: proposed.json.uuid } });
      expect(applied.status).toBe(200);
      const opened = await service.call('POST', `/profiles/${id}/account-openings`, { token: advisor, body: { account_number_last4: '9876', custodian: 'Custodian Inc' } });
      expect(opened.json.status).toBe('AccountOpened');
      const reviewed = await service.call('POST', `/profiles/${id}/compliance-reviews`, { token: compliance, body: { outcome: 'approved' } });
      expect(reviewed.status).toBe(200);
      expect(reviewed.json.compliance_reviews).toHaveLength(1);
      expect(reviewed.headers.get('etag')).toBe('"5"');
      const late = await service.call('POST', `/profiles/${id}/objectives`, { token: advisor, body: { investment_objectives: ['growth'] } });
      expect(late.status).toBe(409);
    });

    it('answers 412 with the current ETag when If-Match is stale, and applies a matching If-Match', async () => {
      const created = await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-9') });
      const id = created.json.profile_id;
      const stale = await service.call('POST', `/profiles/${id}/objectives`, { token: advisor, body: { investment_objectives: ['growth'] }, headers: { 'if-match': '"7"' } });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe('"1"');
      expect(stale.json.errors).toEqual([{ path: 'If-Match', value: '"7"', message: expect.stringContaining('current version 1') }]);
      const fresh = await service.call('POST', `/profiles/${id}/objectives`, { token: advisor, body: { investment_objectives: ['growth'] }, headers: { 'if-match': '"1"' } });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('etag')).toBe('"2"');
      const malformed = await service.call('POST', `/profiles/${id}/objectives`, { token: advisor, body: { investment_objectives: ['growth'] }, headers: { 'if-match': 'soon' } });
      expect(malformed.status).toBe(400);
      expect(malformed.json.errors[0].path).toBe('If-Match');
    });

    it('reads If-Match as RFC 9110 does: "*" and lists match, a weak tag never does', async () => {
      const id = (await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-9') })).json.profile_id;
      const objectives = (ifMatch: string) =>
        service.call('POST', `/profiles/${id}/objectives`, { token: advisor, body: { investment_objectives: ['growth'] }, headers: { 'if-match': ifMatch } });
      // Strong comparison: W/"1" names version 1, yet never matches.
      expect((await objectives('W/"1"')).status).toBe(412);
      expect((await objectives('"7", "1"')).headers.get('etag')).toBe('"2"');
      expect((await objectives('W/"2", "9"')).status).toBe(412);
      expect((await objectives('*')).headers.get('etag')).toBe('"3"');
      // "*" on a profile that does not exist: it is not found, as without the header.
      expect((await service.call('POST', '/profiles/00000000-0000-4000-8000-000000000001/objectives', { token: advisor, body: { investment_objectives: ['growth'] }, headers: { 'if-match': '*' } })).status).toBe(404);
      expect((await objectives('"3", ,')).headers.get('etag')).toBe('"4"');
      expect((await objectives(' , ')).status).toBe(400);
      // A tag may hold a comma: a foreign one is well-formed and matches nothing.
      expect((await objectives('"a,b"')).status).toBe(412);
      expect((await objectives('"a,b", "4"')).headers.get('etag')).toBe('"5"');
    });

    it("checks a proposal's If-Match against the profile it is for, and writes nothing when it is stale", async () => {
      const created = await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') });
      const id = created.json.profile_id;
      const events = await eventCount();
      const propose = (etag: string, body: unknown = { ...validRequest(), profile_uuid: id }) =>
        service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body, headers: { 'if-match': etag } });
      const stale = await propose('"7"');
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe('"1"');
      // Without a profile the precondition names the new portfolio, which has no version yet.
      expect((await propose('"1"', validRequest())).status).toBe(412);
      expect(await eventCount()).toBe(events);
      expect((await propose('"1"')).status).toBe(200);
      expect((await service.call('GET', `/profiles/${id}`, { token: advisor })).headers.get('etag')).toBe('"2"');
    });

    it('lets exactly one of 50 concurrent state-changing commands win; the other 49 get 409 and versions stay contiguous', async () => {
      const created = await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') });
      const id = created.json.profile_id;
      await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: id } });
      // All 50 are decided on version 2 (Proposed); only one application can move it to Applied.
      const answers = await Promise.all(Array.from({ length: 50 }, () => service.call('POST', `/profiles/${id}/applications`, { token: advisor, body: {} })));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const events = await dynamo.client.send(
        new ScanCommand({ TableName: dynamo.tables.events, ConsistentRead: true, FilterExpression: 'stream_id = :s', ExpressionAttributeValues: { ':s': { S: `profile-${id}` } } }),
      );
      expect((events.Items ?? []).map((i) => Number(i.version!.N)).sort((a, b) => a - b)).toEqual([1, 2, 3]);
    });

    it('refuses an application for a withdrawn proposal, and any change to a proposal the client applied for', async () => {
      const created = await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') });
      const id = created.json.profile_id;
      const first = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: id } });
      const second = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: id } });
      expect((await service.call('POST', `/portfolios/${first.json.uuid}/withdrawal`, { token: advisor, body: {} })).status).toBe(200);

      const forWithdrawn = await service.call('POST', `/profiles/${id}/applications`, { token: advisor, body: { portfolio_id: first.json.uuid } });
      expect(forWithdrawn.status).toBe(400);
      expect(forWithdrawn.json.errors[0]).toMatchObject({ path: 'portfolio_id', value: first.json.uuid });

      expect((await service.call('POST', `/profiles/${id}/applications`, { token: advisor, body: { portfolio_id: second.json.uuid } })).status).toBe(200);
      const revised = await service.call('POST', `/portfolios/${second.json.uuid}/revisions`, { token: advisor, body: validRequest() });
      expect(revised.status).toBe(409);
      expect((await service.call('POST', `/portfolios/${second.json.uuid}/withdrawal`, { token: advisor, body: {} })).status).toBe(409);
      expect((await service.call('GET', `/portfolios/${second.json.uuid}`, { token: advisor })).json.version).toBe(1);
    });

    it('applies without naming a proposal only while one stands, and that covers only the proposals made before it', async () => {
      const id = (await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') })).json.profile_id;
      const proposeForProfile = async () =>
        (await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: id } })).json.uuid as string;
      const withdraw = (portfolioId: string) => service.call('POST', `/portfolios/${portfolioId}/withdrawal`, { token: advisor, body: {} });
      expect((await withdraw(await proposeForProfile())).status).toBe(200);
      const nothingStands = await service.call('POST', `/profiles/${id}/applications`, { token: advisor, body: {} });
      expect(nothingStands.status).toBe(409);
      expect(nothingStands.json.detail).toContain('was withdrawn: there is none to apply for');

      const signed = await proposeForProfile();
      expect((await service.call('POST', `/profiles/${id}/applications`, { token: advisor, body: {} })).status).toBe(200);
      // A proposal made after the application is not what the client applied for: it may still be withdrawn.
      const later = await proposeForProfile();
      expect((await withdraw(later)).status).toBe(200);
      expect((await withdraw(signed)).status).toBe(409);
    });

    it("refuses an application naming another advisor's portfolio as not proposed for the profile, whatever its state", async () => {
      const others = (await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest() })).json.uuid as string;
      const open = (await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest() })).json.uuid as string;
      expect((await service.call('POST', `/portfolios/${others}/withdrawal`, { token: advisor, body: {} })).status).toBe(200);
      const own = (await service.call('POST', '/profiles', { token: otherAdvisor, body: profileBody('client-8') })).json.profile_id;
      await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: otherAdvisor, body: { ...validRequest(), profile_uuid: own } });
      // The same answer for a withdrawn and an open portfolio of someone else: nothing about them is given away.
      for (const portfolioId of [others, open]) {
        const answer = await service.call('POST', `/profiles/${own}/applications`, { token: otherAdvisor, body: { portfolio_id: portfolioId } });
        expect(answer.status).toBe(400);
        expect(answer.json.detail).toContain(`was not proposed for profile ${own}`);
      }
    });

    it('answers a command on a profile that does not exist 404, with If-Match too, as for a profile of another advisor', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const ofAnother = (await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-9') })).json.profile_id;
      for (const id of [missing, ofAnother]) {
        const answer = await service.call('POST', `/profiles/${id}/objectives`, { token: otherAdvisor, body: { investment_objectives: ['growth'] }, headers: { 'if-match': '"7"' } });
        expect(answer.status, id).toBe(404);
      }
    });

    it('revises a proposal with recalculated figures and withdraws it', async () => {
      const proposed = await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: validRequest() });
      const id = proposed.json.uuid;
      const changed = validRequest();
      changed.new_delta = { period: '1', period_unit: 'Year' };
      const revised = await service.call('POST', `/portfolios/${id}/revisions`, { token: advisor, body: changed, headers: { 'if-match': '"1"' } });
      expect(revised.status).toBe(200);
      expect(revised.json).toMatchObject({ uuid: id, revision: 1, version: 2, status: 'proposed' });
      expect(revised.json.outcome.delta.period_unit).toBe('Year');
      expect(revised.json.outcome.maturity.interest).toBe('24462.92');

      // Another advisor reads a portfolio proposed for no client, so is told it is not theirs to change (403), not
      // that it does not exist; a portfolio proposed for a client they do not advise is hidden from them (404).
      expect((await service.call('GET', `/portfolios/${id}`, { token: otherAdvisor })).status).toBe(200);
      expect((await service.call('POST', `/portfolios/${id}/revisions`, { token: otherAdvisor, body: changed })).status).toBe(403);
      const profileId = (await service.call('POST', '/profiles', { token: advisor, body: profileBody('client-7') })).json.profile_id;
      const forClient = (await service.call('POST', '/api/drive-deposits/calculate-portfolio', { token: advisor, body: { ...validRequest(), profile_uuid: profileId } })).json.uuid;
      expect((await service.call('POST', `/portfolios/${forClient}/withdrawal`, { token: otherAdvisor, body: {} })).status).toBe(404);
      const withdrawn = await service.call('POST', `/portfolios/${id}/withdrawal`, { token: advisor, body: { reason: 'client declined' } });
      expect(withdrawn.json).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'client declined' } });
      expect((await service.call('POST', `/portfolios/${id}/withdrawal`, { token: advisor, body: {} })).status).toBe(409);
    });
  });
});
