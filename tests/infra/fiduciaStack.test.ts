import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiduciaStack } from '../../infra/fiduciaStack.js';
import { lambdaNames, type LambdaName } from '../../infra/lambdaEntries.js';
import { tableDefinitions, type TableRole } from '../../adapters/dynamodb/tables.js';
import { asArray, synthesizeStack, type Resource, type Statement, type SynthesizedStack } from './support/synthesizedStack.js';

let synthesized: SynthesizedStack;
let app: App;
let stack: FiduciaStack;
let assembly: CloudAssembly;
let resources: Record<string, Resource>;
let template: Template;

const idOf = (construct: IConstruct): string => synthesized.idOf(construct);
const resourceOf = (construct: IConstruct): Resource => resources[idOf(construct)]!;
const ofType = (type: string): Array<[string, Resource]> => Object.entries(resources).filter(([, r]) => r.Type === type);
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });
const refOf = (construct: IConstruct) => ({ Ref: idOf(construct) });

/** A policy resource as a readable name: `Logical` for its ARN, `Logical.Attr` for another attribute, or `*`. */
const resourceName = (resource: unknown): string => {
  if (resource === '*') return '*';
  const getAtt = (resource as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt === undefined) throw new Error(`unexpected policy resource ${JSON.stringify(resource)}`);
  return getAtt[1] === 'Arn' ? getAtt[0] : `${getAtt[0]}.${getAtt[1]}`;
};

/** A role's permissions as action → sorted resource names. */
const permissionsOf = (roleId: string): Record<string, string[]> => {
  const permissions: Record<string, Set<string>> = {};
  for (const statement of synthesized.statementsOf(roleId)) {
    expect(statement.Effect).toBe('Allow');
    for (const action of asArray(statement.Action)) {
      for (const resource of asArray(statement.Resource)) (permissions[action] ??= new Set()).add(resourceName(resource));
    }
  }
  return Object.fromEntries(Object.entries(permissions).map(([action, names]) => [action, [...names].sort()]));
};

const grant = (actions: ReadonlyArray<string>, names: ReadonlyArray<string>): Record<string, string[]> =>
  Object.fromEntries(actions.map((action) => [action, [...names].sort()]));

/** Merges grants, uniting the resources of an action granted twice. */
const merge = (...grants: ReadonlyArray<Record<string, string[]>>): Record<string, string[]> => {
  const merged: Record<string, Set<string>> = {};
  for (const g of grants) for (const [action, names] of Object.entries(g)) names.forEach((n) => (merged[action] ??= new Set()).add(n));
  return Object.fromEntries(Object.entries(merged).map(([action, names]) => [action, [...names].sort()]));
};

beforeAll(async () => {
  synthesized = await synthesizeStack();
  ({ app, stack, assembly, template, resources } = synthesized);
});

afterAll(() => synthesized.dispose());

describe('synthesis', () => {
  it('writes the CloudFormation template and one asset per function to the output folder, offline', () => {
    const templateFile = join(assembly.directory, stack.templateFile);
    expect(JSON.parse(readFileSync(templateFile, 'utf8')).Resources).toEqual(resources);
    const assetDirs = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assetDirs).toHaveLength(4);
    for (const dir of assetDirs) expect(existsSync(join(assembly.directory, dir, 'index.mjs'))).toBe(true);
  });

  it('passes CloudFormation template validation without a finding (no circular dependency, no invalid property)', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    const findings = (report.pluginReports as Array<{ violations?: unknown[] }>).flatMap((r) => r.violations ?? []);
    expect(findings).toEqual([]);
  });

  it('reports no CDK warning or error', () => {
    const messages = assembly.getStackArtifact(stack.artifactId).messages.filter((m) => m.level !== 'info');
    expect(messages.map((m) => `${m.id}: ${String(m.entry.data)}`)).toEqual([]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, errors and warnings alike', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('is live: the same pack flags a queue that allows plain HTTP', () => {
    const probe = new App();
    new Queue(new Stack(probe, 'Probe'), 'Plain');
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(probe);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-SQS4');
  });

  it('acknowledges only the accepted findings, each with its reason in the template', () => {
    const acknowledged = new Map<string, string>();
    for (const resource of Object.values(resources)) {
      for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) acknowledged.set(rule.id, rule.reason);
    }
    expect([...acknowledged.keys()].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-KDS3',
      'AwsSolutions-L1',
      'AwsSolutions-SQS3',
    ]);
    for (const reason of acknowledged.values()) expect(reason.length).toBeGreaterThan(80);
  });
});

