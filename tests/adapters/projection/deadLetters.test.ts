import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { failedStreamRecord, listDeadLetters, parkRecord } from '../../../adapters/projection/deadLetters.js';
import { readModelChecksum } from '../../../adapters/projection/readModelChecksum.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const streamRecord = (keys: Record<string, AttributeValue> | undefined): DynamoDBRecord => ({
  eventSourceARN: 'arn:aws:dynamodb:local:000000000000:table/events/stream/x',
  dynamodb: {
    SequenceNumber: '000000000000000000042',
    ...(keys === undefined ? {} : { Keys: keys }),
    NewImage: { event_id: { S: 'evt-1' }, type: { S: 'PortfolioProposed' }, data: { S: '{"client":"Jane Roe"}' } },
  },
});

describe('dead letters', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  it('names a stream record by its keys, event id and type, never by its payload', () => {
    const named = failedStreamRecord(streamRecord({ stream_id: { S: 'portfolio-p1' }, version: { N: '3' } }));
    expect(named).toEqual({
      source: 'portfolio-p1#3',
      sequenceNumber: '000000000000000000042',
      streamId: 'portfolio-p1',
      version: 3,
      eventId: 'evt-1',
      type: 'PortfolioProposed',
      eventSourceArn: 'arn:aws:dynamodb:local:000000000000:table/events/stream/x',
    });
    expect(JSON.stringify(named)).not.toContain('Jane');
    expect(failedStreamRecord(streamRecord(undefined)).source).toBe('record#000000000000000000042');
  });

  it("keeps each consumer's dead letters apart, and out of the read-model checksum", async () => {
    const table = dynamo.tables.readModels;
    const before = await readModelChecksum({ client: dynamo.client, tables: { readModels: table } });
    const record = failedStreamRecord(streamRecord({ stream_id: { S: 'portfolio-p2' }, version: { N: '1' } }));
    const letter = { source: record.source, reason: 'not published after 20 deliveries', attempts: 20, record, deadLetteredAt: '2026-11-22T10:00:00.000Z' };
    await parkRecord({ client: dynamo.client, table, consumer: 'publisher' }, letter);

    expect(await listDeadLetters({ client: dynamo.client, table, consumer: 'publisher' })).toEqual([letter]);
    expect(await listDeadLetters({ client: dynamo.client, table })).toEqual([]);
    expect(await readModelChecksum({ client: dynamo.client, tables: { readModels: table } })).toEqual(before);
  });
});
