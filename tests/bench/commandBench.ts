import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { BenchResult } from './benchResult.js';
import { startBenchService } from './benchService.js';
import { formatRate, throughput } from './throughput.js';

const concurrency = 32;
const durationMs = 4_000;
const target = 0.8;

/**
 * Sustained proposals/s through HTTP (parse, calculate, one conditional PutItem) against the raw rate of conditional
 * PutItem of a same-sized item on the same engine, in the same run: the ratio is what the service costs over the engine.
 */
export const commandBench = async (): Promise<BenchResult> => {
  const service = await startBenchService();
  try {
    const request = await readFile(new URL('../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url), 'utf8');
    const token = await service.token('advisor');
    const propose = async () => {
      const answer = await fetch(`${service.url}/api/drive-deposits/calculate-portfolio`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: request,
      });
      await answer.arrayBuffer();
      if (answer.status !== 200) throw new Error(`proposal answered ${answer.status}`);
    };
    // An item of the size a proposal stores, written with the same condition as an append.
    const payload = 'x'.repeat(6_000);
    const rawPut = () =>
      service.dynamo.send(
        new PutItemCommand({
          TableName: service.tables.events,
          Item: { stream_id: { S: `raw-${randomUUID()}` }, version: { N: '1' }, data: { S: payload } },
          ConditionExpression: 'attribute_not_exists(stream_id)',
        }),
      );
    await throughput(concurrency, 1_000, propose); // warm-up: JIT, connections, engine
    await throughput(concurrency, 1_000, rawPut);
    const raw = await throughput(concurrency, durationMs, rawPut);
    const commands = await throughput(concurrency, durationMs, propose);
    const ratio = commands / raw;
    return {
      name: `commands over HTTP vs raw conditional PutItem (DynamoDB Local in memory, ${concurrency} in flight)`,
      figures: [
        { label: 'raw conditional PutItem/s', value: formatRate(raw) },
        { label: 'proposals/s (POST calculate-portfolio)', value: formatRate(commands) },
      ],
      ratios: [`ratio ${ratio.toFixed(2)} (target >= ${target}: ${ratio >= target ? 'met' : 'NOT met'})`],
    };
  } finally {
    await service.stop();
  }
};