describe('tables', () => {
  const roles: ReadonlyArray<TableRole> = ['events', 'eventParts', 'idempotency', 'readModels'];

  it('are exactly the four tables, keyed as the adapters expect', () => {
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(4);
    for (const role of roles) {
      const { partitionKey, sortKey } = tableDefinitions[role];
      const keys = sortKey === undefined ? [partitionKey] : [partitionKey, sortKey];
      const props = resourceOf(stack.tables[role]).Properties;
      expect(props.KeySchema).toEqual(keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })));
      expect(props.AttributeDefinitions).toEqual(keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })));
    }
    expect(resourceOf(stack.tables.events).Properties.KeySchema).toEqual([
      { AttributeName: 'stream_id', KeyType: 'HASH' },
      { AttributeName: 'version', KeyType: 'RANGE' },
    ]);
    expect(resourceOf(stack.tables.readModels).Properties.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ]);
  });

  it('are named in the outputs, all four, for operator commands on the deployment', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.EventsTableName?.Value).toEqual(refOf(stack.tables.events));
    expect(outputs.EventPartsTableName?.Value).toEqual(refOf(stack.tables.eventParts));
    expect(outputs.IdempotencyTableName?.Value).toEqual(refOf(stack.tables.idempotency));
    expect(outputs.ReadModelsTableName?.Value).toEqual(refOf(stack.tables.readModels));
  });

  it('are on-demand, encrypted with the data key, recoverable to a point in time, deletion-protected and retained', () => {
    for (const role of roles) {
      const table = resourceOf(stack.tables[role]);
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf(stack.dataKey) },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });

  it('streams new images of the events table only', () => {
    expect(resourceOf(stack.tables.events).Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    for (const role of roles.filter((r) => r !== 'events')) {
      expect(resourceOf(stack.tables[role]).Properties.StreamSpecification).toBeUndefined();
    }
  });

  it('expire idempotency records, and the parts of large responses, through TTL on expires_at', () => {
    for (const table of [stack.tables.idempotency, stack.tables.eventParts]) {
      expect(resourceOf(table).Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: true });
    }
    expect(resourceOf(stack.tables.events).Properties.TimeToLiveSpecification).toBeUndefined();
  });
});

