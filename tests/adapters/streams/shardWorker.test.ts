import { describe, expect, it } from 'vitest';
import type { SequenceNumber } from '../../../adapters/streams/sequenceNumber.js';
import { startShardWorker } from '../../../adapters/streams/shardWorker.js';

class TrimmedDataAccessException extends Error {
  constructor() {
    super('trimmed');
    this.name = 'TrimmedDataAccessException';
  }
}

describe('a shard worker resuming from a checkpoint', () => {
  it('reports an expired checkpoint (so the poller rebuilds) when even the position after it was trimmed', async () => {
    const calls: string[] = [];
    const client = {
      send: async (command: { constructor: { name: string }; input: { ShardIteratorType?: string } }) => {
        calls.push(`${command.constructor.name} ${command.input.ShardIteratorType ?? ''}`);
        throw new TrimmedDataAccessException();
      },
    };
    const store = { consumer: 'projector', begin: async () => {}, advance: async () => true, finish: async () => {}, load: async () => new Map(), forget: async () => {}, reset: async () => {} };
    const worker = startShardWorker({
      streamsClient: client as never,
      streamArn: 'arn:stream',
      shard: { shardId: 's1', parentShardId: undefined, startingSequenceNumber: undefined, endingSequenceNumber: undefined },
      checkpoint: { shardId: 's1', streamArn: 'arn:stream', sequenceNumber: '000000000000000000123' as SequenceNumber, finished: false },
      store: store as never,
      handler: async () => ({ batchItemFailures: [] }),
      batchSize: 10,
      readLimit: 10,
      idleDelayMs: 10,
      retryDelayMs: 10,
      maxRetryDelayMs: 20,
      recordTime: () => undefined,
    } as never);
    const outcome = await Promise.race([worker.outcome, new Promise((resolve) => setTimeout(() => resolve('still retrying'), 2_000))]);
    await worker.stop();
    expect(outcome).toMatchObject({ kind: 'expired' });
    expect(calls.filter((call) => call.includes('AFTER_SEQUENCE_NUMBER'))).toHaveLength(1);
  });
});
