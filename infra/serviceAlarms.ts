import { Aws, Duration, type CfnCondition } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A stream consumer to watch: how far behind it is, and what it gave up on. */
export interface WatchedConsumer {
  readonly fn: IFunction;
  readonly deadLetters: IQueue;
}

export interface ServiceAlarmsProps {
  readonly key: IKey;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly consumers: Readonly<Record<string, WatchedConsumer>>;
  /** Records a consumer parked itself (acknowledged to Lambda, so never in the mapping's queue), by consumer name. */
  readonly parkedRecords: Readonly<Record<string, IMetric>>;
  readonly apiStage: HttpStage;
  /** Optional e-mail subscriber, created only where the condition holds. */
  readonly email?: { readonly address: string; readonly condition: CfnCondition };
}

/** Read models and the lineage feed are expected within seconds of a commit; a minute behind means something is stuck. */
export const iteratorAgeThreshold = Duration.seconds(60);

const period = Duration.minutes(1);

/**
 * Alarms that need a person: a consumer more than a minute behind its stream, any record dead-lettered or parked, any function
 * error, any 5xx from the API (the Hono apps turn unexpected errors into 500s, which Lambda does not count as errors).
 * All go to one encrypted topic.
 */
export class ServiceAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Fiducia alarms', masterKey: props.key, enforceSSL: true });
    // A topic policy (enforceSSL writes one) replaces SNS's default, whose same-account allow is what lets alarms
    // publish: CloudWatch publishes as a service, so this account's alarms are allowed by name.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    if (props.email !== undefined) {
      const subscription = new CfnSubscription(this, 'Email', {
        topicArn: this.topic.topicArn,
        protocol: 'email',
        endpoint: props.email.address,
      });
      subscription.cfnOptions.condition = props.email.condition;
    }
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number): void => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No traffic is not a problem; a silent consumer shows up as iterator age once records arrive.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
    };

    for (const [name, consumer] of Object.entries(props.consumers)) {
      alarm(
        `${name}IteratorAge`,
        `${name} is more than ${iteratorAgeThreshold.toSeconds()} s behind the events table stream.`,
        consumer.fn.metric('IteratorAge', { statistic: 'Maximum', period }),
        iteratorAgeThreshold.toMilliseconds(),
      );
      alarm(
        `${name}DeadLetters`,
        `${name} gave up on stream records: see its dead-letter queue, then replay or rebuild from the event store.`,
        consumer.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
        0,
      );
    }
    for (const [name, metric] of Object.entries(props.parkedRecords)) {
      alarm(
        `${name}ParkedRecords`,
        `${name} parked stream records it could not apply: npx fiducia projections dead-letters names them and their reason; fix the cause, then redrive them.`,
        metric,
        0,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `${name} failed an invocation.`, fn.metricErrors({ statistic: 'Sum', period }), 0);
    }
    alarm('Api5xx', 'The HTTP API answered with a server error.', props.apiStage.metricServerError({ statistic: 'Sum', period }), 0);
  }
}