describe('functions', () => {
  it('run the bundled index.handler on Node 22, arm64, logging to their own log group kept 90 days', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(4);
    for (const name of lambdaNames) {
      const fn = stack.functions[name];
      const props = resourceOf(fn.fn).Properties;
      expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(props.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
      expect(props.LoggingConfig).toEqual({ LogGroup: refOf(fn.logGroup) });
      expect(resourceOf(fn.logGroup).Properties.RetentionInDays).toBe(90);
      expect(props.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('encrypt every log group with the data key, which CloudWatch Logs may use for this account and region only', () => {
    const logGroups = ofType('AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(5);
    for (const [, group] of logGroups) expect(group.Properties.KmsKeyId).toEqual(arnOf(stack.dataKey));
    const statements = resourceOf(stack.dataKey).Properties.KeyPolicy.Statement as Array<{ Principal?: { Service?: unknown }; Condition?: unknown }>;
    const forLogs = statements.filter((statement) => JSON.stringify(statement.Principal?.Service ?? '').includes('logs.'));
    expect(forLogs).toHaveLength(1);
    expect(JSON.stringify(forLogs[0]!.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
  });

  it('receive the table names, and only the API functions the JWT settings, only the publisher the bus and stream', () => {
    const env = (name: LambdaName): Record<string, unknown> => resourceOf(stack.functions[name].fn).Properties.Environment.Variables;
    for (const name of lambdaNames) {
      expect(env(name)).toMatchObject({
        EVENTS_TABLE: refOf(stack.tables.events),
        EVENT_PARTS_TABLE: refOf(stack.tables.eventParts),
        IDEMPOTENCY_TABLE: refOf(stack.tables.idempotency),
        READ_MODELS_TABLE: refOf(stack.tables.readModels),
        POWERTOOLS_SERVICE_NAME: 'fiducia',
        // The stack's own namespace, which its alarms watch: another stack in the account counts elsewhere.
        POWERTOOLS_METRICS_NAMESPACE: stack.stackName,
        LOG_LEVEL: { Ref: 'LogLevel' },
      });
    }
    for (const name of ['command-api', 'query-api'] as const) {
      expect(env(name)).toMatchObject({
        FIDUCIA_JWT_ISSUER: { Ref: 'JwtIssuer' },
        FIDUCIA_JWT_AUDIENCE: { Ref: 'JwtAudience' },
        FIDUCIA_JWKS_URL: { Ref: 'JwksUrl' },
      });
      expect(env(name)).not.toHaveProperty('EVENT_BUS_NAME');
    }
    expect(env('publisher')).toMatchObject({ EVENT_BUS_NAME: refOf(stack.bus), LINEAGE_STREAM_NAME: refOf(stack.lineageStream) });
    for (const name of ['projector', 'publisher'] as const) expect(env(name)).not.toHaveProperty('FIDUCIA_JWT_ISSUER');
    expect(env('projector')).not.toHaveProperty('LINEAGE_STREAM_NAME');
  });
});

describe('least privilege', () => {
  const names = () => ({
    events: idOf(stack.tables.events),
    eventParts: idOf(stack.tables.eventParts),
    idempotency: idOf(stack.tables.idempotency),
    readModels: idOf(stack.tables.readModels),
    dataKey: idOf(stack.dataKey),
    lineageKey: idOf(stack.lineageKey),
  });
  const read = ['dynamodb:GetItem', 'dynamodb:Query'];
  const keyRead = ['kms:Decrypt', 'kms:DescribeKey'];
  const keyWrite = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
  const logs = (name: LambdaName) => grant(['logs:CreateLogStream', 'logs:PutLogEvents'], [idOf(stack.functions[name].logGroup)]);
  const roleId = (name: LambdaName) => idOf(stack.functions[name].role);
  const streamConsumer = (subscription: 'projector' | 'publisher') =>
    merge(
      grant(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [`${names().events}.StreamArn`]),
      grant(['dynamodb:ListStreams'], ['*']),
      grant(['sqs:SendMessage'], [idOf(stack.subscriptions[subscription].deadLetters)]),
      grant(['kms:GenerateDataKey', ...keyRead], [names().dataKey]),
    );

  it('lets the command API read and append events, parts and idempotency records, guard events it only read, and nothing more', () => {
    const n = names();
    expect(permissionsOf(roleId('command-api'))).toEqual(
      merge(
        logs('command-api'),
        grant(read, [n.events, n.eventParts, n.idempotency]),
        grant(['dynamodb:PutItem'], [n.events, n.eventParts, n.idempotency]),
        // A command decided on another aggregate holds the commit to that stream's version with a ConditionCheck.
        grant(['dynamodb:ConditionCheckItem'], [n.events]),
        grant(keyWrite, [n.dataKey]),
      ),
    );
  });

  it('lets the query API read events, parts and read models, and append only its audit-read events', () => {
    const n = names();
    expect(permissionsOf(roleId('query-api'))).toEqual(
      merge(
        logs('query-api'),
        grant(read, [n.events, n.eventParts, n.readModels]),
        grant(['dynamodb:PutItem'], [n.events]),
        grant(keyWrite, [n.dataKey]),
      ),
    );
    // Only to audit streams (audit-<reader>): the read side cannot append to a profile's or a portfolio's history.
    const puts = synthesized.statementsOf(roleId('query-api')).filter((statement) => asArray(statement.Action).includes('dynamodb:PutItem'));
    expect(puts.map((statement) => statement.Condition)).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['audit-*'] } }]);
  });

  it('lets the projector read the stream, events and parts, change read models, and dead-letter to its own queue', () => {
    const n = names();
    expect(permissionsOf(roleId('projector'))).toEqual(
      merge(
        logs('projector'),
        streamConsumer('projector'),
        grant(read, [n.events, n.eventParts, n.readModels]),
        grant(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'], [n.readModels]),
        // A first version's shared rankings are written only while its placeholder is still its own.
        grant(['dynamodb:ConditionCheckItem'], [n.readModels]),
        grant(keyWrite, [n.dataKey]),
      ),
    );
  });

  it('lets the publisher read the stream and parts, put events on its bus and records on the lineage stream only', () => {
    const n = names();
    expect(permissionsOf(roleId('publisher'))).toEqual(
      merge(
        logs('publisher'),
        streamConsumer('publisher'),
        grant(read, [n.eventParts]),
        grant(['events:PutEvents'], [idOf(stack.bus)]),
        grant(['kinesis:PutRecords'], [idOf(stack.lineageStream)]),
        grant(['kms:GenerateDataKey'], [n.lineageKey]),
        grant(keyRead, [n.dataKey]),
      ),
    );
  });

  it('never lets any role change or delete a committed event', () => {
    const events = idOf(stack.tables.events);
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (!asArray(statement.Resource).some((r) => r !== '*' && resourceName(r) === events)) continue;
        expect(asArray(statement.Action)).not.toEqual(
          expect.arrayContaining([expect.stringMatching(/dynamodb:(UpdateItem|DeleteItem|BatchWriteItem)/)]),
        );
      }
    }
  });

  it('allows key use only through the service that owns the data (DynamoDB, SQS, Kinesis)', () => {
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (!asArray(statement.Action).some((a) => a.startsWith('kms:'))) continue;
        const via = statement.Condition?.StringEquals?.['kms:ViaService'];
        expect(JSON.stringify(via)).toMatch(/"(dynamodb|sqs|kinesis)\."/);
      }
    }
  });

  it('gives each function its own role, assumable by Lambda only, with no managed policy', () => {
    const roles = ofType('AWS::IAM::Role');
    expect(roles).toHaveLength(4);
    for (const [, role] of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
    }
  });
});

