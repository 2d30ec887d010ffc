import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { commandServices } from '../../adapters/http/serviceApp.js';
import { proposePortfolio } from '../../application/portfolioUseCases.js';
import type { Principal } from '../../application/principal.js';
import { parsePortfolioRequest } from '../../domain/portfolioRequestParser.js';
import type { BenchResult } from './benchResult.js';
import { keepAliveCaller, requestBytes, startBenchService, startServiceProcess, type ServiceProcess } from './benchService.js';
import { processCpuMs } from './processCpu.js';
import { alternatingRates, engineWarmUpMs, formatRate, throughput, warmUpMs } from './throughput.js';

const concurrency = 32;
const durationMs = 12_000;
/** Each figure is measured in this many slices, the three kinds taking turns, so background load hits them alike. */
const rounds = 6;
const target = 0.8;

/**
 * Sustained proposals/s against the raw rate of the very PutItem a proposal makes (a stored proposal event under a
 * fresh key) on the same engine, in the same run and in alternating slices: through HTTP (the service in its own
 * process, as `npm start` runs it), and through the use case alone (parse, calculate, hash, one conditional PutItem),
 * whose DynamoDB calls are counted. A reference service that makes only that PutItem over HTTP (putOnlyService.ts)
 * shows what the round trips cost on this machine, apart from a proposal's own work.
 */
