import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

/** The four tables of the service, by role. */
export type TableRole = 'events' | 'eventParts' | 'idempotency' | 'readModels';
export const tableRoles: ReadonlyArray<TableRole> = ['events', 'eventParts', 'idempotency', 'readModels'];

/** The physical table name of each role. */
export type TableNames = Readonly<Record<TableRole, string>>;

/** A key attribute as DynamoDB declares it. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

/** How one table is keyed, expires and streams; the CDK app mirrors these. */
export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Epoch-seconds attribute after which DynamoDB may delete the item. */
  readonly timeToLiveAttribute?: string;
  /** The events table feeds projections and the publisher through its stream. */
  readonly stream?: 'NEW_IMAGE';
}

/** The layout of every table (all on-demand). */
export const tableDefinitions: Readonly<Record<TableRole, TableDefinition>> = {
  events: { partitionKey: { name: 'stream_id', type: 'S' }, sortKey: { name: 'version', type: 'N' }, stream: 'NEW_IMAGE' },
  // Only the parts of large idempotent responses expire with their key; an event's parts carry no expiry and stay.
  eventParts: { partitionKey: { name: 'event_id', type: 'S' }, sortKey: { name: 'part', type: 'N' }, timeToLiveAttribute: 'expires_at' },
  idempotency: { partitionKey: { name: 'idempotency_key', type: 'S' }, timeToLiveAttribute: 'expires_at' },
  // Projector attempt counters expire once no retry of their record can come (streams keep records 24 hours).
  readModels: { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' }, timeToLiveAttribute: 'expires_at' },
};

const physicalSuffix: Readonly<Record<TableRole, string>> = {
  events: 'events',
  eventParts: 'event-parts',
  idempotency: 'idempotency',
  readModels: 'read-models',
};

/** Table names with a prefix (`fiducia-` → `fiducia-events`, ...); throws if the prefix makes an invalid name. */
export const tableNames = (prefix: string): TableNames => {
  if (!/^[A-Za-z0-9_.-]*$/.test(prefix) || prefix.length > 200) {
    throw new Error(`Table prefix "${prefix}" may only contain letters, digits, '_', '-' and '.', at most 200 of them`);
  }
  return {
    events: `${prefix}${physicalSuffix.events}`,
    eventParts: `${prefix}${physicalSuffix.eventParts}`,
    idempotency: `${prefix}${physicalSuffix.idempotency}`,
    readModels: `${prefix}${physicalSuffix.readModels}`,
  };
};

/** The CreateTable request for one role under a given name. */
export const createTableInput = (role: TableRole, tableName: string): CreateTableCommandInput => {
  const definition = tableDefinitions[role];
  const keys = definition.sortKey === undefined ? [definition.partitionKey] : [definition.partitionKey, definition.sortKey];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    KeySchema: keys.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    ...(definition.stream === undefined ? {} : { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
  };
};

/** What `ensureTables` found or did. */
export interface EnsuredTables {
  /** Names of the tables this call created (empty when all existed). */
  readonly created: ReadonlyArray<string>;
  /** The events table's stream, for stream pollers. */
  readonly eventsStreamArn: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const describe = async (client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

/** Polls until the table and its indexes are ACTIVE; DynamoDB Local is instant, AWS takes seconds. */
const waitUntilActive = async (client: DynamoDBClient, tableName: string, timeoutMs = 300_000): Promise<TableDescription> => {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
    const table = await describe(client, tableName);
    if (table?.TableStatus === 'ACTIVE') return table;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} is not ACTIVE after ${timeoutMs} ms (status ${table?.TableStatus ?? 'missing'})`);
    await sleep(delay);
  }
};

/** Runs a change; if it fails because a concurrent caller already made it, that is success. */
const unlessRaced = async (change: () => Promise<unknown>, done: () => Promise<boolean>): Promise<void> => {
  try {
    await change();
  } catch (error) {
    if (!(await done())) throw error;
  }
};

const ensureTable = async (client: DynamoDBClient, role: TableRole, tableName: string): Promise<{ created: boolean; table: TableDescription }> => {
  let created = false;
  if ((await describe(client, tableName)) === undefined) {
    try {
      await client.send(new CreateTableCommand(createTableInput(role, tableName)));
      created = true;
    } catch (error) {
      // Another process created it between our describe and create: that is the state we wanted.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  let table = await waitUntilActive(client, tableName);
  const definition = tableDefinitions[role];
  if (definition.stream !== undefined && table.StreamSpecification?.StreamEnabled !== true) {
    // A table from an older layout: turn its stream on rather than fail later in the pollers.
    const streamEnabled = async () => (await waitUntilActive(client, tableName)).StreamSpecification?.StreamEnabled === true;
    await unlessRaced(
      () => client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } })),
      streamEnabled,
    );
    table = await waitUntilActive(client, tableName);
  }
  if (definition.timeToLiveAttribute !== undefined) {
    const attribute = definition.timeToLiveAttribute;
    const ttlEnabled = async () => {
      const status = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription?.TimeToLiveStatus;
      return status === 'ENABLED' || status === 'ENABLING';
    };
    if (!(await ttlEnabled())) {
      await unlessRaced(
        () => client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } })),
        ttlEnabled,
      );
    }
  }
  return { created, table };
};

/** Creates the tables that do not exist yet (idempotent, safe to race), waits until ACTIVE, enables TTL and the events stream. */
export const ensureTables = async (client: DynamoDBClient, names: TableNames): Promise<EnsuredTables> => {
  const results = await Promise.all(tableRoles.map(async (role) => ({ role, ...(await ensureTable(client, role, names[role])) })));
  const events = results.find((result) => result.role === 'events');
  const eventsStreamArn = events?.table.LatestStreamArn;
  if (eventsStreamArn === undefined) throw new Error(`Table ${names.events} has no stream after ensureTables`);
  return { created: results.filter((result) => result.created).map((result) => names[result.role]), eventsStreamArn };
};
