import { Aws } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

// Exact actions only: CDK's grant helpers add wildcards (kms:GenerateDataKey*, kms:ReEncrypt*) and table-wide
// actions (Scan, UpdateItem, DeleteItem) that no function here uses.

/** Point reads and key-range queries. */
export const readItems = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
/** Adding items only: without UpdateItem and DeleteItem a committed event cannot be edited or removed in place. */
export const appendItems = ['dynamodb:PutItem'] as const;
/** Free changes, for read models that projections rewrite. */
export const changeItems = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;
/** A transaction's condition on an item it does not write: a command holds the streams it only read to their version. */
export const guardItems = ['dynamodb:ConditionCheckItem'] as const;

export type TableAction = (typeof readItems)[number] | (typeof changeItems)[number] | (typeof guardItems)[number];

const writes = new Set<string>(changeItems);

/** The key may be used only through the named service, on behalf of the grantee (not directly). */
const viaService = (service: string): Record<string, unknown> => ({
  StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.amazonaws.com` },
});

const allow = (grantee: IGrantable, actions: ReadonlyArray<string>, resources: ReadonlyArray<string>, conditions?: Record<string, unknown>) =>
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...actions], resources: [...resources], ...(conditions === undefined ? {} : { conditions }) }),
  );

/** Grants exactly `actions` on one table (under `conditions`, if any), and the use of its key that those actions need. */
export const grantTableActions = (
  grantee: IGrantable,
  table: ITable,
  key: IKey,
  actions: ReadonlyArray<TableAction>,
  conditions?: Record<string, unknown>,
): void => {
  allow(grantee, actions, [table.tableArn], conditions);
  const keyActions = actions.some((action) => writes.has(action))
    ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
    : ['kms:Decrypt', 'kms:DescribeKey'];
  allow(grantee, keyActions, [key.keyArn], viaService('dynamodb'));
};

/** Grants what a Lambda event-source mapping needs to read a table's stream (the poller runs as the function). */
export const grantStreamRead = (grantee: IGrantable, table: ITable, key: IKey): void => {
  const streamArn = table.tableStreamArn;
  if (streamArn === undefined) throw new Error(`table ${table.node.path} has no stream`);
  allow(grantee, ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], [streamArn]);
  // ListStreams has no resource-level permissions; it reveals stream ARNs, never data.
  allow(grantee, ['dynamodb:ListStreams'], ['*']);
  allow(grantee, ['kms:Decrypt', 'kms:DescribeKey'], [key.keyArn], viaService('dynamodb'));
};

/** The condition that limits item actions to partition keys starting with `prefix`. */
export const leadingKeysLike = (prefix: string): Record<string, unknown> => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${prefix}*`] } });

/** Grants sending to one encrypted queue (a stream mapping's on-failure destination is written as the function). */
export const grantQueueSend = (grantee: IGrantable, queue: IQueue, key: IKey): void => {
  allow(grantee, ['sqs:SendMessage'], [queue.queueArn]);
  allow(grantee, ['kms:GenerateDataKey', 'kms:Decrypt'], [key.keyArn], viaService('sqs'));
};

/** Grants putting events on one bus. */
export const grantPutEvents = (grantee: IGrantable, bus: IEventBus): void => {
  allow(grantee, ['events:PutEvents'], [bus.eventBusArn]);
};

/** Grants writing records to one encrypted Kinesis stream (producers need only data keys, never decryption). */
export const grantPutRecords = (grantee: IGrantable, stream: IStream, key: IKey): void => {
  allow(grantee, ['kinesis:PutRecords'], [stream.streamArn]);
  allow(grantee, ['kms:GenerateDataKey'], [key.keyArn], viaService('kinesis'));
};
