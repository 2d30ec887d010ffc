import { randomBytes } from 'node:crypto';
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, StreamId } from '../../../../application/ports/eventStore.js';
import { dynamoEventStore } from '../../../../adapters/dynamodb/eventStore.js';
import { createProjector } from '../../../../adapters/projection/projectorHandler.js';
import { ensureTables, tableNames, type TableNames } from '../../../../adapters/dynamodb/tables.js';
import { fold } from '../../../../domain/decider.js';
import type { PortfolioCommand, PortfolioState } from '../../../../domain/portfolio/portfolioDecider.js';
import { portfolioDecider } from '../../../../domain/portfolio/portfolioDecider.js';
import type { PortfolioRequest } from '../../../../domain/portfolioRequest.js';
import { parseCreateProfileBody } from '../../../../domain/profile/profileCommandBodies.js';
import type { ProfileCommand } from '../../../../domain/profile/profileCommands.js';
import { profileDecider } from '../../../../domain/profile/profileDecider.js';
import type { ProfileState } from '../../../../domain/profile/profileState.js';
import { instantFrom, portfolioIdFrom, profileIdFrom, userIdFrom } from '../../../../domain/profile/profileValues.js';
import type { CalendarDate } from '../../../../domain/values.js';

/** A fresh set of the service's tables under a random prefix, on the shared DynamoDB Local. */
export const freshTables = async (client: DynamoDBClient): Promise<TableNames> => {
  const tables = tableNames(`p${randomBytes(6).toString('hex')}-`);
  await ensureTables(client, tables);
  return tables;
};

/** A valid profile creation body for a client (PII included, as a real one). */
const createBody = (clientId: string) => ({
  client_id: clientId,
  client: { name: 'Ada Lovelace', date_of_birth: '1980-12-10', email: 'ada@example.com', tax_id_last4: '1234' },
  investment_objectives: ['income'],
  risk_score: 40,
  time_horizon_years: '5',
  liquidity_needs: { amount: '20000.00', needed_by: '2028-06-30' },
  target_allocation: { bonds: '60', us_equity: '30', cash: '10' },
  existing_holdings: [],
});

interface Stream<S> {
  state: S;
  version: number;
  hash: string | undefined;
}

/**
 * Runs profile and portfolio commands through the real deciders and commits their events to the real DynamoDB event
 * store (a proposal for a profile commits its ProposalLinked atomically with it, as the command side does).
 * `events` lists every committed event in commit order, which is the order DynamoDB Streams would deliver them in.
 */
export const projectionWorld = (client: DynamoDBClient, tables: TableNames, idPrefix = randomBytes(4).toString('hex')) => {
  const store: EventStore = dynamoEventStore(client, tables);
  const events: RecordedEvent[] = [];
  const profiles = new Map<string, Stream<ProfileState>>();
  const portfolios = new Map<string, Stream<PortfolioState>>();
  let ids = 0;
  let clock = Date.parse('2026-01-05T09:00:00.000Z');
  const newId = (): string => `${idPrefix}-${String(++ids).padStart(6, '0')}`;
  const tick = (): string => new Date((clock += 1_000)).toISOString();

  const stream = <S>(map: Map<string, Stream<S>>, id: string, initial: S): Stream<S> => {
    let entry = map.get(id);
    if (entry === undefined) {
      entry = { state: initial, version: 0, hash: undefined };
      map.set(id, entry);
    }
    return entry;
  };

  const commit = async (appends: Array<{ streamId: string; entry: Stream<unknown>; events: ReadonlyArray<{ type: string; data: unknown }> }>, at: string) => {
    const result = await store.commit({
      appends: appends.map(({ streamId, entry, events: decided }) => ({
        streamId: streamId as StreamId,
        expectedVersion: entry.version,
        previousHash: entry.hash,
        events: decided.map((event) => ({ eventId: newId(), type: event.type, schemaVersion: 1, data: event.data, engineVersion: '1.0.0' })),
      })),
      context: { actor: 'advisor-1', correlationId: newId(), causationId: newId(), recordedAt: at },
    });
    if (isLeft(result)) throw new Error(`commit failed: ${JSON.stringify(result.left)}`);
    for (const event of result.right) {
      const append = appends.find((a) => a.streamId === event.streamId)!;
      append.entry.version = event.version;
      append.entry.hash = event.hash;
    }
    events.push(...result.right);
    return result.right;
  };

  const profileStep = async (profileId: string, command: ProfileCommand, at = tick(), actor = 'advisor-1') => {
    const entry = stream<ProfileState>(profiles, profileId, null);
    const decision = profileDecider.decide({ command, meta: { actor: userIdFrom(actor)!, at: instantFrom(at)! } }, entry.state);
    if (isLeft(decision) || decision.right.length === 0) return [];
    const committed = await commit([{ streamId: `profile-${profileId}`, entry: entry as Stream<unknown>, events: decision.right }], at);
    entry.state = fold(profileDecider, decision.right, entry.state);
    return committed;
  };

  const createProfile = async (profileId: string, clientId: string, advisorId = 'advisor-1') => {
    const parsed = parseCreateProfileBody(createBody(clientId), { profileId: profileIdFrom(profileId)!, today: '2026-11-22' as CalendarDate });
    if (isLeft(parsed)) throw new Error('invalid profile body');
    return profileStep(profileId, parsed.right, tick(), advisorId);
  };

  const portfolioStep = async (portfolioId: string, command: PortfolioCommand, linkTo: string | null, at: string) => {
    const entry = stream<PortfolioState>(portfolios, portfolioId, { status: 'none' });
    const decision = portfolioDecider.decide(command, entry.state);
    if (isLeft(decision)) return [];
    const appends: Array<{ streamId: string; entry: Stream<unknown>; events: ReadonlyArray<{ type: string; data: unknown }> }> = [];
    let linked: { profile: Stream<ProfileState>; events: ReadonlyArray<{ type: string; data: unknown }> } | undefined;
    if (linkTo !== null) {
      const profile = stream<ProfileState>(profiles, linkTo, null);
      const link = profileDecider.decide(
        { command: { type: 'LinkProposal', portfolio_id: portfolioIdFrom(portfolioId)! }, meta: { actor: userIdFrom('advisor-1')!, at: instantFrom(at)! } },
        profile.state,
      );
      if (isLeft(link)) return [];
      linked = { profile, events: link.right };
      if (link.right.length > 0) appends.push({ streamId: `profile-${linkTo}`, entry: profile as Stream<unknown>, events: link.right });
    }
    appends.push({ streamId: `portfolio-${portfolioId}`, entry: entry as Stream<unknown>, events: decision.right });
    const committed = await commit(appends, at);
    entry.state = fold(portfolioDecider, decision.right, entry.state);
    if (linked !== undefined) linked.profile.state = fold(profileDecider, linked.events as never, linked.profile.state);
    return committed;
  };

  const calculation = (at: string) => ({ newId, createdAt: at });

  const propose = (portfolioId: string, request: PortfolioRequest, profileId: string | null, at = tick()) => {
    const profileStream = profileId === null ? undefined : profiles.get(profileId);
    const profile = profileStream?.state ?? null;
    return portfolioStep(
      portfolioId,
      {
        kind: 'ProposePortfolio',
        portfolioId,
        advisorId: 'advisor-1',
        request,
        calculation: calculation(at),
        profile: profileId === null || profile === null ? null : { profileId, facts: profile, version: profileStream!.version },
      },
      profileId !== null && profile !== null ? profileId : null,
      at,
    );
  };

  const revise = (portfolioId: string, request: PortfolioRequest, at = tick()) => {
    const state = portfolios.get(portfolioId)?.state;
    const profileId = state !== undefined && state.status !== 'none' ? state.profile_id : null;
    const profileStream = profileId === null ? undefined : profiles.get(profileId);
    const profile = profileStream?.state ? { facts: profileStream.state, version: profileStream.version } : null;
    return portfolioStep(portfolioId, { kind: 'RevisePortfolio', request, calculation: calculation(at), profile }, null, at);
  };

  const withdraw = (portfolioId: string, at = tick()) =>
    portfolioStep(portfolioId, { kind: 'WithdrawPortfolio', reason: 'client declined', at }, null, at);

  return { store, events, profiles, portfolios, createProfile, profileStep, propose, revise, withdraw, newId };
};

