import { KinesisClient } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { createKinesisClient } from '../../../adapters/kinesis/kinesisClient.js';
import { hasLoggerMiddleware } from '../../support/loggerMiddleware.js';

describe('createKinesisClient', () => {
  it('runs no logger middleware, so no PutRecords input is copied for a logger that discards it', () => {
    const client = createKinesisClient('http://127.0.0.1:4567');
    const plain = new KinesisClient({ region: 'us-east-1' });
    expect(hasLoggerMiddleware(plain)).toBe(true);
    expect(hasLoggerMiddleware(client)).toBe(false);
    client.destroy();
    plain.destroy();
  });
});
