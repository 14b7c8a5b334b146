/**
 * cdk-nag's AwsSolutions pack runs at every synthesis of the app (cdk-nag 3: a policy
 * validation plugin; a finding left makes `app.synth()` throw). Here: no finding is left, every
 * acknowledgement carries a reason and is still needed, and the list of acknowledgements is
 * the reviewed one.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAG_NAMESPACE, acknowledgementsOf } from '#infra/aws/nag.ts';
import { synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
}, 120_000);
afterAll(() => s?.cleanup());

/** aws-cdk-lib's BucketDeployment singleton (console files and config.json at deploy time), 256 MiB. */
const DEPLOYMENT_FUNCTION = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB';
const DEPLOYMENT_ROLE = `${DEPLOYMENT_FUNCTION}/ServiceRole`;

/** The acknowledged findings, by rule, with the construct paths (under the stack) they are made on. */
const REVIEWED: Record<string, string[]> = {
  'AwsSolutions-IAM5[Resource::*]': [
    'Workflows/instruction/Role',
    'Workflows/execution/Role',
    'Workflows/bilan/Role',
    'Events/publish-transitions/Role',
    DEPLOYMENT_ROLE,
  ],
  ...Object.fromEntries(
    ['instruction', 'execution', 'bilan'].map((m) => [
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:inclusion-aap-dev-${m}:*]`,
      ['Functions/api-dossiers/Role'],
    ]),
  ),
  'AwsSolutions-COG8': ['Api/Users'],
  'AwsSolutions-CFR1': ['Console/Distribution'],
  'AwsSolutions-CFR2': ['Console/Distribution'],
  'AwsSolutions-CFR4': ['Console/Distribution'],
  'AwsSolutions-APIG4': ['Api/HttpApi/GET--referentiel', 'Api/HttpApi/POST--demandes-de-compte'],
  'AwsSolutions-L1': [DEPLOYMENT_FUNCTION],
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': [DEPLOYMENT_ROLE],
  ...Object.fromEntries(
    [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      'Resource::<ConsoleFiles2D43986C.Arn>/*',
    ].map((finding) => [`AwsSolutions-IAM5[${finding}]`, [DEPLOYMENT_ROLE]]),
  ),
  'AwsSolutions-SQS3': ['Scheduling/SchedulerDeadLetterQueue', 'Scheduling/AsyncFailureQueue', 'Events/DeadLetterQueue'],
  'AwsSolutions-IAM5[Resource::<FunctionsdailyenforcementFunction6A64AE19.Arn>:*]': ['Scheduling/DailyEnforcementRole'],
  'AwsSolutions-IAM5[Resource::<FunctionssendemailsFunction5D754ACA.Arn>:*]': ['Scheduling/OutboxRole'],
  'AwsSolutions-IAM5[Resource::<FunctionsredeliverdecisionsFunctionAD57D241.Arn>:*]': ['Scheduling/RedeliverDecisionsRole'],
};

describe('cdk-nag AwsSolutions', () => {
  it('ran on the app and left no unacknowledged finding', () => {
    const report = s.validationReport.pluginReports.find((r) => r.pluginName === NAG_NAMESPACE);
    expect(report, 'the AwsSolutions plugin report').toBeDefined();
    expect(report!.conclusion).toBe('success');
    expect(
      report!.violations.map((v) => `${v.severity} ${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    ).toEqual([]);
    // The pack did look: it found (and we acknowledged) findings.
    expect(report!.suppressedViolations?.length ?? 0).toBeGreaterThan(0);
  });

  it('leaves no error annotation on the stack (nag findings included, were they reported as annotations)', () => {
    const annotations = Annotations.fromStack(s.stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges only the reviewed findings, each with a written reason, each still matching a finding', () => {
    const made = acknowledgementsOf(s.app);
    const stackPath = `${s.stack.node.path}/`;
    const byRule: Record<string, string[]> = {};
    for (const a of made) {
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThan(60);
      (byRule[a.id] ??= []).push(a.path.slice(stackPath.length));
    }
    expect(Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, v.sort()]))).toEqual(
      Object.fromEntries(Object.entries(REVIEWED).map(([k, v]) => [k, [...v].sort()])),
    );

    const suppressed = s.validationReport.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    for (const a of made) {
      const used = suppressed.some((v) => v.acknowledgedId === `${NAG_NAMESPACE}::${a.id}` && v.acknowledgedAt === a.path);
      expect(used, `${a.id} at ${a.path} suppresses a finding`).toBe(true);
    }
    for (const v of suppressed) expect(v.reason, v.ruleName).toBeTruthy();
  });
});
