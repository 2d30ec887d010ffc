/**
 * A stream consumer run as its own process so that a test can kill it (SIGKILL) mid-stream, like a crash. It prints
 * every batch it is handed, one line each, before answering: `batch <n> <sequence number>=<event> ...`. With
 * HANG_AT_BATCH=n it never answers batch n, so the batch is in flight (handled, not checkpointed) when it is killed.
 */
import { createDynamoClient } from '../../../../adapters/dynamodb/dynamoClient.js';
import { createStreamsClient } from '../../../../adapters/streams/streamsClient.js';
import { startStreamPoller } from '../../../../adapters/streams/streamPoller.js';
import { deliveryOf } from './streamTestKit.js';

const setting = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const endpoint = setting('DYNAMO_ENDPOINT');
const hangAt = Number(process.env.HANG_AT_BATCH ?? '-1');
let batches = 0;

startStreamPoller({
  streamsClient: createStreamsClient(endpoint),
  dynamoClient: createDynamoClient(endpoint),
  tableName: setting('EVENTS_TABLE'),
  checkpointTable: setting('CHECKPOINT_TABLE'),
  consumer: setting('CONSUMER'),
  batchSize: Number(setting('BATCH_SIZE')),
  idleDelayMs: 20,
  handler: async (event) => {
    const index = batches;
    batches += 1;
    const records = event.Records.map(deliveryOf).map((d) => `${d.sequenceNumber}=${d.event}`);
    // Writes to a pipe are synchronous on Linux: the line is out before the next statement runs.
    process.stdout.write(`batch ${index} ${records.join(' ')}\n`);
    if (index === hangAt) await new Promise<never>(() => undefined);
    return { batchItemFailures: [] };
  },
});
