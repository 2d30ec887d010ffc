import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelStore } from '../../../adapters/dynamodb/readModelStore.js';
import { profileReadModel } from '../../../projections/profileReadModel.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const view = (status: string, updated: string) =>
  ({ profile_id: 'p1', client_id: 'c1', advisor_id: 'a1', status, linked_portfolios: [], created_at: '2024-01-01T00:00:00.000Z', updated_at: updated }) as never;

describe('profile search entries under two concurrent projectors', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  it('keeps the newest status entry when an older writer wins its state put first and cleans up late', async () => {
    const table = dynamo.tables.readModels;
    await readModelStore({ client: dynamo.client, table }).profile({ streamId: 'profile-p1', model: profileReadModel(view('Draft', 'x'), 2) });

    // Writer A (v3, Proposed) and writer B (v4, Applied) both read state v2; B's entries land before A's state put,
    // A cleans up before B's state put.
    const bEntriesPut = deferred();
    const aCleanedUp = deferred();
    let bEntryPuts = 0;
    const interleaved = (name: 'A' | 'B') =>
      ({
        send: async (command: { constructor: { name: string }; input: { Item?: { sk?: { S?: string } } } }) => {
          const kind = command.constructor.name;
          const isStatePut = kind === 'PutItemCommand' && command.input.Item?.sk?.S === 'state';
          if (name === 'A' && isStatePut) await bEntriesPut.promise;
          if (name === 'B' && isStatePut) await aCleanedUp.promise;
          const out = await dynamo.client.send(command as never);
          if (name === 'B' && kind === 'PutItemCommand' && !isStatePut && ++bEntryPuts === 2) bEntriesPut.resolve();
          if (name === 'A' && kind === 'DeleteItemCommand') aCleanedUp.resolve();
          return out;
        },
      }) as unknown as DynamoDBClient;
    await Promise.all([
      readModelStore({ client: interleaved('A'), table }).profile({ streamId: 'profile-p1', model: profileReadModel(view('Proposed', 'y'), 3) }),
      readModelStore({ client: interleaved('B'), table }).profile({ streamId: 'profile-p1', model: profileReadModel(view('Applied', 'z'), 4) }),
    ]);

    for (const pk of ['profiles#client#c1', 'profiles#advisor#a1']) {
      const entries = await dynamo.client.send(
        new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: pk } }, ConsistentRead: true }),
      );
      expect((entries.Items ?? []).map((item) => item.sk?.S)).toEqual(['Applied#p1']);
    }
  });
});
