import {
  Arn,
  Aws,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LambdaName } from './lambdaEntries.js';
import { appendItems, changeItems, grantPutEvents, grantPutRecords, grantTableActions, guardItems, leadingKeysLike, readItems } from './leastPrivilege.js';
import { ServiceAlarms } from './serviceAlarms.js';
import { metricNames } from './serviceMetrics.js';
import { ServiceFunction } from './serviceFunction.js';
import { ServiceHttpApi } from './serviceHttpApi.js';
import { ServiceTables } from './serviceTables.js';
import { StreamSubscription } from './streamSubscription.js';

/** The service name of every function's logs and metrics (Powertools' `service`). */
const serviceName = 'fiducia';

export interface FiduciaStackProps extends StackProps {
  /** Folder with one bundle folder per function (`command-api/index.mjs`, ...), as `bundleLambdas` writes it. */
  readonly lambdaAssetsDir: string;
  /** Stage-wide API throttling; defaults to 100 requests/s with bursts of 200. */
  readonly apiThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Kinesis shards of the lineage feed; one takes 1,000 records/s, far above 1 million proposals a month. */
  readonly lineageShards?: number;
}

/** Deployment parameters (`cdk deploy --parameters Name=value`). */
export const parameterNames = {
  issuer: 'JwtIssuer',
  audience: 'JwtAudience',
  jwksUrl: 'JwksUrl',
  alarmEmail: 'AlarmEmail',
  logLevel: 'LogLevel',
} as const;

/** Retention of function logs: operational detail; the audit trail is the event store, kept forever. */
export const functionLogRetention = RetentionDays.THREE_MONTHS;
/** Retention of API access logs: which source called what, kept a year for security investigations. */
export const accessLogRetention = RetentionDays.ONE_YEAR;

/**
 * Fiducia on AWS: the event store and read-model tables, the command and query APIs behind an HTTP API with a JWT
 * authorizer, the projector and publisher fed by the events table's stream, the integration bus with its archive,
 * the lineage feed on Kinesis, and alarms. Every function's role grants exactly what that function uses.
 */
export class FiduciaStack extends Stack {
  readonly dataKey: Key;
  readonly lineageKey: Key;
  readonly tables: ServiceTables;
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly lineageStream: Stream;
  readonly functions: Readonly<Record<LambdaName, ServiceFunction>>;
  readonly subscriptions: Readonly<Record<'projector' | 'publisher', StreamSubscription>>;
  readonly httpApi: ServiceHttpApi;
  readonly alarms: ServiceAlarms;

  constructor(scope: Construct, id: string, props: FiduciaStackProps) {
    super(scope, id, { description: 'Fiducia: event-sourced client investment profiles and proposals', ...props });

    const issuer = new CfnParameter(this, parameterNames.issuer, {
      description: 'Expected JWT issuer (iss), an https URL whose /.well-known/openid-configuration API Gateway reads.',
      allowedPattern: '^https://\\S+$',
      constraintDescription: 'must be an https URL',
    }).valueAsString;
    const audience = new CfnParameter(this, parameterNames.audience, {
      description: 'Expected JWT audience (aud).',
      minLength: 1,
    }).valueAsString;
    const jwksUrl = new CfnParameter(this, parameterNames.jwksUrl, {
      description: "The issuer's JWKS URL, for the functions' own token checks (roles, subject).",
      allowedPattern: '^https://\\S+$',
      constraintDescription: 'must be an https URL',
    }).valueAsString;
    const alarmEmail = new CfnParameter(this, parameterNames.alarmEmail, {
      description: 'Optional e-mail address subscribed to the alarm topic (leave empty for none).',
      default: '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+$',
      constraintDescription: 'must be empty or an e-mail address',
    }).valueAsString;
    const logLevel = new CfnParameter(this, parameterNames.logLevel, {
      description: 'Log level of the functions (Powertools Logger).',
      default: 'INFO',
      allowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'],
    }).valueAsString;

    // Two keys so that a downstream consumer of the lineage feed can be allowed to decrypt it without any access to
    // the key protecting the tables (the personal data in client profiles).
    this.dataKey = new Key(this, 'DataKey', {
      description: 'Fiducia tables, integration bus and archive, dead-letter queues and alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.lineageKey = new Key(this, 'LineageKey', {
      description: 'Fiducia lineage feed (Kinesis)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the log groups with the data key, for log groups of this account and region only.
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
      }),
    );
    // CloudWatch publishes alarms to the encrypted topic itself, so it needs the data key (from this account only).
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.tables = new ServiceTables(this, 'Tables', { key: this.dataKey });
    const { events, eventParts, idempotency, readModels } = this.tables;

