import { KinesisClient } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { createKinesisClient } from '../../../adapters/kinesis/kinesisClient.js';

describe('createKinesisClient', () => {
  it('runs no logger middleware, so no PutRecords input is copied for a logger that discards it', () => {
    const client = createKinesisClient('http://127.0.0.1:4567');
    const plain = new KinesisClient({ region: 'us-east-1' });
    const named = (stack: KinesisClient['middlewareStack']) => stack.identify().map((entry) => entry.split(' ')[0]);
    expect(named(plain.middlewareStack)).toContain('loggerMiddleware');
    expect(named(client.middlewareStack)).not.toContain('loggerMiddleware');
    client.destroy();
    plain.destroy();
  });
});
