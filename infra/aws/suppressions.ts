/**
 * Every cdk-nag (AwsSolutions) finding this app acknowledges, on the narrowest construct, each
 * with the reason it is acceptable. Everything else the pack checks passes. The README's Deploy
 * section lists the same findings; test/infra checks that nothing else is acknowledged and that
 * no error is left.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import { PUBLIC_ROUTES } from '#functions/api/public-routes.ts';
import { MACHINES } from '#workflows/definitions.ts';
import { machineNameOf } from './constructs/workflows.ts';
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

  // The API's functions that read a dossier's path (functions/api/groups/: engine `executionsOf`).
  for (const group of API_GROUPS.filter((g) => g.engine.includes('executionsOf'))) {
    for (const machine of MACHINES)
      acknowledge(
        stack.functions.api[group.name]!.role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${machineNameOf(stack.config.prefix, machine)}:*]`,
        'states:GetExecutionHistory (read only, GET /dossiers/{id}/parcours: the path a dossier took through its state machines) on the executions of this one machine: each dossier has its own, named after it, so no narrower resource can be written in advance.',
      );
  }

  acknowledge(
    stack.api.userPool,
    'AwsSolutions-COG8',
    'Essentials feature plan on purpose: the Plus plan has no free tier (about 0.02 USD per monthly active user). Its threat protection is compensated here by required MFA (TOTP), 12-character passwords with every character class, no self sign-up (accounts are created by administrators) and one-hour tokens; revisit if porteurs sign themselves up.',
  );

  // Each public route (functions/api/public-routes.ts) with the reason it is public.
  const publicReasons: Record<string, string> = {
    '/referentiel':
      'Public on purpose (functions/api/public-routes.ts): the reference data of the call for projects (dispositifs, closing dates, contacts, publics, perimeters, channels), which the département publishes for anyone who may answer the call. The route only reads the catalog bundled with the function, writes nothing, returns no personal data, and is throttled with the stage (50 requests/s, burst 100).',
    '/demandes-de-compte':
      'Public on purpose (functions/api/public-routes.ts): called before the person has an account (a porteur asking for one, as the call wants: « une demande d’ouverture de compte doit être faite auprès des services du Département »). It only records a request the service reviews, and is throttled on its own (1 request/s, burst 5).',
  };
  stack.api.publicRoutes.forEach((route, i) => {
    const reason = publicReasons[PUBLIC_ROUTES[i]!.path];
    if (!reason) throw new Error(`public route ${PUBLIC_ROUTES[i]!.path}: say why it is public (infra/aws/suppressions.ts)`);
    acknowledge(route, 'AwsSolutions-APIG4', reason);
  });

  acknowledgeConsoleSite(stack);

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

/** The console's hosting: CloudFront's default certificate, no WAF or geo restriction, and aws-cdk-lib's deployment function. */
function acknowledgeConsoleSite(stack: InclusionStack): void {
  const { site } = stack;
  acknowledge(
    site.distribution,
    'AwsSolutions-CFR4',
    "The distribution is served on its *.cloudfront.net name with CloudFront's default certificate, whose security policy cannot be raised (CloudFront keeps TLSv1 for it); viewers still negotiate TLS 1.2/1.3 with current browsers. A custom domain with an ACM certificate (then TLSv1.2_2021) is the département's choice to make, outside this stack.",
  );
  acknowledge(
    site.distribution,
    'AwsSolutions-CFR1',
    'No geo restriction on purpose: the call is open to any structure established in the Pas-de-Calais, whose people may sign in from anywhere; every API route but the public ones (functions/api/public-routes.ts) wants a Cognito token, and the static console holds no data.',
  );
  acknowledge(
    site.distribution,
    'AwsSolutions-CFR2',
    "No AWS WAF web ACL: it must live in us-east-1 (a second stack) and costs at least 5 USD a month plus each rule, above the whole stack's running cost; the API throttles per stage and per public route, and authenticates every other route with Cognito JWTs.",
  );
  const deployment = site.deployment;
  if (!deployment) throw new Error('the console site was not published');
  const deployReason = (what: string) =>
    `aws-cdk-lib's BucketDeployment (console files and config.json at deploy time): ${what}. The function runs only during a deployment, invoked by CloudFormation.`;
  acknowledge(
    deployment.handlerRole,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    deployReason('its singleton function is created with the AWS managed basic execution role (CloudWatch Logs writes only)'),
  );
  for (const finding of [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    `Resource::<${stack.getLogicalId(site.bucket.node.defaultChild as CfnElement)}.Arn>/*`,
    'Resource::*',
  ]) {
    acknowledge(
      deployment.handlerRole,
      `AwsSolutions-IAM5[${finding}]`,
      deployReason(
        "the wildcards are the grants aws-cdk-lib makes — read on the CDK asset bucket, read/write/delete on the console bucket's objects, and cloudfront:CreateInvalidation/GetInvalidation, which accept no resource narrower than the account",
      ),
    );
  }
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('the BucketDeployment singleton function was not found');
  acknowledge(
    handler,
    'AwsSolutions-L1',
    deployReason('its Python runtime is the one aws-cdk-lib builds its handler and AWS CLI layer for, and moves with aws-cdk-lib'),
  );
}
