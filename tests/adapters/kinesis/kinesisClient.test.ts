import { KinesisClient } from '@aws-sdk/client-kinesis';
import { describe, it } from 'vitest';
import { createKinesisClient } from '../../../adapters/kinesis/kinesisClient.js';
import { expectNoLoggerMiddleware } from '../../support/loggerMiddleware.js';

describe('createKinesisClient', () => {
  it('runs no logger middleware, so no PutRecords input is copied for a logger that discards it', () => {
    expectNoLoggerMiddleware(createKinesisClient('http://127.0.0.1:4567'), new KinesisClient({ region: 'us-east-1' }));
  });
});
