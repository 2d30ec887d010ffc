import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createStreamsClient } from '../../../adapters/streams/streamsClient.js';
import { startStreamPoller } from '../../../adapters/streams/streamPoller.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { allEvents, deliveryCounts, firstDeliveriesInOrder, recordingHandler, waitUntil, writeEvents, type Delivery } from './support/streamTestKit.js';

const script = fileURLToPath(new URL('./support/crashingConsumer.ts', import.meta.url));
const batchSize = 10;

interface CrashedRun {
  readonly batches: ReadonlyArray<ReadonlyArray<Delivery>>;
}

/** Runs the consumer in a child process and kills it (SIGKILL) once it has printed `killAfter` + 1 batches. */
const runAndKill = (dynamo: DynamoFixture, consumer: string, killAfter: number, hang: boolean): Promise<CrashedRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      env: {
        ...process.env,
        DYNAMO_ENDPOINT: dynamo.endpoint,
        EVENTS_TABLE: dynamo.tables.events,
        CHECKPOINT_TABLE: dynamo.tables.readModels,
        CONSUMER: consumer,
        BATCH_SIZE: String(batchSize),
        HANG_AT_BATCH: hang ? String(killAfter) : '-1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const batches: Delivery[][] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [, , ...records] = line.split(' ');
        batches.push(
          records.map((entry) => {
            const [sequenceNumber, event] = entry.split('=') as [string, string];
            const [streamId, version] = event.split('#') as [string, string];
            return { sequenceNumber, event, streamId, version: Number(version) };
          }),
        );
        if (batches.length === killAfter + 1) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve({ batches });
      else reject(new Error(`consumer exited by itself (${String(signal)}): ${stderr.slice(-2000)}`));
    });
  });

/** Each test has tables of its own: the restarted consumer must see exactly the records the test wrote. */
describe('stream poller killed mid-stream (a crash) and restarted', () => {
  const streamsClients: Array<ReturnType<typeof createStreamsClient>> = [];
  afterAll(() => {
    for (const client of streamsClients) client.destroy();
  });

  const finishAfterCrash = async (dynamo: DynamoFixture, consumer: string, expected: ReadonlyArray<string>, crashed: CrashedRun) => {
    const before = crashed.batches.flat();
    const after = recordingHandler();
    const streamsClient = createStreamsClient(dynamo.endpoint);
    streamsClients.push(streamsClient);
    const poller = startStreamPoller({
      streamsClient,
      dynamoClient: dynamo.client,
      tableName: dynamo.tables.events,
      checkpointTable: dynamo.tables.readModels,
      consumer,
      handler: after.handler,
      batchSize,
      idleDelayMs: 20,
    });
    await waitUntil(() => new Set([...before, ...after.deliveries].map((d) => d.event)).size >= expected.length, 30_000, 'every record');
    // Every record acknowledged and checkpointed: nothing is left that could still come again.
    await waitUntil(() => poller.lag().records === 0, 30_000, 'every record acknowledged');
    await poller.stop();
    const all = [...before, ...after.deliveries];
    const counts = deliveryCounts(all);
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    expect(firstDeliveriesInOrder(all)).toBe(true);
    return [...counts].filter(([, count]) => count > 1).map(([event]) => event);
  };

  it('redelivers exactly the batch that was in flight, and nothing is skipped', async () => {
    const dynamo = await useDynamo();
    const ids = Array.from({ length: 4 }, () => `crash-${randomUUID()}`);
    await writeEvents(dynamo.client, dynamo.tables.events, ids, 20);
    const consumer = `hang-${randomUUID()}`;
    const crashed = await runAndKill(dynamo, consumer, 3, true);
    const inFlight = crashed.batches[3]!.map((d) => d.event);
    expect(inFlight).toHaveLength(batchSize);
    const duplicates = await finishAfterCrash(dynamo, consumer, allEvents(ids, 20), crashed);
    expect(duplicates.sort()).toEqual([...inFlight].sort());
  });

  it('killed at an arbitrary moment, repeats at most the last batch it was handling', async () => {
    const dynamo = await useDynamo();
    const ids = Array.from({ length: 4 }, () => `crash-${randomUUID()}`);
    await writeEvents(dynamo.client, dynamo.tables.events, ids, 20);
    const consumer = `kill-${randomUUID()}`;
    const crashed = await runAndKill(dynamo, consumer, 2, false);
    const lastHandled = new Set(crashed.batches.at(-1)!.map((d) => d.event));
    const duplicates = await finishAfterCrash(dynamo, consumer, allEvents(ids, 20), crashed);
    expect(duplicates.every((event) => lastHandled.has(event))).toBe(true);
  });
});
