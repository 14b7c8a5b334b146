/**
 * Alarms and where they go. One SNS topic for every alarm (encrypted with the app's key, TLS
 * only), an optional email subscription (context `alarmEmail`), and one alarm per thing that
 * can go wrong without anyone noticing:
 * - each state machine: an execution failed, an execution timed out (5-minute sum ≥ 1);
 * - each dead-letter queue: a message is waiting (max visible ≥ 1);
 * - each function: an invocation errored (5-minute sum ≥ 1);
 * - the HTTP API: a 5xx answer; SES: bounce rate ≥ 5 % or complaint rate ≥ 0.1 % (AWS reviews an
 *   account from 10 % and 0.5 %).
 *
 * The key (customer managed, yearly rotation) is shared by the alarm topic and the SES feedback
 * topic: CloudWatch and SES may use it to publish there, nothing else is granted.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  readonly prefix: string;
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly key: kms.Key;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly #prefix: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.#prefix = props.prefix;
    this.key = new kms.Key(this, 'NotificationsKey', {
      description: `${props.prefix}: encrypts the alarm and SES feedback topics`,
      enableKeyRotation: true,
      alias: `alias/${props.prefix}-notifications`,
    });
    for (const [sid, service] of [
      ['AlarmsPublishEncrypted', 'cloudwatch.amazonaws.com'],
      ['SesFeedbackPublishEncrypted', 'ses.amazonaws.com'],
    ] as const) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
    }
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${props.prefix} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }

  #alarm(id: string, metric: cloudwatch.IMetric, description: string, threshold = 1): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.#prefix}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  watchStateMachine(name: string, machine: sfn.StateMachine): void {
    this.#alarm(
      `${name}-executions-failed`,
      machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
      `${name}: an execution failed (a dossier's workflow stopped)`,
    );
    this.#alarm(
      `${name}-executions-timed-out`,
      machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
      `${name}: an execution timed out`,
    );
  }

  watchDeadLetterQueue(name: string, queue: sqs.IQueue): void {
    this.#alarm(
      `${name}-messages`,
      queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      `${name}: a message waits in the dead-letter queue (something was not delivered; read it, fix, redrive)`,
    );
  }

  watchFunction(name: string, fn: lambda.IFunction): void {
    this.#alarm(`${name}-errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), `${name}: an invocation failed`);
  }

  watchMetric(id: string, metric: cloudwatch.IMetric, description: string, threshold: number): void {
    this.#alarm(id, metric, description, threshold);
  }
}
