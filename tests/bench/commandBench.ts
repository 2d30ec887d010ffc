import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { CreateTableCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { createTableInput } from '../../adapters/dynamodb/tables.js';
import { commandServices } from '../../adapters/http/serviceApp.js';
import { proposePortfolio } from '../../application/portfolioUseCases.js';
import type { Principal } from '../../application/principal.js';
import { parsePortfolioRequest } from '../../domain/portfolioRequestParser.js';
import type { BenchResult } from './benchResult.js';
import { startBenchService } from './benchService.js';
import { formatRate, throughput } from './throughput.js';

const concurrency = 32;
const durationMs = 4_000;
const target = 0.8;

/**
 * Sustained proposals/s against the raw rate of conditional PutItem of a same-sized item on the same engine, in the
 * same run: through HTTP (the service in its own process, as `npm start` runs it), and through the use case alone
 * (parse, calculate, hash, one conditional PutItem), whose DynamoDB calls are counted.
 */
export const commandBench = async (): Promise<BenchResult> => {
  // The write side alone: projections would share the one local engine with the commands they follow.
  const service = await startBenchService({ pipelines: false });
  try {
    const body = await readFile(new URL('../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url));
    const token = await service.token('advisor');
    const url = new URL(service.url);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const overHttp = () =>
      new Promise<void>((resolve, reject) => {
        const call = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: '/api/drive-deposits/calculate-portfolio',
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length },
          },
          (answer) => {
            answer.resume();
            answer.on('end', () => (answer.statusCode === 200 ? resolve() : reject(new Error(`proposal answered ${answer.statusCode}`))));
          },
        );
        call.on('error', reject);
        call.end(body);
      });

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

    // An item of the size a proposal stores, written with the same condition as an append, into a table shaped like
    // the events table (stream included).
    const rawTable = `${service.tables.events}-raw`;
    await service.dynamo.send(new CreateTableCommand(createTableInput('events', rawTable)));
    await waitUntilTableExists({ client: service.dynamo, maxWaitTime: 30 }, { TableName: rawTable });
    const payload = 'x'.repeat(6_000);
    const rawPut = () =>
      service.dynamo.send(
        new PutItemCommand({
          TableName: rawTable,
          Item: { stream_id: { S: `raw-${randomUUID()}` }, version: { N: '1' }, data: { S: payload } },
          ConditionExpression: 'attribute_not_exists(stream_id)',
        }),
      );
    for (const warmUp of [overHttp, inProcess, rawPut]) await throughput(concurrency, 1_000, warmUp);
    const raw = await throughput(concurrency, durationMs, rawPut);
    const http = await throughput(concurrency, durationMs, overHttp);
    [dynamoCalls, proposals] = [0, 0];
    const direct = await throughput(concurrency, durationMs, inProcess);
    const callsPerProposal = dynamoCalls / proposals;
    agent.destroy();
    dynamo.destroy();
    return {
      name: `commands vs raw conditional PutItem (DynamoDB Local in memory, ${concurrency} in flight)`,
      figures: [
        { label: 'raw conditional PutItem/s', value: formatRate(raw) },
        { label: 'proposals/s over HTTP (service process)', value: formatRate(http) },
        { label: 'proposals/s through the use case', value: formatRate(direct) },
        { label: 'DynamoDB calls per proposal', value: callsPerProposal.toFixed(2) },
      ],
      ratios: [
        `HTTP ratio ${(http / raw).toFixed(2)} (target >= ${target}: ${http / raw >= target ? 'met' : 'NOT met'}; engine, service and load share 2 cores)`,
        `use-case ratio ${(direct / raw).toFixed(2)} (target >= ${target}: ${direct / raw >= target ? 'met' : 'NOT met'})`,
      ],
    };
  } finally {
    await service.stop();
  }
};