export const commandBench = async (): Promise<BenchResult> => {
  // The write side alone: projections would share the one local engine with the commands they follow.
  const service = await startBenchService({ pipelines: false });
  let putOnly: ServiceProcess | undefined;
  try {
    const body = await readFile(new URL('../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url));
    const token = await service.token('advisor');
    const url = new URL(service.url);
    // Requests as a client pool sends them: 32 keep-alive connections, one request in flight on each. The callers would
    // be elsewhere in production: a lean client keeps their share of the machine's cores small (about 0.05 ms of CPU per
    // request here, node:http's client about 0.12 ms, while the raw baseline's load is the SDK client a writer needs).
    const caller = keepAliveCaller(url, concurrency);
    const proposal = requestBytes(url, 'POST', '/api/drive-deposits/calculate-portfolio', { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body);
    const overHttp = async () => {
      const status = await caller.call(proposal);
      if (status !== 200) throw new Error(`proposal answered ${status}`);
    };

    // The use case in this process, on its own client whose every DynamoDB call is counted.
    const dynamo = createDynamoClient(service.dynamoEndpoint);
    let dynamoCalls = 0;
    dynamo.middlewareStack.add((next) => (args) => (dynamoCalls++, next(args)), { step: 'initialize' });
    const services = commandServices({ dynamo, tables: service.tables });
    const parsed = parsePortfolioRequest(JSON.parse(body.toString('utf8')));
    if (isLeft(parsed)) throw new Error('the example request does not parse');
    const advisor = { sub: 'advisor-bench', roles: new Set(['advisor']) } as unknown as Principal;
    const render = () => ({ status: 200, headers: {}, body: '' });
    let proposals = 0;
    const inProcess = async () => {
      proposals++;
      const result = await proposePortfolio(services, { actor: 'advisor-bench', correlationId: randomUUID(), causationId: randomUUID() }, advisor, parsed.right, null, render);
      if (result.kind !== 'done') throw new Error(`proposal ended ${result.kind}`);
    };

    // The raw baseline writes exactly what a proposal's append writes: a copy of a stored proposal event (its attributes,
    // sizes and escaping) under a fresh stream id, with the append's condition, into the events table itself. Not into a
    // table of its own: DynamoDB Local makes every write to a second stream-enabled table pay for the stream records of
    // the first (measured: 3 to 4 times the engine's CPU per put once the first holds a few thousand records), which
    // would slow the baseline down more and more as the proposals fill the events table.
    await overHttp();
    const { Items: stored } = await service.dynamo.send(new ScanCommand({ TableName: service.tables.events, Limit: 1 }));
    const proposalItem = stored?.[0];
    if (proposalItem === undefined) throw new Error('the first proposal stored no event');
    const rawPut = () =>
      service.dynamo.send(
        new PutItemCommand({
          TableName: service.tables.events,
          Item: { ...proposalItem, stream_id: { S: `raw-${randomUUID()}` } },
          ConditionExpression: 'attribute_not_exists(stream_id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );

    putOnly = await startServiceProcess('tests/bench/putOnlyService.ts', {
      ...process.env,
      FIDUCIA_DYNAMODB_ENDPOINT: service.dynamoEndpoint,
      BENCH_TABLE: service.tables.events,
      BENCH_ITEM: JSON.stringify(proposalItem),
    });
    const putOnlyUrl = new URL(putOnly.url);
    const putOnlyCaller = keepAliveCaller(putOnlyUrl, concurrency);
    const putOnlyRequest = requestBytes(putOnlyUrl, 'POST', '/proposals', { 'content-type': 'application/json' }, body);
    const putOnlyOverHttp = async () => {
      const status = await putOnlyCaller.call(putOnlyRequest);
      if (status !== 200) throw new Error(`the put-only service answered ${status}`);
    };

    // Sustained rates: the engine's JIT warms up first (on its raw operation, the quickest way), then the services'.
    await throughput(concurrency, engineWarmUpMs, rawPut);
    await throughput(concurrency, warmUpMs, overHttp);
    await throughput(concurrency, warmUpMs / 2, putOnlyOverHttp);
    await throughput(concurrency, 2_000, inProcess);
    await throughput(concurrency, 1_000, rawPut);

    // CPU time per operation, to tell which process bounds each rate: the engine's, and that of the HTTP service in front
    // of it, whole and of its event loop alone (the rest is V8's helper threads, mostly GC).
    type Kind = 'raw' | 'http' | 'putOnly' | 'direct';
    const servers: Partial<Record<Kind, number>> = { http: service.pids.service, putOnly: putOnly.child.pid ?? -1 };
    const cpuNow = (kind: Kind) => {
      const server = servers[kind];
      return {
        engine: processCpuMs(service.pids.engine) ?? NaN,
        server: server === undefined ? 0 : (processCpuMs(server) ?? NaN),
        eventLoop: server === undefined ? 0 : (processCpuMs(server, server) ?? NaN),
      };
    };
    const cpu = Object.fromEntries((['raw', 'http', 'putOnly', 'direct'] as const).map((kind) => [kind, { engine: 0, server: 0, eventLoop: 0, done: 0 }])) as Record<
      Kind,
      { engine: number; server: number; eventLoop: number; done: number }
    >;
    const observe = (kind: Kind) => {
      const before = cpuNow(kind);
      return (done: number) => {
        const after = cpuNow(kind);
        const total = cpu[kind];
        total.engine += after.engine - before.engine;
        total.server += after.server - before.server;
        total.eventLoop += after.eventLoop - before.eventLoop;
        total.done += done;
      };
    };
    const perOperation = (kind: Kind, part: 'engine' | 'server' | 'eventLoop') => cpu[kind][part] / cpu[kind].done;
    const ms = (value: number) => (Number.isNaN(value) ? 'n/a (no /proc)' : `${value.toFixed(2)} ms`);

    [dynamoCalls, proposals] = [0, 0];
    const rates = await alternatingRates({ raw: rawPut, http: overHttp, putOnly: putOnlyOverHttp, direct: inProcess }, concurrency, durationMs, rounds, observe);
    const { raw, http, putOnly: putOnlyRate, direct } = rates;
    const callsPerProposal = dynamoCalls / proposals;
    caller.close();
    putOnlyCaller.close();
    dynamo.destroy();
    const ownWork = perOperation('http', 'server') - perOperation('putOnly', 'server');
    return {
      name: `commands vs raw conditional PutItem (DynamoDB Local in memory, ${concurrency} in flight)`,
      figures: [
        { label: 'raw conditional PutItem/s', value: formatRate(raw) },
        { label: 'proposals/s over HTTP (service process)', value: formatRate(http) },
        { label: 'PutItem-only requests/s over HTTP (reference service)', value: formatRate(putOnlyRate) },
        { label: 'proposals/s through the use case', value: formatRate(direct) },
        { label: 'DynamoDB calls per proposal', value: callsPerProposal.toFixed(2) },
        { label: 'engine CPU per raw put / per proposal over HTTP', value: `${ms(perOperation('raw', 'engine'))} / ${ms(perOperation('http', 'engine'))}` },
        { label: 'service CPU per proposal (whole / event loop)', value: `${ms(perOperation('http', 'server'))} / ${ms(perOperation('http', 'eventLoop'))}` },
        { label: 'reference service CPU per request (whole)', value: ms(perOperation('putOnly', 'server')) },
      ],
      ratios: [
        `HTTP ratio ${(http / raw).toFixed(2)} (target >= ${target}: ${http / raw >= target ? 'met' : 'NOT met'}; engine, service and load share ${availableParallelism()} cores)`,
        `use-case ratio ${(direct / raw).toFixed(2)} (target >= ${target}: ${direct / raw >= target ? 'met' : 'NOT met'})`,
        // What the round trips alone allow on this machine; the difference is the CPU of a proposal's own work, which
        // competes with the engine for the same cores.
        `reference ratio ${(putOnlyRate / raw).toFixed(2)}: HTTP and the one PutItem alone; a proposal's own work (validation, calculation, hashing, response) adds ${ms(ownWork)} of CPU`,
        // The service's requests all run on one event loop: its CPU per proposal caps the HTTP rate, whatever the engine.
        ...(Number.isNaN(perOperation('http', 'eventLoop'))
          ? []
          : [`the service's event loop at ${ms(perOperation('http', 'eventLoop'))} per proposal serves at most ${formatRate(1000 / perOperation('http', 'eventLoop'))}/s`]),
      ],
    };
  } finally {
    await putOnly?.stop();
    await service.stop();
  }
};
