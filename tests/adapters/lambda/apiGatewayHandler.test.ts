import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAudience, defaultClockToleranceSeconds, defaultIssuer, type AuthConfig } from '../../../adapters/auth/authConfig.js';
import { signDevToken } from '../../../adapters/auth/devToken.js';
import { commandApp, queryApp } from '../../../adapters/http/serviceApp.js';
import { apiGatewayHandler, withCorrelationId, type ApiGatewayHandler } from '../../../adapters/lambda/apiGatewayHandler.js';
import { createObservability, unexpectedErrorLogger, unmatchedRoute } from '../../../adapters/lambda/observability.js';
import { errorFields } from '../../../adapters/logging/errorFields.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { apiGatewayEvent, lambdaContext, type ApiRequest } from './support/apiGatewayEvents.js';
import { captureOutput } from './support/capturedOutput.js';

const pii = { name: 'Ada Quintessa Lovelace', date_of_birth: '1961-12-10', email: 'ada.lovelace@example.com', tax_id_last4: '8842' };
const profileBody = {
  client_id: 'client-31',
  client: pii,
  investment_objectives: ['income'],
  risk_score: 40,
  time_horizon_years: '5',
  liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
  target_allocation: { bonds: '60', us_equity: '30', cash: '10' },
  existing_holdings: [],
};

let dynamo: DynamoFixture;
let token: string;
let commands: ApiGatewayHandler;
let queries: ApiGatewayHandler;

const observabilityOf = (functionName: string) =>
  createObservability({ functionName, serviceName: 'fiducia', logLevel: 'INFO', metricsNamespace: 'Fiducia' });

beforeAll(async () => {
  dynamo = await useDynamo();
  const secret = new Uint8Array(randomBytes(32));
  const auth: AuthConfig = { kind: 'hs256', secret, issuer: defaultIssuer, audience: defaultAudience, clockToleranceSeconds: defaultClockToleranceSeconds };
  token = await signDevToken({ sub: 'advisor-7', roles: ['advisor'], secret, expiresIn: '1h' });
  const commandSide = observabilityOf('command-api');
  const querySide = observabilityOf('query-api');
  commands = apiGatewayHandler(commandApp({ dynamo: dynamo.client, tables: dynamo.tables, auth, onUnexpected: unexpectedErrorLogger(commandSide) }), commandSide);
  queries = apiGatewayHandler(
    queryApp({
      dynamo: dynamo.client,
      tables: dynamo.tables,
      auth,
      // A failing health check stands in for any unexpected error; its message carries client data on purpose.
      health: async () => {
        throw new Error(`cannot reach the store for ${pii.email}`);
      },
      onUnexpected: unexpectedErrorLogger(querySide),
    }),
    querySide,
  );
});

const invoke = (handler: ApiGatewayHandler, method: string, path: string, request: ApiRequest = {}) =>
  captureOutput(() => handler(apiGatewayEvent(method, path, request), lambdaContext(method === 'GET' ? 'QueryApi' : 'CommandApi')));

const storedCorrelationIds = async (streamId: string): Promise<string[]> => {
  const { Items } = await dynamo.client.send(
    new QueryCommand({ TableName: dynamo.tables.events, KeyConditionExpression: 'stream_id = :s', ExpressionAttributeValues: { ':s': { S: streamId } }, ConsistentRead: true }),
  );
  return (Items ?? []).map((item) => item.correlation_id?.S ?? '');
};

