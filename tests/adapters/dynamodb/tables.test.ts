import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, ensureTables, tableDefinitions, tableNames, tableRoles, type TableNames } from '../../../adapters/dynamodb/tables.js';
import { tableLayouts } from '../../../infra/tableLayouts.js';
import { useDynamo, type DynamoFixture } from '../../support/dynamo.js';

const freshNames = (): TableNames => tableNames(`tables-test-${randomBytes(4).toString('hex')}-`);

describe('tableNames', () => {
  it('prefixes one distinct name per role', () => {
    const names = tableNames('fiducia-');
    expect(names).toEqual({
      events: 'fiducia-events',
      eventParts: 'fiducia-event-parts',
      idempotency: 'fiducia-idempotency',
      readModels: 'fiducia-read-models',
    });
  });

  it('refuses a prefix that would make an invalid table name', () => {
    expect(() => tableNames('my prefix/')).toThrow(/Table prefix "my prefix\/"/);
    expect(() => tableNames('x'.repeat(201))).toThrow();
  });
});

describe('table definitions', () => {
  it('key every table exactly as the CDK app does', () => {
    for (const role of tableRoles) {
      const input = createTableInput(role, 'name');
      const { partitionKey, sortKey } = tableLayouts[role];
      const keys = sortKey === undefined ? [partitionKey] : [partitionKey, sortKey];
      expect(input.KeySchema).toEqual(keys.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })));
      expect(input.AttributeDefinitions).toEqual(keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })));
      expect(tableDefinitions[role].timeToLiveAttribute).toBe(tableLayouts[role].timeToLiveAttribute);
      expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    }
  });

  it('stream new images of the events table only', () => {
    expect(createTableInput('events', 'e').StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    for (const role of tableRoles.filter((r) => r !== 'events')) expect(createTableInput(role, 'x').StreamSpecification).toBeUndefined();
  });
});

describe('ensureTables', () => {
  let dynamo: DynamoFixture;
  beforeAll(async () => {
    dynamo = await useDynamo();
  });

  const describeTable = async (name: string) => (await dynamo.client.send(new DescribeTableCommand({ TableName: name }))).Table!;

  it('creates the four tables, active, on demand, with the events stream and TTL on expires_at of idempotency records and parts', async () => {
    const names = freshNames();
    const ensured = await ensureTables(dynamo.client, names);
    expect([...ensured.created].sort()).toEqual(Object.values(names).sort());

    for (const role of tableRoles) {
      const table = await describeTable(names[role]);
      expect(table.TableStatus).toBe('ACTIVE');
      expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.KeySchema).toEqual(createTableInput(role, names[role]).KeySchema);
    }
    const events = await describeTable(names.events);
    expect(events.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(events.LatestStreamArn).toBe(ensured.eventsStreamArn);
    expect((await describeTable(names.readModels)).StreamSpecification?.StreamEnabled ?? false).toBe(false);

    for (const role of ['idempotency', 'eventParts'] as const) {
      const ttl = await dynamo.client.send(new DescribeTimeToLiveCommand({ TableName: names[role] }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
    }
  });

  it('is idempotent: a second call creates nothing and finds the same stream', async () => {
    const names = freshNames();
    const first = await ensureTables(dynamo.client, names);
    const second = await ensureTables(dynamo.client, names);
    expect(second.created).toEqual([]);
    expect(second.eventsStreamArn).toBe(first.eventsStreamArn);
    // Other test files create tables on the same engine: read every page.
    const listed: string[] = [];
    let start: string | undefined;
    do {
      const page = await dynamo.client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      listed.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
    } while (start !== undefined);
    expect(listed.filter((name) => Object.values(names).includes(name))).toHaveLength(4);
  });

  it('lets concurrent callers race: each table is created once and both calls succeed', async () => {
    const names = freshNames();
    const [a, b] = await Promise.all([ensureTables(dynamo.client, names), ensureTables(dynamo.client, names)]);
    const created = [...a.created, ...b.created].sort();
    expect(created).toEqual(Object.values(names).sort());
    expect(a.eventsStreamArn).toBe(b.eventsStreamArn);
  });

  it('turns the stream on for an events table that was created without one', async () => {
    const names = freshNames();
    const { StreamSpecification: _stream, ...withoutStream } = createTableInput('events', names.events);
    await dynamo.client.send(new CreateTableCommand(withoutStream));
    expect((await describeTable(names.events)).StreamSpecification?.StreamEnabled ?? false).toBe(false);

    const ensured = await ensureTables(dynamo.client, names);
    expect(ensured.created).not.toContain(names.events);
    const events = await describeTable(names.events);
    expect(events.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(events.LatestStreamArn).toBe(ensured.eventsStreamArn);
  });
});

describe('useDynamo', () => {
  it('gives every caller tables of its own', async () => {
    const [one, two] = await Promise.all([useDynamo(), useDynamo()]);
    expect(one.endpoint).toBe(two.endpoint);
    for (const role of tableRoles) expect(one.tables[role]).not.toBe(two.tables[role]);
    expect((await one.client.send(new DescribeTableCommand({ TableName: one.tables.events }))).Table?.TableStatus).toBe('ACTIVE');
  });
});
