import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelStore } from '../../../adapters/dynamodb/readModelStore.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

describe('a withdrawal in the shared rankings', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  it('removes the replaced version from the all-portfolios ranking in the same write, even when its event no longer decodes', async () => {
    const table = dynamo.tables.readModels;
    const keys = async (pk: string) =>
      ((await dynamo.client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: pk } }, ConsistentRead: true })))
        .Items ?? []).map((item) => item.sk?.S);
    const owner = { profile_id: null, client_id: null, advisor_id: 'a' };
    const proposed = {
      portfolioId: 'p',
      version: 1,
      status: 'proposed',
      facts: {},
      versioned: [],
      maturing: [],
      rankings: [{ pk: 'rank#portfolios#s0', sk: 'k1', attributes: { entry: '{}', source_version: 1 } }],
    };
    const withdrawn = { portfolioId: 'p', version: 2, status: 'withdrawn', facts: {}, versioned: [], maturing: [], rankings: [] };
    let oldEventDecodes = true;
    const application = (version: number) =>
      ({
        streamId: 'portfolio-p',
        portfolioId: 'p',
        version,
        shards: 1,
        owner: async () => owner,
        modelAt: async (at: number) => {
          if (at === 1 && !oldEventDecodes) throw new Error('UndecodableEvent: version 1 no longer decodes');
          return at === 1 ? proposed : withdrawn;
        },
      }) as never;
    const store = readModelStore({ client: dynamo.client, table });
    await store.portfolio(application(1));
    expect(await keys('rank#portfolios#s0')).toEqual(['k1']);

    oldEventDecodes = false;
    // The later cleanup of version 1's own partitions fails, but the ranking entry went with the state change.
    await store.portfolio(application(2)).catch(() => undefined);
    expect(await keys('rank#portfolios#s0')).toEqual([]);
  });
});