export type ProjectionWorld = ReturnType<typeof projectionWorld>;

/** Every item of the events table, by `<stream_id>#<version>`. */
export const eventItems = async (client: DynamoDBClient, table: string): Promise<Map<string, Record<string, AttributeValue>>> => {
  const items = new Map<string, Record<string, AttributeValue>>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.set(`${item.stream_id!.S}#${item.version!.N}`, item);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
};

/** The DynamoDB Streams record (NEW_IMAGE view) of a stored event item; `n` orders records like sequence numbers. */
export const streamRecordOf = (item: Record<string, AttributeValue>, n: number): DynamoDBRecord => ({
  eventID: `record-${n}`,
  eventName: 'INSERT',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/events/stream/2026-01-01T00:00:00.000',
  dynamodb: {
    Keys: { stream_id: item.stream_id, version: item.version } as never,
    NewImage: item as never,
    SequenceNumber: (10n ** 20n + BigInt(n)).toString(),
    SizeBytes: 512,
    StreamViewType: 'NEW_IMAGE',
  },
});

/** The stream records of committed events, in commit order (sequence numbers 1, 2, ...). */
export const streamRecordsOf = async (client: DynamoDBClient, tables: TableNames, events: ReadonlyArray<RecordedEvent>): Promise<DynamoDBRecord[]> => {
  const items = await eventItems(client, tables.events);
  return events.map((event, index) => {
    const item = items.get(`${event.streamId}#${event.version}`);
    if (item === undefined) throw new Error(`no stored item for ${event.streamId} v${event.version}`);
    return streamRecordOf(item, index + 1);
  });
};

/**
 * The record with its image damaged on the way (its data no event of any type), though the stored event is fine; with
 * `streamId`, it also names a stream that was never stored.
 */
export const damagedRecord = (record: DynamoDBRecord, streamId?: string): DynamoDBRecord => ({
  ...record,
  dynamodb: {
    ...record.dynamodb,
    NewImage: { ...record.dynamodb!.NewImage, data: { S: '{"garbage":true}' }, ...(streamId === undefined ? {} : { stream_id: { S: streamId } }) },
  },
});

/**
 * Projects everything the events table holds, as the stream poller would deliver it (each stream in version order),
 * and resolves with the projector's answer.
 */
export const projectStoredEvents = async (client: DynamoDBClient, tables: TableNames, shards = 1): Promise<DynamoDBBatchResponse> => {
  const items = [...(await eventItems(client, tables.events)).values()].sort((a, b) => Number(a.version!.N) - Number(b.version!.N));
  return createProjector({ client, tables, shards })(batchOf(items.map((item, index) => streamRecordOf(item, index + 1))));
};

/** A Lambda stream event of the given records. */
export const batchOf = (records: ReadonlyArray<DynamoDBRecord>): DynamoDBStreamEvent => ({ Records: [...records] });
