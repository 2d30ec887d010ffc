import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableLayouts, type KeyAttribute, type TableRole } from './tableLayouts.js';

const attributeTypes: Readonly<Record<KeyAttribute['type'], AttributeType>> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
};

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: attributeTypes[key.type] });

/** Construct ids, which also seed the CloudFormation logical ids: renaming one replaces the table. */
const constructIds: Readonly<Record<TableRole, string>> = {
  events: 'Events',
  eventParts: 'EventParts',
  idempotency: 'Idempotency',
  readModels: 'ReadModels',
};

/**
 * The event store (events, overflow parts, idempotency records) and the read-model table, laid out exactly as the
 * adapters define them (`adapters/dynamodb/tables.ts`). Every table is on-demand, encrypted with the data key,
 * recoverable to any second of the last 35 days, protected from deletion, and retained when the stack goes: the
 * event history is the system of record.
 */
export class ServiceTables extends Construct {
  readonly events: Table;
  readonly eventParts: Table;
  readonly idempotency: Table;
  readonly readModels: Table;

  constructor(scope: Construct, id: string, props: { readonly key: IKey }) {
    super(scope, id);
    const table = (role: TableRole): Table => {
      const definition = tableLayouts[role];
      return new Table(this, constructIds[role], {
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey === undefined ? {} : { sortKey: attribute(definition.sortKey) }),
        ...(definition.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: definition.timeToLiveAttribute }),
        ...(definition.stream === undefined ? {} : { stream: StreamViewType[definition.stream] }),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    };
    this.events = table('events');
    this.eventParts = table('eventParts');
    this.idempotency = table('idempotency');
    this.readModels = table('readModels');
  }
}
