/**
 * Every cdk-nag (AwsSolutions) finding this app acknowledges, on the narrowest construct, each
 * with the reason it is acceptable. Everything else the pack checks passes. The README's Deploy
 * section lists the same findings; test/infra checks that nothing else is acknowledged and that
 * no error is left.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { acknowledge } from './nag.ts';
import type { InclusionStack } from './stack.ts';

export function acknowledgeFindings(stack: InclusionStack): void {
  for (const machine of Object.values(stack.workflows.machines)) {
    acknowledge(
      machine.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions logging and tracing need logs:CreateLogDelivery/GetLogDelivery/UpdateLogDelivery/DeleteLogDelivery/ListLogDeliveries/PutResourcePolicy/DescribeResourcePolicies/DescribeLogGroups and xray:PutTraceSegments/PutTelemetryRecords/GetSamplingRules/GetSamplingTargets, which support no resource-level permission (AWS: "Resource: *" is required); every other statement of this role names its resources.',
    );
  }

  acknowledge(
    stack.events.publisher.role,
    'AwsSolutions-IAM5[Resource::*]',
    "dynamodb:ListStreams supports no resource-level permission (it lists the account's streams); the stream reads themselves (DescribeStream, GetRecords, GetShardIterator) are granted on this table's stream ARN only.",
  );

  acknowledge(
    stack.api.userPool,
    'AwsSolutions-COG8',
    'Essentials feature plan on purpose: the Plus plan has no free tier (about 0.02 USD per monthly active user). Its threat protection is compensated here by required MFA (TOTP), 12-character passwords with every character class, no self sign-up (accounts are created by administrators) and one-hour tokens; revisit if porteurs sign themselves up.',
  );

  for (const route of stack.api.publicRoutes) {
    acknowledge(
      route,
      'AwsSolutions-APIG4',
      'Public on purpose (functions/api/public-routes.ts): the reference data of the call for projects (dispositifs, closing dates, contacts, publics, perimeters, channels), which the département publishes for anyone who may answer the call. The route only reads the catalog bundled with the function, writes nothing, returns no personal data, and is throttled with the stage (50 requests/s, burst 100).',
    );
  }

  const deadLetterReason = (what: string) =>
    `This queue is itself a dead-letter destination (${what}); a DLQ of a DLQ would only move the same messages. It is encrypted (SSE-SQS), TLS-only, keeps messages 14 days and is alarmed from its first message.`;
  acknowledge(
    stack.scheduling.schedulerDeadLetterQueue,
    'AwsSolutions-SQS3',
    deadLetterReason('EventBridge Scheduler target dead-letter queue of both schedules'),
  );
  acknowledge(
    stack.scheduling.asyncFailureQueue,
    'AwsSolutions-SQS3',
    deadLetterReason('on-failure destination of the asynchronous invocations of daily-enforcement and send-emails'),
  );
  acknowledge(
    stack.events.deadLetterQueue,
    'AwsSolutions-SQS3',
    deadLetterReason('on-failure destination of the DynamoDB stream event source mapping of publish-transitions'),
  );

  for (const [role, fn] of [
    [stack.scheduling.dailyEnforcementRole, stack.functions.byName['daily-enforcement']],
    [stack.scheduling.outboxRole, stack.functions.byName['send-emails']],
    [stack.scheduling.redeliverRole, stack.functions.byName['redeliver-decisions']],
  ] as const) {
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      'Granted by aws-cdk-lib\'s Scheduler LambdaInvoke target (Function.grantInvoke adds the function\'s versions and aliases, "<function ARN>:*"); the wildcard covers only qualifiers of this one function, and the schedule invokes the unqualified function.',
    );
  }
}