describe('API Gateway handler: request logs, metrics and correlation ids', () => {
  it('logs one line per request with method, route pattern, status, duration and correlation id, and echoes the id', async () => {
    const { result, output } = await invoke(commands, 'POST', '/profiles', { token, body: profileBody, headers: { 'x-correlation-id': 'onboarding-2026-0314' }, requestId: 'Jq1pYh3EMF-Q=' });
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['x-correlation-id']).toBe('onboarding-2026-0314');

    const lines = output.logs('request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'fiducia',
      method: 'POST',
      route: 'POST /profiles',
      status: 201,
      correlation_id: 'onboarding-2026-0314',
      request_id: 'Jq1pYh3EMF-Q=',
      function_name: 'Fiducia-CommandApi-A1B2C3D4E5F6',
    });
    expect(lines[0].duration_ms).toBeGreaterThan(0);
    // The id the caller sent is the one recorded in the events the command appended.
    const profileId = JSON.parse(result.body ?? '{}').profile_id;
    expect(await storedCorrelationIds(`profile-${profileId}`)).toEqual(['onboarding-2026-0314']);
  });

  it('never logs the request body, the bearer token, the query string or other headers, even when the request fails', async () => {
    const created = await invoke(commands, 'POST', '/profiles', { token, body: profileBody });
    const invalid = await invoke(commands, 'POST', '/profiles', { token, body: { ...profileBody, risk_score: 'high', client: { ...pii, email: 'not-an-email' } } });
    const profileId = JSON.parse(created.result.body ?? '{}').profile_id;
    const read = await invoke(queries, 'GET', `/profiles/${profileId}`, { token, query: `note=${encodeURIComponent(pii.name)}` });
    const refused = await invoke(commands, 'POST', '/profiles', { token: `${token}x`, body: profileBody });

    expect([created.result.statusCode, invalid.result.statusCode, read.result.statusCode, refused.result.statusCode]).toEqual([201, 400, 200, 401]);
    // The answer to the read does carry the PII: what is checked is that the log does not.
    expect(read.result.body).toContain(pii.email);
    for (const { output } of [created, invalid, read, refused]) {
      expect(output.logs('request')).toHaveLength(1);
      for (const secret of [token, 'Bearer', 'authorization', ...Object.values(pii), 'not-an-email', 'note=', '203.0.113.7', 'fiducia-tests']) {
        expect(output.text).not.toContain(secret);
      }
    }
    expect(read.output.logs('request')[0]).toMatchObject({ method: 'GET', route: 'GET /profiles/:id', status: 200 });
  });

  it('takes the API Gateway request id as correlation id when the caller sends none or an unusable one, and records it', async () => {
    const { result, output } = await invoke(commands, 'POST', '/profiles', { token, body: profileBody, headers: { 'x-correlation-id': 'two words' }, requestId: 'Kx7fGh2EMF-Q=' });
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['x-correlation-id']).toBe('Kx7fGh2EMF-Q=');
    expect(output.logs('request')[0]).toMatchObject({ correlation_id: 'Kx7fGh2EMF-Q=', request_id: 'Kx7fGh2EMF-Q=' });
    const profileId = JSON.parse(result.body ?? '{}').profile_id;
    expect(await storedCorrelationIds(`profile-${profileId}`)).toEqual(['Kx7fGh2EMF-Q=']);
  });

  it('counts requests by route pattern and status, and commits only for commands that appended events', async () => {
    const first = await invoke(commands, 'POST', '/profiles', { token, body: profileBody, headers: { 'idempotency-key': 'retry-me' } });
    const replay = await invoke(commands, 'POST', '/profiles', { token, body: profileBody, headers: { 'idempotency-key': 'retry-me' } });
    const unknown = await invoke(commands, 'POST', '/profiles/nope/objectives', { token, body: { investment_objectives: ['income'] } });
    const nowhere = await invoke(queries, 'GET', '/no/such/thing', { token });

    expect(first.output.metrics('Requests')).toEqual([
      expect.objectContaining({ Requests: 1, route: 'POST /profiles', status: '201', function: 'command-api', service: 'fiducia' }),
    ]);
    expect(first.output.metrics('Requests')[0]._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Fiducia',
      Dimensions: [['service', 'function', 'route', 'status']],
    });
    expect(first.output.metrics('CommandsCommitted')).toEqual([expect.objectContaining({ CommandsCommitted: 1, route: 'POST /profiles' })]);

    expect(replay.result.headers?.['idempotent-replayed']).toBe('true');
    expect(replay.output.logs('request')[0]).toMatchObject({ status: 201, idempotent_replayed: true });
    expect(replay.output.metrics('CommandsCommitted')).toEqual([]);

    expect(unknown.result.statusCode).toBe(404);
    expect(unknown.output.metrics('Requests')).toEqual([expect.objectContaining({ route: 'POST /profiles/:id/objectives', status: '404' })]);
    expect(unknown.output.metrics('CommandsCommitted')).toEqual([]);

    expect(nowhere.result.statusCode).toBe(404);
    expect(nowhere.output.logs('request')[0]).toMatchObject({ route: unmatchedRoute, status: 404 });
    expect(nowhere.output.text).not.toContain('/no/such/thing');
  });

  it('logs an unexpected error by its class and stack frames, never its message, and still answers a problem document', async () => {
    const { result, output } = await invoke(queries, 'GET', '/health', { headers: { 'x-correlation-id': 'probe-1' } });
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(result.headers?.['x-correlation-id']).toBe('probe-1');
    const [unexpected] = output.logs('unexpected error');
    expect(unexpected).toMatchObject({ level: 'ERROR', error_name: 'Error', route: '/health', correlation_id: 'probe-1' });
    expect(unexpected.error_stack).toMatch(/at /);
    expect(output.logs('request')).toEqual([expect.objectContaining({ level: 'ERROR', route: 'GET /health', status: 500 })]);
    expect(output.text).not.toContain(pii.email);
  });
});

describe('correlation id of an API Gateway event', () => {
  it('keeps an acceptable id, and replaces a missing or unusable one (in any letter case) by the request id', () => {
    const kept = apiGatewayEvent('POST', '/profiles', { headers: { 'x-correlation-id': 'abc-123' }, requestId: 'R1' });
    expect(withCorrelationId(kept)).toBe(kept);
    expect(withCorrelationId(apiGatewayEvent('POST', '/profiles', { requestId: 'R2' })).headers['x-correlation-id']).toBe('R2');
    const mixed = withCorrelationId(apiGatewayEvent('POST', '/profiles', { headers: { 'X-Correlation-Id': 'has space' }, requestId: 'R3' }));
    expect(Object.entries(mixed.headers).filter(([name]) => name.toLowerCase() === 'x-correlation-id')).toEqual([['x-correlation-id', 'R3']]);
    expect(withCorrelationId(apiGatewayEvent('POST', '/profiles', { headers: { 'x-correlation-id': 'x'.repeat(256) }, requestId: 'R4' })).headers['x-correlation-id']).toBe('R4');
  });

  it('describes a non-Error throw by its type alone', () => {
    expect(errorFields('ada.lovelace@example.com')).toEqual({ error_name: 'string' });
  });
});