    // Integration events carry client data (ProfileCreated holds the client's name, birth date and e-mail), so the
    // bus and its archive are encrypted with the data key; EventBridge decrypts for rule matching and delivery.
    const busName = `${this.stackName}-integration`;
    this.bus = new EventBus(this, 'IntegrationBus', {
      eventBusName: busName,
      description: 'Fiducia integration events',
      kmsKey: this.dataKey,
    });
    this.bus.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // `new Archive`, not `bus.archive()`, which drops `kmsKey` (aws-cdk-lib 2.276). The bus is named by its ARN, not
    // referenced: the key policy names the bus, so a reference would make key and bus depend on each other.
    const busArn = Arn.format({ service: 'events', resource: 'event-bus', resourceName: busName }, this);
    this.archive = new Archive(this, 'IntegrationArchive', {
      sourceEventBus: EventBus.fromEventBusArn(this, 'IntegrationBusByArn', busArn),
      description: 'Every Fiducia integration event, for replay to new or recovering consumers',
      eventPattern: { account: [Aws.ACCOUNT_ID] },
      retention: Duration.days(365),
      kmsKey: this.dataKey,
    });
    this.archive.node.addDependency(this.bus);
    this.archive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.lineageStream = new Stream(this, 'LineageStream', {
      streamMode: StreamMode.PROVISIONED,
      shardCount: props.lineageShards ?? 1,
      // A consumer may be down over a long weekend; older lineage is re-exported from the event store.
      retentionPeriod: Duration.days(7),
      encryption: StreamEncryption.KMS,
      encryptionKey: this.lineageKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.lineageStream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        'A customer managed key on purpose: lineage consumers are granted decryption on this key alone (never on the ' +
        'data key), every decryption is in CloudTrail, and access can be revoked by key policy. About $1/month plus ' +
        'requests, which Kinesis keeps low by reusing data keys.',
    });

    // Every function gets all four table names: the adapters build one table set, and IAM (not the environment)
    // decides what each may touch.
    const tableNames = {
      EVENTS_TABLE: events.tableName,
      EVENT_PARTS_TABLE: eventParts.tableName,
      IDEMPOTENCY_TABLE: idempotency.tableName,
      READ_MODELS_TABLE: readModels.tableName,
    };
    // Metrics in a namespace per stack (the stack's name, Fiducia by default): a second stack in the account, staging
    // say, must not count into this one's series and fire its alarms.
    const metricsNamespace = this.stackName;
    const common = { POWERTOOLS_SERVICE_NAME: serviceName, POWERTOOLS_METRICS_NAMESPACE: metricsNamespace, LOG_LEVEL: logLevel, ...tableNames };
    const auth = { FIDUCIA_JWT_ISSUER: issuer, FIDUCIA_JWT_AUDIENCE: audience, FIDUCIA_JWKS_URL: jwksUrl };
    const fn = (constructId: string, name: LambdaName, description: string, settings: {
      readonly memorySize: number;
      readonly timeout: Duration;
      readonly environment: Readonly<Record<string, string>>;
    }): ServiceFunction =>
      new ServiceFunction(this, constructId, {
        name,
        description,
        assetsDir: props.lambdaAssetsDir,
        logRetention: functionLogRetention,
        logKey: this.dataKey,
        ...settings,
        environment: { ...common, ...settings.environment },
      });
    // API functions get more memory for more CPU (a 5,000-deposit calculation); their timeout stays under API
    // Gateway's 30 s integration limit.
    const apiSettings = { memorySize: 1024, timeout: Duration.seconds(25), environment: auth };
    const consumerSettings = { memorySize: 512, timeout: Duration.seconds(60) };
    this.functions = {
      'command-api': fn('CommandApi', 'command-api', 'Fiducia command API (Hono)', apiSettings),
      'query-api': fn('QueryApi', 'query-api', 'Fiducia query and audit API (Hono)', apiSettings),
      projector: fn('Projector', 'projector', 'Fiducia projector: events stream to read models', {
        ...consumerSettings,
        environment: {},
      }),
      publisher: fn('Publisher', 'publisher', 'Fiducia publisher: events stream to EventBridge and Kinesis', {
        ...consumerSettings,
        environment: { EVENT_BUS_NAME: this.bus.eventBusName, LINEAGE_STREAM_NAME: this.lineageStream.streamName },
      }),
    };

