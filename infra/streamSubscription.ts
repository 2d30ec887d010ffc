import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, StartingPosition, type IEventSourceDlq, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantQueueSend, grantStreamRead } from './leastPrivilege.js';

export interface StreamSubscriptionProps {
  readonly table: Table;
  readonly target: IFunction;
  readonly key: IKey;
  /** Retries of a failing batch before its records go to the dead letters (bisection does not count). */
  readonly retryAttempts?: number;
  /** Age past which a record goes to the dead letters, however few its retries (default: the stream's own 24 h). */
  readonly maxRecordAge?: Duration;
}

/** The on-failure destination by ARN alone: the permission to use it is granted explicitly, without wildcards. */
const failureDestination = (queue: Queue): IEventSourceDlq => ({ bind: () => ({ destination: queue.queueArn }) });

/**
 * Feeds a table's stream to a function: from the oldest record, one batch per shard at a time (so records of one
 * aggregate arrive in order), partial batch responses, bisection to corner a poison record, and after the retries its
 * description (shard and sequence numbers, not the record itself) in an encrypted queue instead of blocking the shard
 * for the stream's 24 hours.
 */
export class StreamSubscription extends Construct {
  readonly deadLetters: Queue;
  readonly mapping: EventSourceMapping;

  constructor(scope: Construct, id: string, props: StreamSubscriptionProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      // The longest SQS allows: time to investigate and replay from the event store.
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the stream mapping; nothing consumes it automatically, ' +
        'so there is no redrive that could need a further dead-letter queue. Its depth raises an alarm.',
    });
    const role = props.target.role;
    if (role === undefined) throw new Error(`function ${props.target.node.path} has no role`);
    grantStreamRead(role, props.table, props.key);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only dynamodb:ListStreams is granted on "*": the action has no resource-level permissions (IAM service ' +
        'authorization reference) and returns stream ARNs, no data. Every other statement names its resource.',
    });
    grantQueueSend(role, this.deadLetters, props.key);

    this.mapping = new EventSourceMapping(this, 'Mapping', {
      target: props.target,
      eventSourceArn: props.table.tableStreamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 5,
      ...(props.maxRecordAge === undefined ? {} : { maxRecordAge: props.maxRecordAge }),
      onFailure: failureDestination(this.deadLetters),
    });
    // CloudFormation validates the mapping's permissions when it creates it.
    this.mapping.node.addDependency(role);
  }
}
