import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { APIGatewayProxyStructuredResultV2, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankingQueries } from '../../../adapters/dynamodb/rankingQueries.js';
import { ensureStream } from '../../../adapters/kinesis/ensureStream.js';
import { startKinesalite, type KinesaliteHandle } from '../../../adapters/kinesis/kinesaliteLocal.js';
import { createKinesisClient } from '../../../adapters/kinesis/kinesisClient.js';
import { readLineage } from '../../../adapters/kinesis/lineageConsumer.js';
import { verifyLineage } from '../../../adapters/kinesis/lineageVerification.js';
import { bundleLambdas, type BundledLambda } from '../../../infra/bundle.js';
import { lambdaNames, type LambdaName } from '../../../infra/lambdaEntries.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { apiGatewayEvent, lambdaContext, type ApiRequest } from './support/apiGatewayEvents.js';
import { LambdaStartError, startLambdaProcess, type LambdaProcess } from './support/lambdaProcess.js';

// The bundles, not the sources: what `cdk deploy` uploads is what runs here, each in a Node process of its own with
// only the environment the stack gives it, against DynamoDB Local, kinesalite, a JWKS served on loopback and a
// recording stand-in for EventBridge (which has no local engine).

const examples = new URL('../../../../shared/examples/requests/', import.meta.url);
const workedExample = () => JSON.parse(readFileSync(new URL('portfolio_request_valid.json', examples), 'utf8'));

const issuer = 'https://idp.example.test/';
const audience = 'api://fiducia';
const keyId = 'fiducia-test-key-1';
const busName = 'Fiducia-integration';
const lineageStreamName = 'Fiducia-LineageStream-TEST';

/** What the EventBridge stand-in received: one entry list per PutEvents call. */
interface PutEventsCall {
  readonly target: string | undefined;
  readonly entries: ReadonlyArray<{ Source: string; DetailType: string; Detail: string; EventBusName: string }>;
}

let outDir: string;
let bundles: ReadonlyArray<BundledLambda>;
let bundleMs: number;
const functions = new Map<LambdaName, LambdaProcess>();
let lambdaEnv: Record<string, string>;
let dynamo: DynamoFixture;
let kinesalite: KinesaliteHandle;
let kinesis: KinesisClient;
let jwks: Server;
let eventBridge: Server;
const putEventsCalls: PutEventsCall[] = [];
/** Event ids the EventBridge stand-in refuses (as a transient InternalFailure). */
const refusedOnBus = new Set<string>();
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => {
    if (server === undefined) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });

const bodyOf = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const token = (key: CryptoKey, roles: ReadonlyArray<string> = ['advisor']) =>
  new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' })
    .setSubject('advisor-7')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);

const contextNames: Readonly<Record<LambdaName, string>> = { 'command-api': 'CommandApi', 'query-api': 'QueryApi', projector: 'Projector', publisher: 'Publisher' };
let invocations = 0;
const invoke = <R>(name: LambdaName, event: unknown) => functions.get(name)!.invoke<R>(event, lambdaContext(contextNames[name], ++invocations));
const callApi = (name: 'command-api' | 'query-api', method: string, path: string, request: ApiRequest) =>
  invoke<APIGatewayProxyStructuredResultV2>(name, apiGatewayEvent(method, path, request));
const project = (event: DynamoDBStreamEvent) => invoke<DynamoDBBatchResponse>('projector', event);
const publish = (event: DynamoDBStreamEvent) => invoke<DynamoDBBatchResponse>('publisher', event);

/** The stored items of an event stream, as the events table holds them. */
const storedItems = async (streamId: string): Promise<Record<string, AttributeValue>[]> =>
  (
    await dynamo.client.send(
      new QueryCommand({ TableName: dynamo.tables.events, KeyConditionExpression: 'stream_id = :s', ExpressionAttributeValues: { ':s': { S: streamId } }, ConsistentRead: true }),
    )
  ).Items ?? [];

