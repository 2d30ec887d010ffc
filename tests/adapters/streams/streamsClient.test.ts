import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { createStreamsClient } from '../../../adapters/streams/streamsClient.js';

describe('createStreamsClient', () => {
  it('runs no logger middleware, so no GetRecords answer is copied for a logger that discards it', () => {
    const client = createStreamsClient('http://127.0.0.1:8000');
    const plain = new DynamoDBStreamsClient({ region: 'us-east-1' });
    const named = (stack: DynamoDBStreamsClient['middlewareStack']) => stack.identify().map((entry) => entry.split(' ')[0]);
    expect(named(plain.middlewareStack)).toContain('loggerMiddleware');
    expect(named(client.middlewareStack)).not.toContain('loggerMiddleware');
    client.destroy();
    plain.destroy();
  });
});
