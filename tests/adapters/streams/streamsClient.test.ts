import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { describe, it } from 'vitest';
import { createStreamsClient } from '../../../adapters/streams/streamsClient.js';
import { expectNoLoggerMiddleware } from '../../support/loggerMiddleware.js';

describe('createStreamsClient', () => {
  it('runs no logger middleware, so no GetRecords answer is copied for a logger that discards it', () => {
    expectNoLoggerMiddleware(createStreamsClient('http://127.0.0.1:8000'), new DynamoDBStreamsClient({ region: 'us-east-1' }));
  });
});
