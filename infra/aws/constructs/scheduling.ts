/**
 * The three schedules (EventBridge Scheduler) and where failed invocations land.
 *
 * - daily enforcement: `cron(0 6 * * ? *)` in Europe/Paris (06:00 Paris time, summer and
 *   winter); Scheduler retries a failed delivery 3 times within 2 hours, then leaves the event in
 *   `scheduler-dlq`;
 * - outbox sender, and the redelivery of decisions not yet handed to their execution: every 2
 *   minutes; a missed run is caught up by the next one, so Scheduler retries once within a minute.
 *
 * Scheduler invokes Lambda asynchronously: an invocation Lambda accepted but that failed goes to
 * the functions' on-failure destination `async-failures` (sweep: 2 Lambda retries; sender: none,
 * the next run retries). Both queues are alarmed.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AppFunction } from './app-function.ts';

export const DAILY_ENFORCEMENT_CRON = { minute: '0', hour: '6', timeZone: TimeZone.EUROPE_PARIS };
export const OUTBOX_RATE = Duration.minutes(2);

export interface SchedulingProps {
  readonly prefix: string;
  readonly dailyEnforcement: AppFunction;
  readonly sendEmails: AppFunction;
  readonly redeliverDecisions: AppFunction;
}

function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
}

export class Scheduling extends Construct {
  readonly schedulerDeadLetterQueue: sqs.Queue;
  readonly asyncFailureQueue: sqs.Queue;
  readonly dailyEnforcement: scheduler.Schedule;
  readonly outbox: scheduler.Schedule;
  /** The roles Scheduler assumes to invoke each target (here rather than aws-cdk-lib's stack-level singletons). */
  readonly dailyEnforcementRole: iam.Role;
  readonly outboxRole: iam.Role;
  readonly redeliver: scheduler.Schedule;
  readonly redeliverRole: iam.Role;

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    this.schedulerDeadLetterQueue = deadLetterQueue(this, 'SchedulerDeadLetterQueue');
    this.asyncFailureQueue = deadLetterQueue(this, 'AsyncFailureQueue');

    props.dailyEnforcement.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new lambdaDestinations.SqsDestination(this.asyncFailureQueue),
    });
    for (const frequent of [props.sendEmails, props.redeliverDecisions]) {
      frequent.function.configureAsyncInvoke({
        retryAttempts: 0,
        maxEventAge: Duration.minutes(2),
        onFailure: new lambdaDestinations.SqsDestination(this.asyncFailureQueue),
      });
    }

    const schedulerRole = (roleId: string) =>
      new iam.Role(this, roleId, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      });
    this.dailyEnforcementRole = schedulerRole('DailyEnforcementRole');
    this.outboxRole = schedulerRole('OutboxRole');
    this.redeliverRole = schedulerRole('RedeliverDecisionsRole');

    this.dailyEnforcement = new scheduler.Schedule(this, 'DailyEnforcement', {
      scheduleName: `${props.prefix}-daily-enforcement`,
      description: 'Daily enforcement at 06:00 Europe/Paris: reminders, escalations, suspensions, reimbursement demands',
      schedule: scheduler.ScheduleExpression.cron(DAILY_ENFORCEMENT_CRON),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(props.dailyEnforcement.function, {
        role: this.dailyEnforcementRole,
        deadLetterQueue: this.schedulerDeadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });
    this.outbox = new scheduler.Schedule(this, 'Outbox', {
      scheduleName: `${props.prefix}-outbox`,
      description: 'Sends the pending emails of the outbox every 2 minutes',
      schedule: scheduler.ScheduleExpression.rate(OUTBOX_RATE),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(props.sendEmails.function, {
        role: this.outboxRole,
        deadLetterQueue: this.schedulerDeadLetterQueue,
        retryAttempts: 1,
        maxEventAge: Duration.minutes(1),
      }),
    });
    this.redeliver = new scheduler.Schedule(this, 'RedeliverDecisions', {
      scheduleName: `${props.prefix}-redeliver-decisions`,
      description: 'Hands over the decisions recorded but not yet given to their execution, every 2 minutes',
      schedule: scheduler.ScheduleExpression.rate(OUTBOX_RATE),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(props.redeliverDecisions.function, {
        role: this.redeliverRole,
        deadLetterQueue: this.schedulerDeadLetterQueue,
        retryAttempts: 1,
        maxEventAge: Duration.minutes(1),
      }),
    });
  }
}
