import { readFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { CreateTableCommand, ScanCommand, waitUntilTableExists, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../adapters/dynamodb/tables.js';
import { rebuildReadModels } from '../../adapters/projection/rebuild.js';
import type { BenchResult } from './benchResult.js';
import { startBenchService } from './benchService.js';
import { engineWarmUpMs, formatRate, throughput, warmUpMs } from './throughput.js';

const concurrency = 16;
const loadMs = 8_000;
const segments = 4;
const pacedRate = 25;

const percentile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Projection lag while proposals run at a steady rate and at full speed (sampled from `/health` of the running service,
 * whose pollers feed the projector), after a warm-up; then a rebuild of every read model into an empty table beside
 * the raw parallel-scan rate of the same events table. The rebuild runs the live projector's code with as many streams
 * at once, so its rate is also what the projector can apply at most on this engine.
 */
export const projectionBench = async (): Promise<BenchResult> => {
  const service = await startBenchService({ pipelines: true });
  try {
    const body = await readFile(new URL('../../../shared/examples/requests/portfolio_request_valid.json', import.meta.url));
    const token = await service.token('advisor');
    const url = new URL(service.url);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency + 1 });
    const call = (method: string, path: string, payload?: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
        if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
        const request = httpRequest({ host: url.hostname, port: url.port, path, method, agent, headers }, (answer) => {
          let text = '';
          answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
          answer.on('end', () => (answer.statusCode === 200 ? resolve(text) : reject(new Error(`${path} answered ${answer.statusCode}`))));
        });
        request.on('error', reject);
        request.end(payload);
      });
    const lagMillis = async () => (JSON.parse(await call('GET', '/health')) as { projection_lag: { projection: { millis: number } } }).projection_lag.projection.millis;

    const propose = () => call('POST', '/api/drive-deposits/calculate-portfolio', body);
    /** Lag samples (every 100 ms) while `load` runs. */
    const lagDuring = async <T>(load: () => Promise<T>): Promise<{ result: T; lags: number[] }> => {
      const lags: number[] = [];
      let loading = true;
      const sampler = (async () => {
        while (loading) {
          lags.push(await lagMillis());
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const result = await load();
      loading = false;
      await sampler;
      return { result, lags: lags.sort((a, b) => a - b) };
    };
    /** Waits until the projector has caught up; seconds it took. A backlog left over would skew the next figure. */
    const drain = async () => {
      const start = performance.now();
      while ((await lagMillis()) > 0) {
        if (performance.now() - start > 60_000) throw new Error('the projector did not catch up within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return (performance.now() - start) / 1000;
    };

    // The engine's and the service's JIT warm up first, as in the other benchmarks: here on the whole pipeline, whose
    // mix of engine operations (stream reads, queries, batch and transactional writes) has no one raw stand-in.
    await throughput(concurrency, engineWarmUpMs + warmUpMs, propose);
    await drain();
    // A steady rate the local engine sustains, then full speed (the engine is shared with the commands, and each
    // proposal becomes some fifteen read-model writes in three requests).
    const paced = await lagDuring(async () => {
      const started = performance.now();
      for (let n = 0; performance.now() - started < loadMs; n++) {
        void propose();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (n + 1) * (1000 / pacedRate) - performance.now())));
      }
    });
    await drain();
    const { result: proposalsPerSecond, lags } = await lagDuring(() => throughput(concurrency, loadMs, propose));
    const drainSeconds = await drain();
    agent.destroy();

    const scanStart = performance.now();
    let scanned = 0;
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        let start: Record<string, AttributeValue> | undefined;
        do {
          const page = await service.dynamo.send(
            new ScanCommand({ TableName: service.tables.events, Segment: segment, TotalSegments: segments, ConsistentRead: true, ExclusiveStartKey: start }),
          );
          scanned += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
      }),
    );
    const scanRate = scanned / ((performance.now() - scanStart) / 1000);
    // From scratch: into an empty read-model table (over the live one nearly every apply would be a no-op).
    const empty = `${service.tables.readModels}-rebuild`;
    await service.dynamo.send(new CreateTableCommand(createTableInput('readModels', empty)));
    await waitUntilTableExists({ client: service.dynamo, maxWaitTime: 30 }, { TableName: empty });
    const rebuildStart = performance.now();
    const rebuilt = await rebuildReadModels({ client: service.dynamo, tables: { ...service.tables, readModels: empty }, segments, concurrency: 32 });
    const rebuildRate = rebuilt.scanned / ((performance.now() - rebuildStart) / 1000);

    return {
      name: 'projections: lag under full command load, and rebuild against a raw parallel scan',
      figures: [
        { label: `projection lag p50 / p99 at ${pacedRate} proposals/s`, value: `${percentile(paced.lags, 50)} ms / ${percentile(paced.lags, 99)} ms` },
        { label: 'proposals/s at full speed', value: formatRate(proposalsPerSecond) },
        { label: 'projection lag p50 / p99 at full speed', value: `${percentile(lags, 50)} ms / ${percentile(lags, 99)} ms` },
        { label: 'lag drained after the load in', value: `${drainSeconds.toFixed(1)} s` },
        { label: `raw parallel scan items/s (${segments} segments, ${scanned} events)`, value: formatRate(scanRate) },
        { label: 'rebuild events/s into an empty table (same events, same segments, 32 streams at once)', value: formatRate(rebuildRate) },
      ],
      ratios: [
        `lag p99 at full speed ${percentile(lags, 99)} ms (target < 1000 ms: ${percentile(lags, 99) < 1000 ? 'met' : 'NOT met'})`,
        `lag p99 at ${pacedRate} proposals/s ${percentile(paced.lags, 99)} ms (target < 1000 ms: ${percentile(paced.lags, 99) < 1000 ? 'met' : 'NOT met'})`,
        `rebuild / raw scan ${(rebuildRate / scanRate).toFixed(2)}`,
        // Why this ratio stays near 1: one proposal is one write and its projection some fifteen, all on one engine, so
        // commands at full speed take whatever engine time the projector leaves.
        `projector capacity (rebuild rate) / proposals at full speed ${(rebuildRate / proposalsPerSecond).toFixed(2)}`,
      ],
    };
  } finally {
    await service.stop();
  }
};
