import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelStore } from '../../../adapters/dynamodb/readModelStore.js';
import { maturityRankingKey } from '../../../projections/maturityKey.js';
import { rankingPages } from '../../../projections/rankingPages.js';
import { readModelKeys } from '../../../projections/readModelKeys.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

describe('a withdrawal', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  it('removes every item of the replaced version without reading that version again', async () => {
    const table = dynamo.tables.readModels;
    const keys = async (pk: string) =>
      ((await dynamo.client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: pk } }, ConsistentRead: true })))
        .Items ?? []).map((item) => item.sk?.S);
    const owner = { profile_id: null, client_id: null, advisor_id: 'a' };
    const maturity = maturityRankingKey('2031-05-17', '2026-01-05T09:00:00.000Z', 'deposit-1');
    const proposed = {
      portfolioId: 'p',
      version: 1,
      status: 'proposed',
      facts: {},
      versioned: [
        ...rankingPages(readModelKeys.bankRanking('p', 1), [{ key: 'b1', entry: '{}' }], 1),
        ...rankingPages(readModelKeys.depositMaturityRanking('p', 1), [{ key: maturity, entry: '{}' }], 1),
      ],
      maturing: [{ pk: readModelKeys.maturing('2031-05'), sk: maturity, attributes: { entry: '{}', portfolio_uuid: 'p', source_version: 1 } }],
      rankings: [{ pk: 'rank#portfolios#s0', sk: 'k1', attributes: { entry: '{}', source_version: 1 } }],
    };
    const withdrawn = { portfolioId: 'p', version: 2, status: 'withdrawn', facts: {}, versioned: [], maturing: [], rankings: [] };
    const asked: number[] = [];
    // Only the version at hand is ever asked for: an old event that no longer decodes cannot hold a cleanup up.
    const application = (version: number) =>
      ({
        streamId: 'portfolio-p',
        portfolioId: 'p',
        version,
        owner: async () => owner,
        model: async () => {
          asked.push(version);
          return version === 1 ? proposed : withdrawn;
        },
      }) as never;
    const store = readModelStore({ client: dynamo.client, table });
    await store.portfolio(application(1));
    expect(await keys('rank#portfolios#s0')).toEqual(['k1']);
    expect(await keys(readModelKeys.maturing('2031-05'))).toEqual([maturity]);

    expect(await store.portfolio(application(2))).toBe('applied');
    expect(asked).toEqual([1, 2]);
    expect(await keys('rank#portfolios#s0')).toEqual([]);
    expect(await keys(readModelKeys.maturing('2031-05'))).toEqual([]);
    expect(await keys(readModelKeys.bankRanking('p', 1))).toEqual([]);
    expect(await keys(readModelKeys.depositMaturityRanking('p', 1))).toEqual([]);
    expect(await keys(readModelKeys.state('portfolio-p').pk)).toEqual(['state']);
  });
});
