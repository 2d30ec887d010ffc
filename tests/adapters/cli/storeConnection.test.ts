import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectToStore } from '../../../adapters/cli/storeConnection.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

describe('operator commands reach a deployed stack through its table names', () => {
  let dynamo: DynamoFixture;
  const saved = { ...process.env };
  beforeAll(async () => {
    dynamo = await useDynamo();
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  const deployed = () => ({
    EVENTS_TABLE: dynamo.tables.events,
    EVENT_PARTS_TABLE: dynamo.tables.eventParts,
    IDEMPOTENCY_TABLE: dynamo.tables.idempotency,
    READ_MODELS_TABLE: dynamo.tables.readModels,
  });

  it('uses the tables named, whatever the local prefix, and reads them', async () => {
    const store = await connectToStore({ ...deployed(), FIDUCIA_TABLE_PREFIX: 'other-', FIDUCIA_DYNAMODB_ENDPOINT: dynamo.endpoint });
    try {
      expect(store.tables).toEqual(dynamo.tables);
      const answer = await store.client.send(new GetItemCommand({ TableName: store.tables.events, Key: { stream_id: { S: 'none' }, version: { N: '1' } } }));
      expect(answer.Item).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('without an endpoint, takes the region and credentials the SDK finds, not the local stand-ins', async () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIAOPERATOR';
    process.env.AWS_SECRET_ACCESS_KEY = 'operator-secret';
    const store = await connectToStore(deployed());
    try {
      expect(await store.client.config.region()).toBe('eu-west-1');
      expect((await store.client.config.credentials()).accessKeyId).toBe('AKIAOPERATOR');
    } finally {
      store.close();
    }
  });

  it('refuses a partial set of names, saying which are missing', async () => {
    const { READ_MODELS_TABLE: _, IDEMPOTENCY_TABLE: __, ...partial } = deployed();
    await expect(connectToStore(partial)).rejects.toThrow('set IDEMPOTENCY_TABLE, READ_MODELS_TABLE too');
  });
});