describe('HTTP API', () => {
  it('takes the JWT issuer, audience and JWKS URL as parameters, https only', () => {
    template.hasParameter('JwtIssuer', { Type: 'String', AllowedPattern: '^https://\\S+$' });
    template.hasParameter('JwtAudience', { Type: 'String', MinLength: 1 });
    template.hasParameter('JwksUrl', { Type: 'String', AllowedPattern: '^https://\\S+$' });
  });

  it('checks tokens with a JWT authorizer on the configured issuer and audience', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]![1].Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: { Ref: 'JwtIssuer' }, Audience: [{ Ref: 'JwtAudience' }] },
    });
  });

  it('sends reads to the query function and changes to the command function, all but /health behind the authorizer', () => {
    const functionOfIntegration = (target: any): string => {
      const integrationId = target['Fn::Join'][1][1].Ref as string;
      return resources[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0];
    };
    const routes = Object.fromEntries(
      ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [
        r.Properties.RouteKey,
        { auth: r.Properties.AuthorizationType, fn: functionOfIntegration(r.Properties.Target) },
      ]),
    );
    const query = idOf(stack.functions['query-api'].fn);
    const command = idOf(stack.functions['command-api'].fn);
    expect(routes).toEqual({
      'GET /health': { auth: 'NONE', fn: query },
      'GET /{proxy+}': { auth: 'JWT', fn: query },
      'POST /{proxy+}': { auth: 'JWT', fn: command },
      'PUT /{proxy+}': { auth: 'JWT', fn: command },
      'PATCH /{proxy+}': { auth: 'JWT', fn: command },
      'DELETE /{proxy+}': { auth: 'JWT', fn: command },
    });
  });

  it('writes JSON access logs, kept a year, and throttles the stage', () => {
    const stage = resourceOf(stack.httpApi.stage);
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual(arnOf(stack.httpApi.accessLogs));
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', authorizerError: '$context.authorizer.error' });
    // A client's token subject is their client id: no claim of the token is logged.
    expect(JSON.stringify(format)).not.toContain('claims');
    expect(resourceOf(stack.httpApi.accessLogs).Properties.RetentionInDays).toBe(365);
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
  });
});

