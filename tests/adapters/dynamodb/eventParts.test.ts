import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventPartsReader } from '../../../adapters/dynamodb/eventParts.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

describe('event parts reader', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  /** A payload gzipped and split in two parts, and a function that stores part `index` of event `eventId`. */
  const twoParts = (payload: unknown) => {
    const gz = gzipSync(JSON.stringify(payload));
    const halves = [gz.subarray(0, gz.length >> 1), gz.subarray(gz.length >> 1)];
    return (eventId: string, index: number) =>
      dynamo.client.send(new PutItemCommand({ TableName: dynamo.tables.eventParts, Item: { event_id: { S: eventId }, part: { N: String(index) }, bytes: { B: halves[index]! } } }));
  };

  it('waits a moment for parts of a commit that are not visible yet, then reads the payload whole', async () => {
    const payload = { deposits: Array.from({ length: 50 }, (_, i) => ({ account: `A-${i}`, amount: `${i}.00` })) };
    const store = twoParts(payload);
    const eventId = randomUUID();
    await store(eventId, 0);
    // The real client; the second part is stored only once the reader's first query has come back with the first alone.
    let queries = 0;
    const watching = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: object) => {
          const answer = await target.send(command as never);
          if (command instanceof QueryCommand && ++queries === 1) await store(eventId, 1);
          return answer;
        };
      },
    });
    expect(await eventPartsReader(watching, dynamo.tables.eventParts)(eventId, 2)).toEqual(payload);
    expect(queries).toBe(2);
  });

  it('refuses a payload whose parts stay missing', async () => {
    const store = twoParts({ n: 1 });
    const eventId = randomUUID();
    await store(eventId, 1);
    await expect(eventPartsReader(dynamo.client, dynamo.tables.eventParts)(eventId, 2)).rejects.toThrow(/lacks some of its 2 stored parts/);
  });
});
