/**
 * The whole system on AWS, one stack per stage, assembled from its parts (constructs/):
 * monitoring (its key and alarm topic first: the SES feedback topic shares the key) → data (the
 * table) → email (SES) → functions → workflows (the state machines) → the console's site (S3 +
 * CloudFront) → API (Cognito + HTTP API; the console's client returns to the site) → the site's
 * API behaviour and files → scheduling (EventBridge Scheduler) → events (transitions on
 * EventBridge) → the alarms.
 * cdk-nag acknowledgements, each with its reason, are made at the end, all in suppressions.ts.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { MACHINES, type MachineName } from '#workflows/definitions.ts';
import type { StageConfig } from './config.ts';
import { Api, signInOriginOf } from './constructs/api.ts';
import { API_PATH_PREFIX, ConsoleSite } from './constructs/console-site.ts';
import { DataStore } from './constructs/data.ts';
import { Email } from './constructs/email.ts';
import { DossierEvents } from './constructs/events.ts';
import { Functions } from './constructs/functions.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Scheduling } from './constructs/scheduling.ts';
import { Workflows, machineArnOf } from './constructs/workflows.ts';
import { envelopeAliases } from './envelopes.ts';
import { acknowledgeFindings } from './suppressions.ts';

export interface InclusionStackProps extends StackProps {
  readonly config: StageConfig;
}

export class InclusionStack extends Stack {
  readonly config: StageConfig;
  readonly data: DataStore;
  readonly email: Email;
  readonly functions: Functions;
  readonly workflows: Workflows;
  readonly api: Api;
  readonly site: ConsoleSite;
  readonly scheduling: Scheduling;
  readonly events: DossierEvents;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: InclusionStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    this.tags.setTag('project', 'inclusion-aap-2026');
    this.tags.setTag('stage', config.stage);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      prefix: config.prefix,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    this.data = new DataStore(this, 'Data');
    this.email = new Email(this, 'Email', {
      prefix: config.prefix,
      senderAddress: config.senderAddress,
      ...(config.senderDomain ? { senderDomain: config.senderDomain } : {}),
      key: this.monitoring.key,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    const machineArns = Object.fromEntries(MACHINES.map((m) => [m, machineArnOf(this, config.prefix, m)])) as Record<MachineName, string>;
    this.functions = new Functions(this, 'Functions', {
      data: this.data,
      machineArns,
      email: {
        senderAddress: config.senderAddress,
        configurationSetName: this.email.configurationSet.configurationSetName,
        sendGrantResources: [this.email.identityArn, this.email.configurationSetArn],
      },
      logRetention: config.logRetention,
      alias: envelopeAliases(config.envelopesFile),
    });

    this.workflows = new Workflows(this, 'Workflows', {
      prefix: config.prefix,
      functions: {
        PlanStepFunctionArn: this.functions.workflow.PlanStepFunctionArn.function,
        CreateTaskFunctionArn: this.functions.workflow.CreateTaskFunctionArn.function,
        ApplyActionFunctionArn: this.functions.workflow.ApplyActionFunctionArn.function,
      },
      logRetention: config.logRetention,
    });

    this.site = new ConsoleSite(this, 'Console', {
      prefix: config.prefix,
      logRetention: config.logRetention,
      signInOrigin: signInOriginOf(this, config.signInDomainPrefix),
    });
    this.api = new Api(this, 'Api', {
      prefix: config.prefix,
      handlers: Object.fromEntries(Object.entries(this.functions.api).map(([group, fn]) => [group, fn.function])),
      logRetention: config.logRetention,
      signInDomainPrefix: config.signInDomainPrefix,
      consoleUrl: this.site.url,
    });
    this.site.publish({
      httpApi: this.api.httpApi,
      config: {
        apiBaseUrl: API_PATH_PREFIX,
        identite: 'jwt',
        connexion: {
          domaine: this.api.domain.baseUrl(),
          clientId: this.api.consoleClient.userPoolClientId,
          userPoolId: this.api.userPool.userPoolId,
          region: this.region,
        },
      },
    });
    this.scheduling = new Scheduling(this, 'Scheduling', {
      prefix: config.prefix,
      dailyEnforcement: this.functions.byName['daily-enforcement'],
      sendEmails: this.functions.byName['send-emails'],
      redeliverDecisions: this.functions.byName['redeliver-decisions'],
    });
    this.events = new DossierEvents(this, 'Events', { stage: config.stage, table: this.data.table, logRetention: config.logRetention });

    // Alarms.
    for (const machine of MACHINES) this.monitoring.watchStateMachine(machine, this.workflows.machines[machine]);
    for (const [name, fn] of Object.entries(this.functions.byName)) this.monitoring.watchFunction(name, fn.function);
    this.monitoring.watchFunction('publish-transitions', this.events.publisher.function);
    this.monitoring.watchDeadLetterQueue('scheduler-dlq', this.scheduling.schedulerDeadLetterQueue);
    this.monitoring.watchDeadLetterQueue('async-failures', this.scheduling.asyncFailureQueue);
    this.monitoring.watchDeadLetterQueue('transitions-dlq', this.events.deadLetterQueue);
    this.monitoring.watchMetric(
      'api-5xx',
      this.api.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'HTTP API: a 5xx answer (a fault, not a refusal)',
      1,
    );
    this.monitoring.watchMetric(
      'ses-bounce-rate',
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }),
      'SES: bounce rate at 5 % (AWS reviews the account from 10 %): check the addresses in the SES feedback topic',
      0.05,
    );
    this.monitoring.watchMetric(
      'ses-complaint-rate',
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      'SES: complaint rate at 0.1 % (AWS reviews the account from 0.5 %)',
      0.001,
    );

    new CfnOutput(this, 'ConsoleUrl', { value: this.site.url, description: 'The web console (and the API under /api)' });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    for (const machine of MACHINES)
      new CfnOutput(this, `${machine}StateMachineArn`, { value: this.workflows.machines[machine].stateMachineArn });
    new CfnOutput(this, 'EventBusName', {
      value: this.events.bus.eventBusName,
      description: 'Subscribe with a rule on detail-type DossierTransition',
    });
    new CfnOutput(this, 'SesConfigurationSet', { value: this.email.configurationSet.configurationSetName });
    new CfnOutput(this, 'SesFeedbackTopicArn', { value: this.email.feedbackTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });

    acknowledgeFindings(this);
  }
}
