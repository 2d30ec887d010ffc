import { randomUUID } from 'node:crypto';
import { BatchWriteItemCommand, QueryCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { growthPerDay } from '../../projections/growthPerDay.js';
import { defaultPortfolioShards, portfolioShard } from '../../projections/portfolioShard.js';
import { rankingKey } from '../../projections/rankingKey.js';
import { readModelKeys } from '../../projections/readModelKeys.js';
import type { BenchResult } from './benchResult.js';
import { keepAliveCaller, requestBytes, startBenchService, type BenchService } from './benchService.js';
import { alternatingRates, engineWarmUpMs, formatRate, throughput, warmUpMs } from './throughput.js';

const concurrency = 16;
const durationMs = 4_000;
/** Latency samples per figure: p99 of a shared machine needs thousands of them to settle. */
const latencyMs = 8_000;
const topK = 10;
const path = `/by-level-for-portfolios/delta-growth?top_k=${topK}`;

/** Writes `count` entries of the all-portfolios ranking as the projector lays them out (growth per day, sharded). */
const seedPortfolios = async (service: BenchService, count: number): Promise<void> => {
  const items: WriteRequest[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const growth = `${Math.floor(Math.random() * 1_000_000)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
    const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    const entry = {
      portfolio_uuid: id,
      outcome: { delta: { period: '1', period_unit: 'Month', growth }, maturity: { amount: '1000', interest: '10.00', total: '1010.00' }, errors: [] },
      created_at: createdAt,
    };
    items.push({
      PutRequest: {
        Item: {
          pk: { S: readModelKeys.portfolioRanking(portfolioShard(id, defaultPortfolioShards)) },
          sk: { S: rankingKey({ value: growthPerDay(growth, '1', 'Month'), createdAt, id }) },
          entry: { S: JSON.stringify(entry) },
        },
      },
    });
  }
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!;
        while (pending.length > 0) {
          const out = await service.dynamo.send(new BatchWriteItemCommand({ RequestItems: { [service.tables.readModels]: pending } }));
          pending = out.UnprocessedItems?.[service.tables.readModels] ?? [];
        }
      }
    }),
  );
};

const percentile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Top-k (k = 10) of the all-portfolios ranking over HTTP, against the same DynamoDB reads issued directly (one Query
 * per shard), in the same run; and p50/p99 latency with 1,000 and with 100,000 portfolios ranked.
 */
export const queryBench = async (): Promise<BenchResult> => {
  const service = await startBenchService({ pipelines: false });
  try {
    const token = await service.token('compliance');
    const url = new URL(service.url);
    // The lean load generator of the command bench: node:http's client would take as much CPU as the service's server.
    const caller = keepAliveCaller(url, concurrency);
    const request = requestBytes(url, 'GET', path, { authorization: `Bearer ${token}` }, Buffer.alloc(0));
    const get = async (): Promise<number> => {
      const started = performance.now();
      const status = await caller.call(request);
      if (status !== 200) throw new Error(`ranking answered ${status}`);
      return performance.now() - started;
    };
    const rawTopK = () =>
      Promise.all(
        Array.from({ length: defaultPortfolioShards }, (_, shard) =>
          service.dynamo.send(
            new QueryCommand({
              TableName: service.tables.readModels,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: readModelKeys.portfolioRanking(shard) } },
              ProjectionExpression: 'sk, entry',
              ScanIndexForward: false,
              Limit: topK + 2,
            }),
          ),
        ),
      );
    const latencies = async (): Promise<{ p50: number; p99: number }> => {
      const samples: number[] = [];
      await throughput(concurrency, latencyMs, async () => samples.push(await get()));
      samples.sort((a, b) => a - b);
      return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
    };

    await seedPortfolios(service, 1_000);
    // The engine's JIT warms up first (on its raw operation, the quickest way), then the service's.
    await throughput(concurrency, engineWarmUpMs, rawTopK);
    await throughput(concurrency, warmUpMs, get);
    await throughput(concurrency, 1_000, rawTopK);
    const { raw, http } = await alternatingRates({ raw: rawTopK, http: get }, concurrency, durationMs, 4);
    const small = await latencies();
    const seedStart = performance.now();
    await seedPortfolios(service, 99_000);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    // The engine settles after taking 99,000 writes (its collector's pauses would otherwise land in this p99 only).
    await throughput(concurrency, 3_000, get);
    const large = await latencies();
    caller.close();
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    return {
      name: `top-k queries (k = ${topK}, ${defaultPortfolioShards} shards merged) over HTTP vs the same Queries issued directly`,
      figures: [
        { label: `raw top-k reads/s (${defaultPortfolioShards} Queries each)`, value: formatRate(raw) },
        { label: 'top-k queries/s over HTTP', value: formatRate(http) },
        { label: 'p50 / p99 with 1,000 portfolios', value: `${ms(small.p50)} / ${ms(small.p99)}` },
        { label: 'p50 / p99 with 100,000 portfolios', value: `${ms(large.p50)} / ${ms(large.p99)}` },
        { label: 'seeding 99,000 ranking entries', value: `${seedSeconds.toFixed(0)} s` },
      ],
      ratios: [
        `HTTP ratio ${(http / raw).toFixed(2)} (target >= 0.8: ${http / raw >= 0.8 ? 'met' : 'NOT met'})`,
        `p50 at 100k / 1k ${(large.p50 / small.p50).toFixed(2)}, p99 ${(large.p99 / small.p99).toFixed(2)} (target <= 1.3: ${large.p99 / small.p99 <= 1.3 && large.p50 / small.p50 <= 1.3 ? 'met' : 'NOT met'})`,
      ],
    };
  } finally {
    await service.stop();
  }
};
