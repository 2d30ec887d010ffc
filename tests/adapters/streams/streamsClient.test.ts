import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { createStreamsClient } from '../../../adapters/streams/streamsClient.js';
import { hasLoggerMiddleware } from '../../support/loggerMiddleware.js';

describe('createStreamsClient', () => {
  it('runs no logger middleware, so no GetRecords answer is copied for a logger that discards it', () => {
    const client = createStreamsClient('http://127.0.0.1:8000');
    const plain = new DynamoDBStreamsClient({ region: 'us-east-1' });
    expect(hasLoggerMiddleware(plain)).toBe(true);
    expect(hasLoggerMiddleware(client)).toBe(false);
    client.destroy();
    plain.destroy();
  });
});
