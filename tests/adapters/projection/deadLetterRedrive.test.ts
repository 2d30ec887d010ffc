import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { isRight } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StreamId } from '../../../application/ports/eventStore.js';
import { dynamoEventStore } from '../../../adapters/dynamodb/eventStore.js';
import { rankingQueries } from '../../../adapters/dynamodb/rankingQueries.js';
import type { TableNames } from '../../../adapters/dynamodb/tables.js';
import { redriveDeadLetters } from '../../../adapters/projection/deadLetterRedrive.js';
import { listDeadLetters } from '../../../adapters/projection/deadLetters.js';
import { createProjector } from '../../../adapters/projection/projectorHandler.js';
import { readModelKeys } from '../../../projections/readModelKeys.js';
import { aBank, aDeposit, aRequest } from '../../domain/support/portfolioRequestBuilder.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';
import { batchOf, damagedRecord, eventItems, freshTables, projectionWorld, streamRecordOf } from './support/projectionWorld.js';

describe('redriving dead letters (npx fiducia projections dead-letters --redrive)', () => {
  let dynamo: DynamoFixture;
  let tables: TableNames;
  beforeAll(async () => {
    dynamo = await useDynamo();
    tables = await freshTables(dynamo.client);
  });

  it('projects a letter whose event now applies and removes it with its count; keeps one that still fails, and names one whose event is gone', async () => {
    const world = projectionWorld(dynamo.client, tables);
    await world.propose('pf-fixed', aRequest([aBank([aDeposit({ account: 'F-0001' })], 'FIXED-BANK')]), null);
    // An event stored broken: it fails on every delivery, and on a redrive too.
    const broken = `portfolio-${randomUUID()}` as StreamId;
    const store = dynamoEventStore(dynamo.client, tables);
    const committed = await store.commit({
      appends: [{ streamId: broken, expectedVersion: 0, previousHash: undefined, events: [{ eventId: randomUUID(), type: 'PortfolioProposed', schemaVersion: 1, data: { garbage: true } }] }],
      context: { actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID(), recordedAt: new Date().toISOString() },
    });
    expect(isRight(committed)).toBe(true);
    const items = await eventItems(dynamo.client, tables.events);
    const fixed = streamRecordOf(items.get(`${world.events[0]!.streamId}#1`)!, 1);
    const batch = batchOf([damagedRecord(fixed), streamRecordOf(items.get(`${broken}#1`)!, 2), damagedRecord(fixed, 'portfolio-never-stored')]);
    // One failure each is enough to park them here.
    expect(await createProjector({ client: dynamo.client, tables, shards: 1, maxAttempts: 1 })(batch)).toEqual({ batchItemFailures: [] });
    expect((await listDeadLetters({ client: dynamo.client, table: tables.readModels })).map((letter) => letter.source).sort()).toEqual(
      [`${world.events[0]!.streamId}#1`, `${broken}#1`, 'portfolio-never-stored#1'].sort(),
    );

    const outcomes = await redriveDeadLetters({ client: dynamo.client, tables, shards: 1 });
    expect(Object.fromEntries(outcomes.map((outcome) => [outcome.letter.source, outcome.result]))).toEqual({
      [`${world.events[0]!.streamId}#1`]: 'projected',
      [`${broken}#1`]: 'still-failing',
      'portfolio-never-stored#1': 'event-missing',
    });
    expect(outcomes.find((outcome) => outcome.result === 'still-failing')?.reason).toMatch(/UndecodableEvent/);
    // The redriven event is in the rankings; its letter and attempt count are gone, the others' letters stay.
    const banks = await rankingQueries({ client: dynamo.client, tables, shards: 1 }).topBanks('pf-fixed', { order: 'desc', topK: 10 });
    expect(isRight(banks) && banks.right.data.responses.map((bank) => bank.bank_name)).toEqual(['FIXED-BANK']);
    expect((await listDeadLetters({ client: dynamo.client, table: tables.readModels })).map((letter) => letter.source).sort()).toEqual(
      [`${broken}#1`, 'portfolio-never-stored#1'].sort(),
    );
    const attempts = readModelKeys.attempts(`${world.events[0]!.streamId}#1`);
    const { Items } = await dynamo.client.send(
      new QueryCommand({ TableName: tables.readModels, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: attempts.pk } } }),
    );
    expect(Items).toEqual([]);
  });
});
