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
import { keepAliveCaller, requestBytes, startBenchService } from './benchService.js';
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
 * whose DynamoDB calls are counted.
 */
export const commandBench = async (): Promise<BenchResult> => {
  // The write side alone: projections would share the one local engine with the commands they follow.
  const service = await startBenchService({ pipelines: false });
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

    // Sustained rates: the engine's JIT warms up first (on its raw operation, the quickest way), then the service's.
    await throughput(concurrency, engineWarmUpMs, rawPut);
    await throughput(concurrency, warmUpMs, overHttp);
    await throughput(concurrency, 2_000, inProcess);
    await throughput(concurrency, 1_000, rawPut);

    // CPU time per operation, to tell which process a rate is bound by: the engine's per raw put and per proposal, and
    // per proposal the service's, whole and of its event loop alone (the rest is V8's helper threads, mostly GC).
    const cpuNow = () => ({
      engine: processCpuMs(service.pids.engine) ?? NaN,
      service: processCpuMs(service.pids.service) ?? NaN,
      eventLoop: processCpuMs(service.pids.service, service.pids.service) ?? NaN,
    });
    const cpu = { raw: { engine: 0, service: 0, eventLoop: 0, done: 0 }, http: { engine: 0, service: 0, eventLoop: 0, done: 0 } };
    const observe = (kind: 'raw' | 'http' | 'direct') => {
      if (kind === 'direct') return () => undefined;
      const before = cpuNow();
      return (done: number) => {
        const after = cpuNow();
        const total = cpu[kind];
        total.engine += after.engine - before.engine;
        total.service += after.service - before.service;
        total.eventLoop += after.eventLoop - before.eventLoop;
        total.done += done;
      };
    };
    const ms = (value: number) => (Number.isNaN(value) ? 'n/a (no /proc)' : `${value.toFixed(2)} ms`);

    [dynamoCalls, proposals] = [0, 0];
    const { raw, http, direct } = await alternatingRates({ raw: rawPut, http: overHttp, direct: inProcess }, concurrency, durationMs, rounds, observe);
    const callsPerProposal = dynamoCalls / proposals;
    caller.close();
    dynamo.destroy();
    return {
      name: `commands vs raw conditional PutItem (DynamoDB Local in memory, ${concurrency} in flight)`,
      figures: [
        { label: 'raw conditional PutItem/s', value: formatRate(raw) },
        { label: 'proposals/s over HTTP (service process)', value: formatRate(http) },
        { label: 'proposals/s through the use case', value: formatRate(direct) },
        { label: 'DynamoDB calls per proposal', value: callsPerProposal.toFixed(2) },
        { label: 'engine CPU per raw put / per proposal over HTTP', value: `${ms(cpu.raw.engine / cpu.raw.done)} / ${ms(cpu.http.engine / cpu.http.done)}` },
        { label: 'service CPU per proposal over HTTP (whole / event loop)', value: `${ms(cpu.http.service / cpu.http.done)} / ${ms(cpu.http.eventLoop / cpu.http.done)}` },
      ],
      ratios: [
        `HTTP ratio ${(http / raw).toFixed(2)} (target >= ${target}: ${http / raw >= target ? 'met' : 'NOT met'}; engine, service and load share ${availableParallelism()} cores)`,
        `use-case ratio ${(direct / raw).toFixed(2)} (target >= ${target}: ${direct / raw >= target ? 'met' : 'NOT met'})`,
        // The service's requests all run on one event loop: its CPU per proposal caps the HTTP rate, whatever the engine.
        ...(Number.isNaN(cpu.http.eventLoop)
          ? []
          : [`the service's event loop at ${ms(cpu.http.eventLoop / cpu.http.done)} per proposal serves at most ${formatRate((1000 * cpu.http.done) / cpu.http.eventLoop)}/s`]),
      ],
    };
  } finally {
    await service.stop();
  }
};
