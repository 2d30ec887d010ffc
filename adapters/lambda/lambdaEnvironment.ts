import { authEnvVars, defaultClockToleranceSeconds, parseJwksUrl, type Rs256Config } from '../auth/authConfig.js';
import type { TableNames } from '../dynamodb/tables.js';
import { portfolioShardCount } from '../../projections/portfolioShard.js';

/** The process environment, or a stand-in for it in tests. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** The variables the Lambda functions read (the CDK stack sets the names without `FIDUCIA_*_ENDPOINT`). */
export const lambdaEnvVars = {
  eventsTable: 'EVENTS_TABLE',
  eventPartsTable: 'EVENT_PARTS_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  readModelsTable: 'READ_MODELS_TABLE',
  eventBusName: 'EVENT_BUS_NAME',
  lineageStreamName: 'LINEAGE_STREAM_NAME',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'LOG_LEVEL',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  portfolioShards: 'FIDUCIA_PORTFOLIO_SHARDS',
  /** Local and offline runs only (DynamoDB Local, kinesalite, a recording stand-in for EventBridge). */
  dynamoEndpoint: 'FIDUCIA_DYNAMODB_ENDPOINT',
  kinesisEndpoint: 'FIDUCIA_KINESIS_ENDPOINT',
  eventBridgeEndpoint: 'FIDUCIA_EVENTBRIDGE_ENDPOINT',
  ...authEnvVars,
} as const;

/** Log levels Powertools Logger knows; the stack offers DEBUG, INFO, WARN and ERROR. */
export const logLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Namespace of the service's CloudWatch metrics unless `POWERTOOLS_METRICS_NAMESPACE` says otherwise. */
export const defaultMetricsNamespace = 'Fiducia';

/** What every function reads. */
export interface CommonEnvironment {
  readonly serviceName: string;
  readonly logLevel: LogLevel;
  readonly metricsNamespace: string;
  readonly tables: TableNames;
  readonly portfolioShards: number;
  readonly dynamoEndpoint?: string;
}

/** The command and query functions also verify bearer tokens. */
export interface ApiEnvironment extends CommonEnvironment {
  readonly auth: Rs256Config;
}

/** The publisher also sends to the integration bus and the lineage feed. */
export interface PublisherEnvironment extends CommonEnvironment {
  readonly eventBusName: string;
  readonly lineageStreamName: string;
  readonly kinesisEndpoint?: string;
  readonly eventBridgeEndpoint?: string;
}

/** The configuration is unusable; `problems` lists every variable at fault, so one deployment fixes them all. */
export class LambdaEnvironmentError extends Error {
  constructor(readonly problems: ReadonlyArray<string>) {
    super(`The function's environment is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`);
    this.name = 'LambdaEnvironmentError';
  }
}

const tableNamePattern = /^[A-Za-z0-9_.-]{3,255}$/;

const trimmed = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
};

/** Reads variables and collects what is wrong with them instead of stopping at the first problem. */
const reader = (env: EnvironmentVariables) => {
  const problems: string[] = [];
  const required = (name: string, why: string): string => {
    const value = trimmed(env[name]);
    if (value === undefined) problems.push(`${name} is not set (${why})`);
    return value ?? '';
  };
  const checked = <A>(name: string, parse: (text: string) => A): A | undefined => {
    const value = trimmed(env[name]);
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : `${name} is invalid`);
      return undefined;
    }
  };
  const finish = <A>(value: A): A => {
    if (problems.length > 0) throw new LambdaEnvironmentError(problems);
    return value;
  };
  return { required, checked, finish, problems };
};

type Reader = ReturnType<typeof reader>;

const tableName = (read: Reader, name: string): string => {
  const value = read.required(name, 'the physical name of one of the service tables');
  if (value !== '' && !tableNamePattern.test(value)) {
    read.problems.push(`${name} is not a DynamoDB table name (3 to 255 of letters, digits, '_', '-', '.'): "${value}"`);
  }
  return value;
};

const endpoint = (name: string) => (text: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name} is not a URL: "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http or https URL: "${text}"`);
  return text;
};

