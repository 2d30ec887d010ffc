import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoCheckpointStore } from '../../../adapters/streams/checkpointStore.js';
import type { SequenceNumber } from '../../../adapters/streams/sequenceNumber.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const seq = (n: number | bigint): SequenceNumber => String(n).padStart(21, '0') as SequenceNumber;
const arn = 'arn:aws:dynamodb:ddblocal:000000000000:table/events/stream/1';

describe('DynamoDB checkpoint store', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });
  const store = (consumer: string) => dynamoCheckpointStore(dynamo.client, dynamo.tables.readModels, consumer);

  it('stores a checkpoint per shard under the consumer, with its stream and time', async () => {
    const checkpoints = store('stores');
    expect(await checkpoints.advance('shard-a', arn, seq(10))).toBe(true);
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: dynamo.tables.readModels, Key: { pk: { S: 'checkpoint#stores' }, sk: { S: 'shard-a' } } }),
    );
    expect(Item?.sequence_number?.S).toBe(seq(10));
    expect(Item?.stream_arn?.S).toBe(arn);
    expect(Date.parse(Item?.updated_at?.S ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect([...(await checkpoints.load()).values()]).toEqual([{ shardId: 'shard-a', streamArn: arn, sequenceNumber: seq(10), finished: false }]);
  });

  it('never moves a checkpoint backwards, nor onto itself', async () => {
    const checkpoints = store('forward-only');
    expect(await checkpoints.advance('s', arn, seq(500))).toBe(true);
    expect(await checkpoints.advance('s', arn, seq(499))).toBe(false);
    expect(await checkpoints.advance('s', arn, seq(500))).toBe(false);
    expect((await checkpoints.load()).get('s')?.sequenceNumber).toBe(seq(500));
    expect(await checkpoints.advance('s', arn, seq(501))).toBe(true);
    expect((await checkpoints.load()).get('s')?.sequenceNumber).toBe(seq(501));
  });

  it('compares by value when sequence numbers differ in length', async () => {
    const checkpoints = store('lengths');
    const long = '1000000000000000000000' as SequenceNumber;
    expect(await checkpoints.advance('s', arn, long)).toBe(true);
    expect(await checkpoints.advance('s', arn, '900000000000000000000' as SequenceNumber)).toBe(false);
    expect((await checkpoints.load()).get('s')?.sequenceNumber).toBe(long);
  });

  it('ends at the highest of concurrent advances, whatever their order', async () => {
    const checkpoints = store('concurrent');
    const values = Array.from({ length: 40 }, (_, i) => seq(1000 + ((i * 17) % 40)));
    await Promise.all(values.map((value) => checkpoints.advance('s', arn, value)));
    expect((await checkpoints.load()).get('s')?.sequenceNumber).toBe(seq(1039));
  });

  it('keeps the sequence number when a shard is begun again or finished', async () => {
    const checkpoints = store('begin-finish');
    await checkpoints.begin('fresh', arn);
    expect((await checkpoints.load()).get('fresh')).toEqual({ shardId: 'fresh', streamArn: arn, sequenceNumber: undefined, finished: false });
    await checkpoints.advance('s', arn, seq(7));
    await checkpoints.begin('s', arn);
    await checkpoints.finish('s', arn);
    expect((await checkpoints.load()).get('s')).toEqual({ shardId: 's', streamArn: arn, sequenceNumber: seq(7), finished: true });
  });

  it('keeps consumers apart', async () => {
    await store('one').advance('s', arn, seq(1));
    await store('two').advance('s', arn, seq(2));
    expect((await store('one').load()).get('s')?.sequenceNumber).toBe(seq(1));
    expect((await store('two').load()).get('s')?.sequenceNumber).toBe(seq(2));
  });

  it('forgets chosen shards and resets the whole consumer, more than one batch of them', async () => {
    const checkpoints = store('reset');
    const shards = Array.from({ length: 60 }, (_, i) => `shard-${i}`);
    await Promise.all(shards.map((shard, i) => checkpoints.advance(shard, arn, seq(i + 1))));
    await checkpoints.forget(['shard-0', 'shard-1']);
    expect((await checkpoints.load()).size).toBe(58);
    await store('other').advance('kept', arn, seq(1));
    await checkpoints.reset();
    expect((await checkpoints.load()).size).toBe(0);
    expect((await store('other').load()).size).toBe(1);
    // After a reset a checkpoint may start low again: the only way back.
    expect(await checkpoints.advance('shard-59', arn, seq(1))).toBe(true);
  });

  it('refuses to store something that is not a sequence number', async () => {
    await expect(store('refuses').advance('s', arn, 'bogus' as SequenceNumber)).rejects.toThrow(/sequence number/);
  });
});
