import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAudience, defaultClockToleranceSeconds, defaultIssuer, type AuthConfig } from '../../adapters/auth/authConfig.js';
import { signDevToken } from '../../adapters/auth/devToken.js';
import { createDynamoClient } from '../../adapters/dynamodb/dynamoClient.js';
import { tableDefinitions, tableRoles, type TableRole } from '../../adapters/dynamodb/tables.js';
import { commandApp, queryApp } from '../../adapters/http/serviceApp.js';
import { createProjector } from '../../adapters/projection/projectorHandler.js';
import { sourceEvents } from '../../adapters/projection/sourceEvents.js';
import { streamBatchPublisher } from '../../adapters/streams/streamBatchPublisher.js';
import type { Role } from '../../application/principal.js';
import type { LambdaName } from '../../infra/lambdaEntries.js';
import { createBody } from '../domain/profile/support/profileFixtures.js';
import { useDynamo, type DynamoFixture } from '../support/dynamo.js';
import { batchOf, damagedRecord, eventItems, streamRecordOf } from '../adapters/projection/support/projectionWorld.js';
import { asArray, synthesizeStack, type Statement, type SynthesizedStack } from './support/synthesizedStack.js';

/**
 * Every DynamoDB request each deployed function makes is allowed by that function's role in the synthesized stack.
 * DynamoDB Local does not check IAM, so a missing grant (a transaction's ConditionCheck once was one) would otherwise
 * surface only in AWS, as AccessDenied. Each function's code runs here as its Lambda handler composes it, on a client
 * of its own that records every request; each request is then checked against the role's statements.
 */

interface Request {
  readonly command: string;
  readonly input: Record<string, any>;
}

/** One permission a request needs: an action on a table, for items under a partition key. */
interface Need {
  readonly action: string;
  readonly table: string;
  readonly leadingKey: string | undefined;
}