const logLevelOf = (text: string): LogLevel => {
  const level = text.toUpperCase();
  if (!(logLevels as ReadonlyArray<string>).includes(level)) {
    throw new Error(`${lambdaEnvVars.logLevel} must be one of ${logLevels.join(', ')}: "${text}"`);
  }
  return level as LogLevel;
};

const common = (read: Reader, env: EnvironmentVariables): CommonEnvironment => {
  const tables: TableNames = {
    events: tableName(read, lambdaEnvVars.eventsTable),
    eventParts: tableName(read, lambdaEnvVars.eventPartsTable),
    idempotency: tableName(read, lambdaEnvVars.idempotencyTable),
    readModels: tableName(read, lambdaEnvVars.readModelsTable),
  };
  // Checked here, not at the first ranking write, so that a bad value stops the deployment's first cold start.
  const portfolioShards = read.checked(lambdaEnvVars.portfolioShards, portfolioShardCount) ?? portfolioShardCount(undefined);
  const dynamoEndpoint = read.checked(lambdaEnvVars.dynamoEndpoint, endpoint(lambdaEnvVars.dynamoEndpoint));
  return {
    serviceName: trimmed(env[lambdaEnvVars.serviceName]) ?? 'fiducia',
    logLevel: read.checked(lambdaEnvVars.logLevel, logLevelOf) ?? 'INFO',
    metricsNamespace: trimmed(env[lambdaEnvVars.metricsNamespace]) ?? defaultMetricsNamespace,
    tables,
    portfolioShards,
    ...(dynamoEndpoint === undefined ? {} : { dynamoEndpoint }),
  };
};

/** The projector's configuration; throws {@link LambdaEnvironmentError} listing every problem. */
export const projectorEnvironment = (env: EnvironmentVariables = process.env): CommonEnvironment => {
  const read = reader(env);
  return read.finish(common(read, env));
};

/**
 * The API functions' configuration. Tokens are always RS256 against the identity provider's JWKS here: the local
 * HS256 secret of `loadAuthConfig` lives in a data folder that a function does not have, so it is never a fallback.
 */
export const apiEnvironment = (env: EnvironmentVariables = process.env): ApiEnvironment => {
  const read = reader(env);
  const base = common(read, env);
  const jwks = read.required(authEnvVars.jwksUrl, "the identity provider's JWKS URL; bearer tokens are verified against its keys");
  const jwksUrl = jwks === '' ? undefined : read.checked(authEnvVars.jwksUrl, parseJwksUrl);
  const issuer = read.required(authEnvVars.issuer, 'the iss claim every token must carry');
  const audience = read.required(authEnvVars.audience, 'the aud claim every token must carry');
  return read.finish({
    ...base,
    auth: { kind: 'rs256', jwksUrl: jwksUrl!, issuer, audience, clockToleranceSeconds: defaultClockToleranceSeconds },
  });
};

/** The publisher's configuration; throws {@link LambdaEnvironmentError} listing every problem. */
export const publisherEnvironment = (env: EnvironmentVariables = process.env): PublisherEnvironment => {
  const read = reader(env);
  const base = common(read, env);
  const eventBusName = read.required(lambdaEnvVars.eventBusName, 'the EventBridge bus integration events go to');
  const lineageStreamName = read.required(lambdaEnvVars.lineageStreamName, 'the Kinesis stream of the lineage feed');
  const kinesisEndpoint = read.checked(lambdaEnvVars.kinesisEndpoint, endpoint(lambdaEnvVars.kinesisEndpoint));
  const eventBridgeEndpoint = read.checked(lambdaEnvVars.eventBridgeEndpoint, endpoint(lambdaEnvVars.eventBridgeEndpoint));
  return read.finish({
    ...base,
    eventBusName,
    lineageStreamName,
    ...(kinesisEndpoint === undefined ? {} : { kinesisEndpoint }),
    ...(eventBridgeEndpoint === undefined ? {} : { eventBridgeEndpoint }),
  });
};
