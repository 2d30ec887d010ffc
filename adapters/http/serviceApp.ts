import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Hono } from 'hono';
import type { PortfolioServices } from '../../application/portfolioUseCases.js';
import { SnapshotCache } from '../../application/streamSnapshot.js';
import type { BestInterestConfig } from '../../domain/bestInterest/ruleSet.js';
import type { AuthConfig } from '../auth/authConfig.js';
import { createTokenVerifier } from '../auth/tokenVerifier.js';
import { dynamoEventStore } from '../dynamodb/eventStore.js';
import { profileSearch } from '../dynamodb/profileSearch.js';
import { rankingQueries } from '../dynamodb/rankingQueries.js';
import type { TableNames } from '../dynamodb/tables.js';
import { storedStreamVerifier } from '../integrity/storedStreamVerification.js';
import { auditApi } from './auditApi.js';
import type { AuthEnv } from './authMiddleware.js';
import { commandApi } from './commandApi.js';
import { httpApp } from './httpApp.js';
import { queryApi } from './queryApi.js';
import { resourceApi } from './resourceApi.js';

/** What the service's HTTP API runs on, wherever it runs (local runtime, Lambda, tests). */
export interface ServiceAppDeps {
  readonly dynamo: DynamoDBClient;
  readonly tables: TableNames;
  readonly auth: AuthConfig;
  readonly bestInterestConfig?: BestInterestConfig;
  /** Extra health details (e.g. projection lag); the service is healthy when this resolves with `ok`. */
  readonly health?: () => Promise<{ readonly ok: boolean; readonly [detail: string]: unknown }>;
  readonly onUnexpected?: (error: unknown, route: string) => void;
}

/** The write-side services over DynamoDB, with a real clock and UUIDs. */
export const commandServices = (deps: Pick<ServiceAppDeps, 'dynamo' | 'tables' | 'bestInterestConfig'>): PortfolioServices => ({
  store: dynamoEventStore(deps.dynamo, deps.tables),
  cache: new SnapshotCache(),
  clock: () => new Date().toISOString(),
  newId: randomUUID,
  ...(deps.bestInterestConfig === undefined ? {} : { bestInterestConfig: deps.bestInterestConfig }),
});

type FeatureSet = (deps: ServiceAppDeps, services: PortfolioServices) => ReadonlyArray<Hono<AuthEnv>>;

const writeSide: FeatureSet = (_, services) => [commandApi(services)];
const readSide: FeatureSet = (deps, services) => [
  resourceApi(services),
  queryApi(rankingQueries({ client: deps.dynamo, tables: deps.tables }), profileSearch({ client: deps.dynamo, tables: deps.tables })),
  auditApi({ ...services, verifyChain: storedStreamVerifier(deps.dynamo, deps.tables) }),
];

const composed = (deps: ServiceAppDeps, features: ReadonlyArray<FeatureSet>): Hono => {
  const services = commandServices(deps);
  return httpApp({
    verify: createTokenVerifier(deps.auth),
    health: deps.health ?? (async () => ({ ok: true })),
    apps: features.flatMap((feature) => feature(deps, services)),
    ...(deps.onUnexpected === undefined ? {} : { onUnexpected: deps.onUnexpected }),
  });
};

/** The whole HTTP API of the service (the local runtime serves it on one port). */
export const serviceApp = (deps: ServiceAppDeps): Hono => composed(deps, [writeSide, readSide]);

/** The command side alone (the command Lambda behind POST routes). */
export const commandApp = (deps: ServiceAppDeps): Hono => composed(deps, [writeSide]);

/** The read side alone: resources now and as of, rankings, audit (the query Lambda behind GET routes). */
export const queryApp = (deps: ServiceAppDeps): Hono => composed(deps, [readSide]);