/** A DynamoDB client of the shared engine that records every request it sends. */
const recordingClient = (endpoint: string): { readonly client: DynamoDBClient; readonly requests: Request[] } => {
  const requests: Request[] = [];
  const client = createDynamoClient(endpoint);
  client.middlewareStack.add(
    (next, context) => (args) => {
      requests.push({ command: context.commandName ?? 'unknown', input: args.input as Record<string, any> });
      return next(args);
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  return { client, requests };
};

const partitionKeyOf = (table: string, roleOfTable: (table: string) => TableRole, item: Record<string, any> | undefined): string | undefined => {
  const value = item?.[tableDefinitions[roleOfTable(table)].partitionKey.name];
  return value?.S ?? value?.N;
};

/**
 * The IAM actions a request needs (the service authorization reference): a transaction needs the action of each of
 * its items, a batch the batch action on each table. A request this does not know fails the test, so that a new kind
 * of request gets its mapping here before it can reach AWS unchecked.
 */
const needsOf = (request: Request, roleOfTable: (table: string) => TableRole): Need[] => {
  const { command, input } = request;
  const need = (action: string, table: string, item?: Record<string, any>): Need => ({
    action: `dynamodb:${action}`,
    table,
    leadingKey: partitionKeyOf(table, roleOfTable, item),
  });
  switch (command) {
    case 'GetItemCommand':
      return [need('GetItem', input.TableName, input.Key)];
    case 'QueryCommand':
      return [need('Query', input.TableName)];
    case 'ScanCommand':
      return [need('Scan', input.TableName)];
    case 'PutItemCommand':
      return [need('PutItem', input.TableName, input.Item)];
    case 'UpdateItemCommand':
      return [need('UpdateItem', input.TableName, input.Key)];
    case 'DeleteItemCommand':
      return [need('DeleteItem', input.TableName, input.Key)];
    case 'BatchGetItemCommand':
      return Object.keys(input.RequestItems).map((table) => need('BatchGetItem', table));
    case 'BatchWriteItemCommand':
      return Object.keys(input.RequestItems).map((table) => need('BatchWriteItem', table));
    case 'TransactGetItemsCommand':
      return (input.TransactItems as Array<Record<string, any>>).map(({ Get }) => need('GetItem', Get.TableName, Get.Key));
    case 'TransactWriteItemsCommand':
      return (input.TransactItems as Array<Record<string, any>>).map((item) => {
        if (item.Put !== undefined) return need('PutItem', item.Put.TableName, item.Put.Item);
        if (item.Update !== undefined) return need('UpdateItem', item.Update.TableName, item.Update.Key);
        if (item.Delete !== undefined) return need('DeleteItem', item.Delete.TableName, item.Delete.Key);
        return need('ConditionCheckItem', item.ConditionCheck.TableName, item.ConditionCheck.Key);
      });
    default:
      throw new Error(`no IAM mapping for ${command}: add it to needsOf`);
  }
};

/** Whether a statement's condition holds for the need; only the conditions this stack uses are understood. */
const conditionHolds = (condition: Statement['Condition'], need: Need): boolean => {
  if (condition === undefined) return true;
  const entries = Object.entries(condition);
  return entries.every(([operator, tests]) => {
    const keys = Object.entries(tests as Record<string, unknown>);
    if (operator !== 'ForAllValues:StringLike' || keys.length !== 1 || keys[0]![0] !== 'dynamodb:LeadingKeys') return false;
    const patterns = asArray(keys[0]![1] as string | string[]);
    const key = need.leadingKey;
    return key !== undefined && patterns.some((pattern) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(key));
  });
};

const examples = new URL('../../../shared/examples/requests/', import.meta.url);
const validRequest = () => JSON.parse(readFileSync(new URL('portfolio_request_valid.json', examples), 'utf8'));

/** A proposal too large for one item (its event and its idempotent response are stored in parts). */
const largeRequest = () => {
  const request = validRequest();
  const deposit = request.new_banks[0].new_deposits[0];
  request.new_banks = [{ ...request.new_banks[0], new_deposits: Array.from({ length: 600 }, (_, i) => ({ ...deposit, account: `${1000 + i}L` })) }];
  return request;
};

const profileBody = { ...createBody(), client_id: 'client-iam' };

describe('IAM coverage: every DynamoDB request of each function is granted to its role', () => {
  let dynamo: DynamoFixture;
  let synthesized: SynthesizedStack;
  const requests = {} as Record<LambdaName, Request[]>;
  const clients: DynamoDBClient[] = [];

  /** A client for one function, recording into its list. */
  const clientFor = (name: LambdaName): DynamoDBClient => {
    const { client, requests: recorded } = recordingClient(dynamo.endpoint);
    requests[name] = recorded;
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    [dynamo, synthesized] = await Promise.all([useDynamo(), synthesizeStack()]);
    const secret = new Uint8Array(randomBytes(32));
    const auth: AuthConfig = { kind: 'hs256', secret, issuer: defaultIssuer, audience: defaultAudience, clockToleranceSeconds: defaultClockToleranceSeconds };
    const token = (sub: string, role: Role) => signDevToken({ sub, roles: [role], secret, expiresIn: '1h' });
    const [advisor, compliance, client] = await Promise.all([token('advisor-iam', 'advisor'), token('compliance-iam', 'compliance'), token('client-iam', 'client')]);
    const commands = commandApp({ dynamo: clientFor('command-api'), tables: dynamo.tables, auth });
    const queries = queryApp({ dynamo: clientFor('query-api'), tables: dynamo.tables, auth });

    /** Sends a request and insists on a 2xx answer: a refused step would leave its path unexercised. */
    const call = async (app: Hono, method: string, path: string, bearer: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(300);
      return { json: JSON.parse(text || 'null'), headers: response.headers };
    };
    const propose = async (body: unknown, key?: string) => {
      const answer = await call(commands, 'POST', '/api/drive-deposits/calculate-portfolio', advisor, body, key === undefined ? {} : { 'idempotency-key': key });
      return answer.headers.get('location')!.split('/').pop()!;
    };

    // Command API: every command, idempotent replays (inline and in parts), a large proposal, and a guarded commit.
    const profileId = (await call(commands, 'POST', '/profiles', advisor, profileBody)).json.profile_id as string;
    const profilePath = `/profiles/${profileId}`;
    await call(commands, 'POST', `${profilePath}/risk-assessments`, advisor, { risk_score: 55, time_horizon_years: '7', liquidity_needs: null });
    await call(commands, 'POST', `${profilePath}/objectives`, advisor, { investment_objectives: ['growth'] });
    await call(commands, 'POST', `${profilePath}/target-allocation`, advisor, { target_allocation: { bonds: '30', cash: '70' } });
    const linked = await propose({ ...validRequest(), profile_uuid: profileId }, 'iam-linked');
    await propose({ ...validRequest(), profile_uuid: profileId }, 'iam-linked');
    const large = await propose(largeRequest(), 'iam-large');
    await propose(largeRequest(), 'iam-large');
    const withdrawn = await propose(validRequest());
    await call(commands, 'POST', `/portfolios/${large}/revisions`, advisor, validRequest());
    await call(commands, 'POST', `/portfolios/${withdrawn}/withdrawal`, advisor, { reason: 'superseded' });
    await call(commands, 'POST', `${profilePath}/compliance-reviews`, compliance, { outcome: 'approved' });
    await call(commands, 'POST', `${profilePath}/applications`, advisor, { portfolio_id: linked });
    await call(commands, 'POST', `${profilePath}/account-openings`, advisor, { account_number_last4: '4321', custodian: 'Custodian Bank' });

    // Projector: every stored event (the large one's payload read from its parts), and a record it must park.
    const items = [...(await eventItems(dynamo.client, dynamo.tables.events)).values()].sort((a, b) => Number(a.version!.N) - Number(b.version!.N));
    const records = items.map((item, index) => streamRecordOf(item, index + 1));
    const projector = createProjector({ client: clientFor('projector'), tables: dynamo.tables, shards: 1 });
    await projector(batchOf([...records, damagedRecord(records[0]!, `portfolio-${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)]));

    // Publisher: the same records, with the bus and the lineage feed standing in (only DynamoDB is checked here).
    const publish = streamBatchPublisher({
      integration: { publish: async () => [] },
      lineage: async () => undefined,
      readParts: sourceEvents(clientFor('publisher'), dynamo.tables).readParts,
      logger: { warn: () => undefined, error: () => undefined },
    });
    expect((await publish(batchOf(records))).batchItemFailures).toEqual([]);

    // Query API: every read route, a large portfolio (parts), and the audit routes, which record their reads.
    const reads = [
      '/health',
      profilePath,
      `/portfolios/${linked}`,
      `/portfolios/${large}`,
      `/profiles?advisor_id=advisor-iam`,
      `/profiles?client_id=client-iam`,
      '/by-level-for-portfolios/delta-growth',
      `/portfolios/${linked}/by-level-for-banks/delta-growth`,
      `/portfolios/${linked}/by-level-for-deposits/delta-growth`,
      `/portfolios/${linked}/by-level-for-deposits/maturity-date`,
      '/deposits/maturing?from=2019-01-01&to=2028-12-31',
    ];
    for (const path of reads) await call(queries, 'GET', path, compliance);
    await call(queries, 'GET', profilePath, client);
    for (const suffix of ['', '/verification', '/diff?from=1&to=3']) await call(queries, 'GET', `/audit/streams/profile-${profileId}${suffix}`, compliance);
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await synthesized?.dispose();
  });

  const roleOfTable = (table: string): TableRole => {
    const role = tableRoles.find((candidate) => dynamo.tables[candidate] === table);
    if (role === undefined) throw new Error(`request to a table outside the service: ${table}`);
    return role;
  };

  /** The needs of a function's requests that no statement of its role allows, as readable lines. */
  const deniedFor = (name: LambdaName): string[] => {
    const statements = synthesized.statementsOf(synthesized.idOf(synthesized.stack.functions[name].role));
    const arnOf = (role: TableRole) => JSON.stringify({ 'Fn::GetAtt': [synthesized.idOf(synthesized.stack.tables[role]), 'Arn'] });
    const allowed = (need: Need) =>
      statements.some(
        (statement) =>
          statement.Effect === 'Allow' &&
          asArray(statement.Action).includes(need.action) &&
          asArray(statement.Resource).some((resource) => JSON.stringify(resource) === arnOf(roleOfTable(need.table))) &&
          conditionHolds(statement.Condition, need),
      );
    const denied = requests[name].flatMap((request) => needsOf(request, roleOfTable)).filter((need) => !allowed(need));
    return [...new Set(denied.map((need) => `${need.action} on ${roleOfTable(need.table)} (key ${need.leadingKey ?? '-'})`))];
  };

  const kindsOf = (name: LambdaName) => new Set(requests[name].flatMap((request) => needsOf(request, roleOfTable)).map((need) => `${need.action} ${roleOfTable(need.table)}`));

  it('the command API: reads, appends, parts, idempotency records and guards', () => {
    // The scenario reached what matters: parts of the large proposal and its response, and a guarded commit.
    expect([...kindsOf('command-api')]).toEqual(
      expect.arrayContaining(['dynamodb:PutItem eventParts', 'dynamodb:GetItem idempotency', 'dynamodb:ConditionCheckItem events', 'dynamodb:Query events']),
    );
    expect(deniedFor('command-api')).toEqual([]);
  });

  it('the query API: reads of events, parts and read models, and its audit-read events', () => {
    expect([...kindsOf('query-api')]).toEqual(expect.arrayContaining(['dynamodb:Query readModels', 'dynamodb:Query eventParts']));
    expect(requests['query-api'].some((request) => JSON.stringify(request.input).includes('"audit-compliance-iam"'))).toBe(true);
    expect(deniedFor('query-api')).toEqual([]);
  });

  it('the projector: events and parts read, read models changed, a damaged record parked', () => {
    expect([...kindsOf('projector')]).toEqual(
      expect.arrayContaining([
        'dynamodb:Query eventParts',
        'dynamodb:PutItem readModels',
        'dynamodb:UpdateItem readModels',
        'dynamodb:BatchWriteItem readModels',
        'dynamodb:ConditionCheckItem readModels',
      ]),
    );
    expect(deniedFor('projector')).toEqual([]);
  });

  it('the publisher: parts read', () => {
    expect([...kindsOf('publisher')]).toEqual(['dynamodb:Query eventParts']);
    expect(deniedFor('publisher')).toEqual([]);
  });

  it('is live: a request the command role lacks, such as a read-model query, is reported', () => {
    requests['command-api'].push({ command: 'QueryCommand', input: { TableName: dynamo.tables.readModels } });
    expect(deniedFor('command-api')).toEqual([`dynamodb:Query on readModels (key -)`]);
    requests['command-api'].pop();
    requests['query-api'].push({ command: 'PutItemCommand', input: { TableName: dynamo.tables.events, Item: { stream_id: { S: 'profile-x' } } } });
    expect(deniedFor('query-api')).toEqual([`dynamodb:PutItem on events (key profile-x)`]);
    requests['query-api'].pop();
  });
});
