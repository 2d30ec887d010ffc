import { describe, expect, it } from 'vitest';
import {
  apiEnvironment,
  LambdaEnvironmentError,
  projectorEnvironment,
  publisherEnvironment,
  type EnvironmentVariables,
} from '../../../adapters/lambda/lambdaEnvironment.js';

/** What the CDK stack gives every function. */
const tables = {
  EVENTS_TABLE: 'Fiducia-TablesEvents1A2B3C-XYZ',
  EVENT_PARTS_TABLE: 'Fiducia-TablesEventParts-XYZ',
  IDEMPOTENCY_TABLE: 'Fiducia-TablesIdempotency-XYZ',
  READ_MODELS_TABLE: 'Fiducia-TablesReadModels-XYZ',
  POWERTOOLS_SERVICE_NAME: 'fiducia',
  LOG_LEVEL: 'INFO',
};
const auth = {
  FIDUCIA_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  FIDUCIA_JWT_ISSUER: 'https://idp.example/',
  FIDUCIA_JWT_AUDIENCE: 'api://fiducia',
};
const publisher = { EVENT_BUS_NAME: 'Fiducia-integration', LINEAGE_STREAM_NAME: 'Fiducia-LineageStream-XYZ' };

/** The problems a configuration error lists (fails the test when there is no error). */
const problemsOf = (read: () => unknown): ReadonlyArray<string> => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(LambdaEnvironmentError);
    return (error as LambdaEnvironmentError).problems;
  }
  throw new Error('the environment was accepted');
};

describe('Lambda environment', () => {
  it('reads the API functions’ configuration as the stack sets it: table names, RS256 against the JWKS, log level', () => {
    const environment = apiEnvironment({ ...tables, ...auth, LOG_LEVEL: 'debug' });
    expect(environment.tables).toEqual({
      events: tables.EVENTS_TABLE,
      eventParts: tables.EVENT_PARTS_TABLE,
      idempotency: tables.IDEMPOTENCY_TABLE,
      readModels: tables.READ_MODELS_TABLE,
    });
    expect(environment.auth).toMatchObject({ kind: 'rs256', issuer: auth.FIDUCIA_JWT_ISSUER, audience: auth.FIDUCIA_JWT_AUDIENCE });
    expect(environment.auth.jwksUrl.href).toBe(auth.FIDUCIA_JWKS_URL);
    expect(environment).toMatchObject({ serviceName: 'fiducia', logLevel: 'DEBUG', metricsNamespace: 'Fiducia', portfolioShards: 4 });
    expect(environment.dynamoEndpoint).toBeUndefined();
  });

  it('refuses an API function without a JWKS URL, saying what it is for, instead of falling back to a local secret', () => {
    const problems = problemsOf(() => apiEnvironment({ ...tables, FIDUCIA_JWT_ISSUER: 'https://idp.example/', FIDUCIA_JWT_AUDIENCE: 'api://fiducia' }));
    expect(problems).toEqual([expect.stringMatching(/^FIDUCIA_JWKS_URL is not set \(.*JWKS URL.*bearer tokens.*\)$/)]);
  });

  it('lists every missing variable at once, in one message that names them all', () => {
    let message = '';
    try {
      apiEnvironment({});
    } catch (error) {
      message = (error as Error).message;
    }
    const names = ['EVENTS_TABLE', 'EVENT_PARTS_TABLE', 'IDEMPOTENCY_TABLE', 'READ_MODELS_TABLE', 'FIDUCIA_JWKS_URL', 'FIDUCIA_JWT_ISSUER', 'FIDUCIA_JWT_AUDIENCE'];
    expect(problemsOf(() => apiEnvironment({})).map((problem) => problem.split(' ')[0])).toEqual(names);
    expect(message).toMatch(/^The function's environment is invalid \(7 problems\): /);
    for (const name of names) expect(message).toContain(`${name} is not set`);
  });

  it('treats blank variables as missing', () => {
    expect(problemsOf(() => projectorEnvironment({ ...tables, EVENTS_TABLE: '   ' }))).toEqual([expect.stringMatching(/^EVENTS_TABLE is not set/)]);
  });

  it('refuses a JWKS URL over plain http to anything but loopback, and accepts loopback for local runs', () => {
    expect(problemsOf(() => apiEnvironment({ ...tables, ...auth, FIDUCIA_JWKS_URL: 'http://idp.example/jwks.json' }))).toEqual([
      expect.stringMatching(/FIDUCIA_JWKS_URL must use https/),
    ]);
    expect(problemsOf(() => apiEnvironment({ ...tables, ...auth, FIDUCIA_JWKS_URL: 'not a url' }))).toEqual([
      expect.stringMatching(/FIDUCIA_JWKS_URL is not a URL/),
    ]);
    expect(apiEnvironment({ ...tables, ...auth, FIDUCIA_JWKS_URL: 'http://127.0.0.1:8123/jwks.json' }).auth.jwksUrl.port).toBe('8123');
  });

  it('names the offending value of a bad log level, shard count or table name', () => {
    const problems = problemsOf(() =>
      projectorEnvironment({ ...tables, LOG_LEVEL: 'verbose', FIDUCIA_PORTFOLIO_SHARDS: '0', READ_MODELS_TABLE: 'read models!' }),
    );
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT: "verbose"$/),
        expect.stringMatching(/FIDUCIA_PORTFOLIO_SHARDS must be an integer from 1 to 64, got "0"/),
        expect.stringMatching(/^READ_MODELS_TABLE is not a DynamoDB table name .*"read models!"$/),
      ]),
    );
  });

  it('does not ask the projector for token settings, and passes its shard count and local endpoint on', () => {
    const environment = projectorEnvironment({ ...tables, FIDUCIA_PORTFOLIO_SHARDS: '8', FIDUCIA_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
    expect(environment).toMatchObject({ portfolioShards: 8, dynamoEndpoint: 'http://127.0.0.1:8000' });
    expect('auth' in environment).toBe(false);
  });

  it('requires the bus and the lineage stream of the publisher, and checks its optional local endpoints', () => {
    expect(problemsOf(() => publisherEnvironment(tables)).map((problem) => problem.split(' ')[0])).toEqual(['EVENT_BUS_NAME', 'LINEAGE_STREAM_NAME']);
    expect(problemsOf(() => publisherEnvironment({ ...tables, ...publisher, FIDUCIA_KINESIS_ENDPOINT: 'ftp://127.0.0.1:1', FIDUCIA_EVENTBRIDGE_ENDPOINT: '::' }))).toEqual([
      'FIDUCIA_KINESIS_ENDPOINT must be an http or https URL: "ftp://127.0.0.1:1"',
      'FIDUCIA_EVENTBRIDGE_ENDPOINT is not a URL: "::"',
    ]);
    const env: EnvironmentVariables = { ...tables, ...publisher, FIDUCIA_KINESIS_ENDPOINT: 'http://127.0.0.1:4567', FIDUCIA_EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:4010' };
    expect(publisherEnvironment(env)).toMatchObject({
      eventBusName: publisher.EVENT_BUS_NAME,
      lineageStreamName: publisher.LINEAGE_STREAM_NAME,
      kinesisEndpoint: 'http://127.0.0.1:4567',
      eventBridgeEndpoint: 'http://127.0.0.1:4010',
    });
  });
});