    const key = this.dataKey;
    const commandApi = this.functions['command-api'].role;
    // Guards: a decision that read another aggregate holds the commit to that stream's version (a ConditionCheck).
    grantTableActions(commandApi, events, key, [...readItems, ...appendItems, ...guardItems]);
    grantTableActions(commandApi, eventParts, key, [...readItems, ...appendItems]);
    grantTableActions(commandApi, idempotency, key, [...readItems, ...appendItems]);

    // The query side records audit reads (who read which history) as events of their own, hence PutItem on events, but
    // on audit streams only; it never changes read models, idempotency records or event parts.
    const queryApi = this.functions['query-api'].role;
    grantTableActions(queryApi, events, key, readItems);
    grantTableActions(queryApi, events, key, appendItems, leadingKeysLike('audit-'));
    grantTableActions(queryApi, eventParts, key, readItems);
    grantTableActions(queryApi, readModels, key, readItems);

    // The projector reads earlier events of a stream (a portfolio's owner, a profile's client, superseded versions).
    const projector = this.functions.projector.role;
    grantTableActions(projector, events, key, readItems);
    grantTableActions(projector, eventParts, key, readItems);
    // Guards: a first version's shared ranking entries are written only while its placeholder is still its own.
    grantTableActions(projector, readModels, key, [...readItems, ...changeItems, ...guardItems]);

    const publisher = this.functions.publisher.role;
    grantTableActions(publisher, eventParts, key, readItems);
    grantPutEvents(publisher, this.bus);
    grantPutRecords(publisher, this.lineageStream, this.lineageKey);

    // Both consumers retry until a record is 12 hours old rather than five times: throttling and outages of their
    // destinations fail whole batches, and five quick retries would send those to the dead letters, leaving gaps in the
    // read models and in the lineage feed. A record the projector cannot apply it parks itself (and counts); the
    // IteratorAge alarms fire within a minute of either consumer stalling.
    const retryUntil = { retryAttempts: 10_000, maxRecordAge: Duration.hours(12) };
    this.subscriptions = {
      projector: new StreamSubscription(this, 'ProjectorSubscription', { table: events, target: this.functions.projector.fn, key, ...retryUntil }),
      publisher: new StreamSubscription(this, 'PublisherSubscription', { table: events, target: this.functions.publisher.fn, key, ...retryUntil }),
    };

    this.httpApi = new ServiceHttpApi(this, 'Http', {
      functions: { commandApi: this.functions['command-api'].fn, queryApi: this.functions['query-api'].fn },
      issuer,
      audience,
      accessLogRetention,
      logKey: this.dataKey,
      throttle: props.apiThrottle ?? { rateLimit: 100, burstLimit: 200 },
    });

    const emailGiven = new CfnCondition(this, 'AlarmEmailGiven', { expression: Fn.conditionNot(Fn.conditionEquals(alarmEmail, '')) });
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      key,
      functions: {
        CommandApi: this.functions['command-api'].fn,
        QueryApi: this.functions['query-api'].fn,
        Projector: this.functions.projector.fn,
        Publisher: this.functions.publisher.fn,
      },
      consumers: {
        Projector: { fn: this.functions.projector.fn, deadLetters: this.subscriptions.projector.deadLetters },
        Publisher: { fn: this.functions.publisher.fn, deadLetters: this.subscriptions.publisher.deadLetters },
      },
      parkedRecords: {
        Projector: new Metric({
          namespace: metricsNamespace,
          metricName: metricNames.streamRecordsDeadLettered,
          // Powertools' dimensions: the service name, and the function as createObservability sets it.
          dimensionsMap: { service: serviceName, function: 'projector' },
          statistic: 'Sum',
          period: Duration.minutes(1),
        }),
      },
      apiStage: this.httpApi.stage,
      email: { address: alarmEmail, condition: emailGiven },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.stage.url, description: 'Base URL of the HTTP API' });
    // All four table names: operator commands (`npx fiducia ...`) reach a deployment through them.
    new CfnOutput(this, 'EventsTableName', { value: events.tableName });
    new CfnOutput(this, 'EventPartsTableName', { value: eventParts.tableName });
    new CfnOutput(this, 'IdempotencyTableName', { value: idempotency.tableName });
    new CfnOutput(this, 'ReadModelsTableName', { value: readModels.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'LineageStreamName', { value: this.lineageStream.streamName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