let sequence = 0n;
/** The DynamoDB Streams records (NEW_IMAGE) Lambda would deliver for appended items, in commit order. */
const streamEventOf = (items: ReadonlyArray<Record<string, AttributeValue>>): DynamoDBStreamEvent => ({
  Records: items.map((item): DynamoDBRecord => {
    sequence += 1n;
    return {
      eventID: `c4ca4238a0b923820dcc509a6f75849${sequence}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: dynamo.eventsStreamArn,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: { stream_id: item.stream_id!, version: item.version! } as never,
        // Event items hold only S and N attributes, which the SDK's and Lambda's AttributeValue types describe alike.
        NewImage: item as never,
        SequenceNumber: (4421584500000000017450439000n + sequence).toString(),
        SizeBytes: JSON.stringify(item).length,
        StreamViewType: 'NEW_IMAGE',
      },
    };
  }),
});

const propose = async (correlationId: string) => {
  const { result } = await callApi('command-api', 'POST', '/api/drive-deposits/calculate-portfolio', {
    token: await token(signingKey),
    body: workedExample(),
    headers: { 'x-correlation-id': correlationId },
  });
  expect(result.statusCode).toBe(200);
  return JSON.parse(result.body ?? '{}');
};

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'fiducia-lambda-bundles-'));
  const started = performance.now();
  bundles = await bundleLambdas({ outDir });
  bundleMs = performance.now() - started;

  const [fixture, engine, keys, stranger] = await Promise.all([useDynamo(), startKinesalite(), generateKeyPair('RS256'), generateKeyPair('RS256')]);
  dynamo = fixture;
  kinesalite = engine;
  signingKey = keys.privateKey;
  strangerKey = stranger.privateKey;
  kinesis = createKinesisClient(kinesalite.endpoint);
  await ensureStream(kinesis, lineageStreamName, 1);

  const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: keyId, alg: 'RS256', use: 'sig' };
  jwks = createServer((request, response) => {
    response.writeHead(request.url === '/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [publicJwk] }));
  });
  eventBridge = createServer(async (request, response) => {
    const input = JSON.parse(await bodyOf(request)) as { Entries: PutEventsCall['entries'] };
    putEventsCalls.push({ target: request.headers['x-amz-target'] as string | undefined, entries: input.Entries });
    const results = input.Entries.map((entry, i) =>
      refusedOnBus.has(JSON.parse(entry.Detail).metadata.event_id) ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' } : { EventId: `eb-${putEventsCalls.length}-${i}` },
    );
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${putEventsCalls.length}` });
    response.end(JSON.stringify({ FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results }));
  });
  const [jwksBase, eventBridgeEndpoint] = await Promise.all([listen(jwks), listen(eventBridge)]);

  // The environment the stack gives the functions (fiduciaStack.ts, serviceFunction.ts), with local endpoints and
  // dummy credentials, plus what the Lambda runtime itself sets.
  lambdaEnv = {
    EVENTS_TABLE: dynamo.tables.events,
    EVENT_PARTS_TABLE: dynamo.tables.eventParts,
    IDEMPOTENCY_TABLE: dynamo.tables.idempotency,
    READ_MODELS_TABLE: dynamo.tables.readModels,
    EVENT_BUS_NAME: busName,
    LINEAGE_STREAM_NAME: lineageStreamName,
    FIDUCIA_JWT_ISSUER: issuer,
    FIDUCIA_JWT_AUDIENCE: audience,
    FIDUCIA_JWKS_URL: `${jwksBase}/.well-known/jwks.json`,
    POWERTOOLS_SERVICE_NAME: 'fiducia',
    LOG_LEVEL: 'INFO',
    FIDUCIA_DYNAMODB_ENDPOINT: dynamo.endpoint,
    FIDUCIA_KINESIS_ENDPOINT: kinesalite.endpoint,
    FIDUCIA_EVENTBRIDGE_ENDPOINT: eventBridgeEndpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    NODE_OPTIONS: '--enable-source-maps',
    // What the Lambda runtime sets; with `on-demand` Powertools reports the first invocation as a cold start.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    TZ: 'UTC',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };

  // One after another, so that each cold start is timed without the others competing for the CPU.
  for (const bundle of bundles) functions.set(bundle.name, await startLambdaProcess(bundle.file, { ...lambdaEnv, AWS_LAMBDA_FUNCTION_NAME: `Fiducia-${contextNames[bundle.name]}` }));
  console.log(
    `bundled in ${bundleMs.toFixed(0)} ms; cold start (import in a fresh process) ` +
      bundles.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(0)} KiB ${functions.get(b.name)!.importMs.toFixed(0)} ms`).join(', '),
  );
});

afterAll(async () => {
  kinesis?.destroy();
  await Promise.all([...[...functions.values()].map((fn) => fn.stop()), kinesalite?.stop(), close(jwks), close(eventBridge)]);
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe('the bundled Lambda handlers (dist artifacts) end to end', () => {
  it('bundles all four functions as self-contained ESM files that start in a bare Node process with the stack’s environment', () => {
    expect(bundles.map((bundle) => bundle.name)).toEqual([...lambdaNames]);
    // Outside the repository, with no node_modules to fall back on: only Node's built-ins are left to import.
    for (const bundle of bundles) expect(bundle.file.startsWith(outDir)).toBe(true);
    expect([...functions.keys()].sort()).toEqual([...lambdaNames].sort());
  });

  it('fails the cold start of an API function without a JWKS URL, naming the variable, before any request', async () => {
    const { FIDUCIA_JWKS_URL: _omitted, ...withoutJwks } = lambdaEnv;
    const started = startLambdaProcess(bundles.find((bundle) => bundle.name === 'command-api')!.file, withoutJwks);
    await expect(started).rejects.toBeInstanceOf(LambdaStartError);
    // The class name survives minification (keepNames), so the log names the cause.
    await expect(started).rejects.toThrow(/^LambdaEnvironmentError: The function's environment is invalid \(1 problem\): FIDUCIA_JWKS_URL is not set/m);
  });

  it('proposes the worked example through the command bundle (RS256 via the JWKS), and reads it back through the query bundle', async () => {
    const advisor = await token(signingKey);
    const posted = await callApi('command-api', 'POST', '/api/drive-deposits/calculate-portfolio', {
      token: advisor,
      body: workedExample(),
      headers: { 'x-correlation-id': 'proposal-0314-a' },
    });
    expect(posted.result.statusCode).toBe(200);
    expect(posted.result.headers?.['x-correlation-id']).toBe('proposal-0314-a');
    const body = JSON.parse(posted.result.body ?? '{}');
    expect(posted.result.headers?.location).toBe(`/portfolios/${body.uuid}`);
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

    // The bundle's log: one JSON line for the request, the cold start counted, no token and no body in sight.
    expect(posted.output.logs('request')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'fiducia',
        cold_start: true,
        method: 'POST',
        route: 'POST /api/drive-deposits/calculate-portfolio',
        status: 200,
        correlation_id: 'proposal-0314-a',
      }),
    ]);
    expect(posted.output.metrics('ColdStart')).toHaveLength(1);
    expect(posted.output.metrics('CommandsCommitted')).toEqual([expect.objectContaining({ function: 'command-api', route: 'POST /api/drive-deposits/calculate-portfolio' })]);
    for (const secret of [advisor, 'Bearer', 'VISION-BANK', '10000.50']) expect(posted.output.text).not.toContain(secret);

    const read = await callApi('query-api', 'GET', `/portfolios/${body.uuid}`, { token: advisor });
    expect(read.result.statusCode).toBe(200);
    expect(JSON.parse(read.result.body ?? '{}')).toEqual(body);
    expect(read.output.logs('request')).toEqual([expect.objectContaining({ route: 'GET /portfolios/:id', status: 200 })]);
  });

  it('refuses a token signed by a key the JWKS does not publish, and a request without one', async () => {
    const forged = await callApi('command-api', 'POST', '/api/drive-deposits/calculate-portfolio', { token: await token(strangerKey), body: workedExample() });
    expect(forged.result.statusCode).toBe(401);
    const anonymous = await callApi('query-api', 'GET', '/portfolios/anything', {});
    expect(anonymous.result.statusCode).toBe(401);
    expect(anonymous.result.headers?.['www-authenticate']).toMatch(/^Bearer/);
  });

  it('projects the stored events through the projector bundle into the rankings read model', async () => {
    const proposal = await propose('proposal-0314-b');
    const items = await storedItems(`portfolio-${proposal.uuid}`);
    expect(items.length).toBeGreaterThan(0);

    const { result, output } = await project(streamEventOf(items));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(output.logs('stream batch')).toEqual([expect.objectContaining({ records: items.length, failed: 0, function_name: 'Fiducia-Projector-A1B2C3D4E5F6' })]);
    expect(output.metrics('StreamRecordsProcessed')).toEqual([expect.objectContaining({ StreamRecordsProcessed: items.length, StreamRecordsFailed: 0, function: 'projector' })]);

    const rankings = rankingQueries({ client: dynamo.client, tables: dynamo.tables });
    const state = await rankings.portfolioReadState(proposal.uuid);
    expect(state).toMatchObject({ portfolio_id: proposal.uuid, status: 'proposed', version: items.length, advisor_id: 'advisor-7' });
    const top = await rankings.topPortfolios({ order: 'desc', topK: 1000 });
    if (top._tag !== 'Right') throw new Error(JSON.stringify(top.left));
    const entry = top.right.data.responses.find((response: any) => response.portfolio_uuid === proposal.uuid);
    expect(entry).toMatchObject({ outcome: proposal.outcome, created_at: proposal.created_at });
  });

  it('publishes the stored events through the publisher bundle to EventBridge and, in order, to the Kinesis lineage feed', async () => {
    const proposal = await propose('proposal-0314-c');
    const items = await storedItems(`portfolio-${proposal.uuid}`);
    putEventsCalls.length = 0;

    const { result, output } = await publish(streamEventOf(items));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(output.metrics('StreamRecordsProcessed')).toEqual([expect.objectContaining({ StreamRecordsProcessed: items.length, function: 'publisher' })]);

    expect(putEventsCalls.map((call) => call.target)).toEqual(['AWSEvents.PutEvents']);
    const entries = putEventsCalls.flatMap((call) => call.entries);
    expect(entries).toHaveLength(items.length);
    expect(entries[0]).toMatchObject({ Source: 'fiducia.portfolios', DetailType: 'PortfolioProposed', EventBusName: busName });
    const detail = JSON.parse(entries[0]!.Detail);
    expect(detail.metadata).toMatchObject({
      event_id: items[0]!.event_id!.S,
      stream_id: `portfolio-${proposal.uuid}`,
      version: 1,
      // The id the caller sent with the command, carried through the store and the stream to the consumers.
      correlation_id: 'proposal-0314-c',
      hash: items[0]!.hash!.S,
    });
    expect(detail.data.proposal.outcome).toEqual(proposal.outcome);

    const feed = await readLineage(kinesis, lineageStreamName);
    const records = feed.records.filter((record) => record.stream_id === `portfolio-${proposal.uuid}`);
    expect(records.map((record) => [record.version, record.event_id, record.hash])).toEqual(items.map((item) => [Number(item.version!.N), item.event_id!.S, item.hash!.S]));
    expect(verifyLineage(records)).toEqual([expect.objectContaining({ ok: true, streamId: `portfolio-${proposal.uuid}`, events: items.length })]);
  });

  it('reports the record the bus keeps refusing, while the lineage feed still gets every record of the batch', async () => {
    const accepted = await propose('proposal-0314-d');
    const refused = await propose('proposal-0314-e');
    const acceptedItems = await storedItems(`portfolio-${accepted.uuid}`);
    const refusedItems = await storedItems(`portfolio-${refused.uuid}`);
    refusedOnBus.add(refusedItems[0]!.event_id!.S!);
    putEventsCalls.length = 0;

    const event = streamEventOf([...acceptedItems, ...refusedItems]);
    const { result, output } = await publish(event);
    refusedOnBus.clear();

    const refusedSequence = event.Records[acceptedItems.length]!.dynamodb!.SequenceNumber!;
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: refusedSequence }] });
    // Retried as a transient failure before being given up on: three tries of the refused entry.
    const tries = putEventsCalls.flatMap((call) => call.entries).filter((entry) => JSON.parse(entry.Detail).metadata.event_id === refusedItems[0]!.event_id!.S);
    expect(tries).toHaveLength(3);
    expect(output.logs('stream batch')).toEqual([expect.objectContaining({ level: 'WARN', failed: 1, failed_sequence_numbers: [refusedSequence] })]);
    expect(output.metrics('StreamRecordsFailed')).toEqual([expect.objectContaining({ StreamRecordsFailed: 1 })]);

    const feed = await readLineage(kinesis, lineageStreamName);
    for (const proposal of [accepted, refused]) {
      expect(feed.records.filter((record) => record.stream_id === `portfolio-${proposal.uuid}`).map((record) => record.version)).toEqual([1]);
    }
  });
});