describe('stream processing', () => {
  it('maps the events stream to the projector and the publisher with partial batch responses, bisection and dead letters', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(2);
    for (const name of ['projector', 'publisher'] as const) {
      const subscription = stack.subscriptions[name];
      expect(resourceOf(subscription.mapping).Properties).toEqual({
        EventSourceArn: { 'Fn::GetAtt': [idOf(stack.tables.events), 'StreamArn'] },
        FunctionName: refOf(stack.functions[name].fn),
        StartingPosition: 'TRIM_HORIZON',
        ParallelizationFactor: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        // Retried until 12 hours old: an outage or throttling fails whole batches, which must not become gaps.
        MaximumRetryAttempts: 10_000,
        MaximumRecordAgeInSeconds: 43_200,
        BatchSize: 100,
        DestinationConfig: { OnFailure: { Destination: arnOf(subscription.deadLetters) } },
        Tags: [{ Key: 'service', Value: 'fiducia' }],
      });
    }
  });

  it('keeps dead letters 14 days in queues encrypted with the data key that refuse plain HTTP', () => {
    for (const name of ['projector', 'publisher'] as const) {
      const queue = stack.subscriptions[name].deadLetters;
      expect(resourceOf(queue).Properties).toMatchObject({ KmsMasterKeyId: arnOf(stack.dataKey), MessageRetentionPeriod: 1_209_600 });
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues[0].Ref === idOf(queue));
      expect(policy?.[1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('integration bus and lineage feed', () => {
  it('archives every integration event of the account for a year, encrypts bus and archive, and retains both', () => {
    const bus = resourceOf(stack.bus);
    expect(bus.Properties).toMatchObject({ Name: 'Fiducia-integration', KmsKeyIdentifier: arnOf(stack.dataKey) });
    expect(bus.DeletionPolicy).toBe('Retain');
    const archives = ofType('AWS::Events::Archive');
    expect(archives).toHaveLength(1);
    const archive = archives[0]![1];
    expect(archive.Properties).toMatchObject({
      RetentionDays: 365,
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      KmsKeyIdentifier: arnOf(stack.dataKey),
    });
    expect(JSON.stringify(archive.Properties.SourceArn)).toContain(':event-bus/Fiducia-integration');
    expect(archive.DeletionPolicy).toBe('Retain');
  });

  it('lets EventBridge use the data key only for this bus', () => {
    const statements = resourceOf(stack.dataKey).Properties.KeyPolicy.Statement as Statement[];
    const forEvents = statements.filter((s: any) => s.Principal?.Service === 'events.amazonaws.com' && asArray(s.Action).includes('kms:Decrypt'));
    expect(forEvents.length).toBeGreaterThan(0);
    for (const statement of forEvents) {
      const busArn = statement.Condition?.StringEquals?.['kms:EncryptionContext:aws:events:event-bus:arn'];
      expect(JSON.stringify(busArn)).toContain(':event-bus/Fiducia-integration');
    }
  });

  it('encrypts the lineage stream with its own key, keeps records 7 days and retains the stream', () => {
    const stream = resourceOf(stack.lineageStream);
    expect(stream.Properties).toMatchObject({
      StreamEncryption: { EncryptionType: 'KMS', KeyId: arnOf(stack.lineageKey) },
      RetentionPeriodHours: 168,
      ShardCount: 1,
    });
    expect(stream.DeletionPolicy).toBe('Retain');
  });

  it('rotates both keys yearly and retains them', () => {
    for (const key of [stack.dataKey, stack.lineageKey]) {
      expect(resourceOf(key).Properties.EnableKeyRotation).toBe(true);
      expect(resourceOf(key).DeletionPolicy).toBe('Retain');
    }
    expect(idOf(stack.dataKey)).not.toBe(idOf(stack.lineageKey));
  });
});

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topic = () => refOf(stack.alarms.topic);

  it('fire when the projector or publisher is more than 60 s behind the stream', () => {
    const iteratorAge = alarms().filter((a) => a.MetricName === 'IteratorAge');
    expect(iteratorAge.map((a) => a.Dimensions[0].Value)).toEqual([
      refOf(stack.functions.projector.fn),
      refOf(stack.functions.publisher.fn),
    ]);
    for (const alarm of iteratorAge) {
      expect(alarm).toMatchObject({ Statistic: 'Maximum', Threshold: 60_000, ComparisonOperator: 'GreaterThanThreshold', Period: 60 });
    }
  });

  it('fire on any dead letter', () => {
    const deadLetters = alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(deadLetters.map((a) => a.Dimensions[0].Value)).toEqual([
      { 'Fn::GetAtt': [idOf(stack.subscriptions.projector.deadLetters), 'QueueName'] },
      { 'Fn::GetAtt': [idOf(stack.subscriptions.publisher.deadLetters), 'QueueName'] },
    ]);
    for (const alarm of deadLetters) expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it("fire on any record the projector parked itself, which the mapping's dead-letter queue never sees", () => {
    const parked = alarms().filter((a) => a.MetricName === 'StreamRecordsDeadLettered');
    expect(stack.stackName).toBe('Fiducia');
    expect(parked).toEqual([
      expect.objectContaining({
        Namespace: stack.stackName,
        Dimensions: expect.arrayContaining([
          { Name: 'service', Value: 'fiducia' },
          { Name: 'function', Value: 'projector' },
        ]),
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    ]);
  });

  it('fire on any function error and any API server error', () => {
    const errors = alarms().filter((a) => a.MetricName === 'Errors');
    expect(errors.map((a) => a.Dimensions[0].Value)).toEqual(lambdaNames.map((name) => refOf(stack.functions[name].fn)));
    const serverErrors = alarms().filter((a) => a.MetricName === '5xx');
    expect(serverErrors).toHaveLength(1);
    for (const alarm of [...errors, ...serverErrors]) {
      expect(alarm).toMatchObject({ Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('notify (and clear) through one topic encrypted with the data key, with an optional e-mail subscriber', () => {
    expect(alarms()).toHaveLength(10);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([topic()]);
      expect(alarm.OKActions).toEqual([topic()]);
    }
    expect(resourceOf(stack.alarms.topic).Properties.KmsMasterKeyId).toEqual(arnOf(stack.dataKey));
    const [subscription] = ofType('AWS::SNS::Subscription');
    expect(subscription?.[1]).toMatchObject({ Condition: 'AlarmEmailGiven', Properties: { Endpoint: { Ref: 'AlarmEmail' } } });
    const keyPolicy = resourceOf(stack.dataKey).Properties.KeyPolicy.Statement;
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }),
    );
  });

  it("let this account's alarms publish to the topic, whose own policy (TLS only) replaces SNS's default", () => {
    const policies = ofType('AWS::SNS::TopicPolicy').filter(([, policy]) => JSON.stringify(policy.Properties.Topics) === JSON.stringify([topic()]));
    expect(policies).toHaveLength(1);
    const statements = policies[0]![1].Properties.PolicyDocument.Statement as Statement[];
    const allows = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic(),
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
      }),
    ]);
    // The TLS rule stays: a deny on any publish without it.
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});
