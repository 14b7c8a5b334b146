/**
 * The app's Lambda functions (the events publisher lives with its bus, in events.ts) and the
 * permissions each one needs — read from the code it runs:
 *
 * | function | entry | called by | table | Step Functions | SES |
 * |---|---|---|---|---|---|
 * | plan-step | functions/workflow/plan-step.ts | the state machines (sync) | repository | — | — |
 * | create-task | functions/workflow/create-task.ts | the state machines (sync, callback) | repository | SendTaskSuccess on the execution machine (wakes its monitor when events wait: domain/workflow/execution-events.ts) | — |
 * | apply-action | functions/workflow/apply-action.ts | the state machines (sync) | repository | — | — |
 * | api-dossiers | functions/api/http-dossiers.ts | HTTP API (sync) | repository | StartExecution on instruction (submission); GetExecutionHistory on the three machines' executions (a dossier's path) | — |
 * | api-tasks | functions/api/http-tasks.ts | HTTP API (sync) | repository | SendTaskSuccess on the three machines (decisions; the porteur's reports that wake a waiting step) | — |
 * | api-discretion | functions/api/http-discretion.ts | HTTP API (sync) | repository | SendTaskSuccess on the three machines (a suspension decided releases a held balance's step) | — |
 * | api-commission | functions/api/http-commission.ts | HTTP API (sync) | repository | SendTaskSuccess on the three machines (the CP's decisions) | — |
 * | api-campaign | functions/api/http-campaign.ts | HTTP API (sync) | repository | — | — |
 * | api-accounts | functions/api/http-accounts.ts | HTTP API (sync) | repository (and Cognito: infra/aws/constructs/api.ts) | — | — |
 * | send-emails | functions/outbox/send-emails.ts | EventBridge Scheduler, every 2 minutes (async) | repository | — | SendEmail with the sender identity and the configuration set |
 * | daily-enforcement | functions/sweep/daily-enforcement.ts | EventBridge Scheduler, 06:00 Europe/Paris (async) | repository | — | — |
 * | redeliver-decisions | functions/workflow/redeliver-decisions.ts | EventBridge Scheduler, every 2 minutes (async) | repository | SendTaskSuccess on the three machines (decisions recorded but not handed over: domain/workflow/decide.ts) | — |
 *
 * "repository" is what adapters/dynamodb issues: GetItem, BatchGetItem, PutItem, UpdateItem (also
 * inside TransactWriteItems) and Query on the table, Query on its four indexes. The machines chain themselves; only the API
 * starts executions (domain/workflow/submit.ts); callbacks are answered by the API (decisions),
 * create-task (waking the execution monitor) and redeliver-decisions. The API's functions, one per
 * group of routes, and their Step Functions permissions follow from the groups' declarations
 * (functions/api/groups/: `engine`, the engine's calls their routes make; ENGINE_GRANTS here).
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiGroup, EngineCall } from '#functions/api/group.ts';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import { WORKFLOW_FUNCTIONS, type MachineName } from '#workflows/definitions.ts';
import { AppFunction } from './app-function.ts';
import type { DataStore } from './data.ts';

export type WorkflowFunctionKey = keyof typeof WORKFLOW_FUNCTIONS;

/** The function serving a group of the API's routes, and its entry. */
export type ApiFunctionName = `api-${string}`;
export const apiFunctionName = (group: ApiGroup): ApiFunctionName => `api-${group.name}`;
export const apiEntryOf = (group: ApiGroup): string => `functions/api/http-${group.name}.ts`;

const WORKER_ENTRIES = {
  'plan-step': 'functions/workflow/plan-step.ts',
  'create-task': 'functions/workflow/create-task.ts',
  'apply-action': 'functions/workflow/apply-action.ts',
  'send-emails': 'functions/outbox/send-emails.ts',
  'daily-enforcement': 'functions/sweep/daily-enforcement.ts',
  'redeliver-decisions': 'functions/workflow/redeliver-decisions.ts',
} as const;
export type FunctionName = keyof typeof WORKER_ENTRIES | ApiFunctionName;

/** Every function's entry (bench/packages.ts bundles each). */
export const FUNCTION_ENTRIES: Readonly<Record<FunctionName, string>> = {
  ...WORKER_ENTRIES,
  ...Object.fromEntries(API_GROUPS.map((group) => [apiFunctionName(group), apiEntryOf(group)])),
};

export interface FunctionsProps {
  readonly data: DataStore;
  /** The machines' ARNs, built from their fixed names (no reference to the machines: they reference these functions). */
  readonly machineArns: Record<MachineName, string>;
  readonly email: { readonly senderAddress: string; readonly configurationSetName: string; readonly sendGrantResources: string[] };
  readonly logRetention: logs.RetentionDays;
  /** Import specifiers bundled from another file (the stage's envelope data: infra/aws/envelopes.ts). */
  readonly alias: Record<string, string>;
}

/** Every execution of a state machine: `arn:…:stateMachine:<name>` → `arn:…:execution:<name>:*`. */
export const executionsOf = (machineArn: string): string => `${machineArn.replace(':stateMachine:', ':execution:')}:*`;

/** The Step Functions permission each call of the engine needs (adapters/stepfunctions/sfn-engine.ts). */
const ENGINE_GRANTS: Record<EngineCall, (arns: Record<MachineName, string>) => iam.PolicyStatementProps> = {
  startExecution: (arns) => ({ sid: 'SubmitStartsInstruction', actions: ['states:StartExecution'], resources: [arns.instruction] }),
  sendTaskSuccess: (arns) => ({ sid: 'DecisionsAnswerCallbacks', actions: ['states:SendTaskSuccess'], resources: Object.values(arns) }),
  // A dossier's executions are named after it: every execution of the three machines (GET /dossiers/{id}/parcours).
  executionsOf: (arns) => ({
    sid: 'ReadDossierJourneys',
    actions: ['states:GetExecutionHistory'],
    resources: Object.values(arns).map(executionsOf),
  }),
};

export class Functions extends Construct {
  readonly byName: Record<FunctionName, AppFunction>;
  /** The API's functions, by group name (functions/api/groups/). */
  readonly api: Record<string, AppFunction>;
  /** The functions the definitions call, by the substitution key carrying their ARN. */
  readonly workflow: Record<WorkflowFunctionKey, AppFunction>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const base = {
      TABLE_NAME: props.data.table.tableName,
      INSTRUCTION_STATE_MACHINE_ARN: props.machineArns.instruction,
      EXECUTION_STATE_MACHINE_ARN: props.machineArns.execution,
      BILAN_STATE_MACHINE_ARN: props.machineArns.bilan,
    };
    const common = { logRetention: props.logRetention, alias: props.alias };
    const make = (
      name: FunctionName,
      description: string,
      extra: { timeout: Duration; memorySize?: number; environment?: Record<string, string> },
    ) =>
      new AppFunction(this, name, {
        ...common,
        entry: FUNCTION_ENTRIES[name]!,
        description,
        timeout: extra.timeout,
        ...(extra.memorySize !== undefined ? { memorySize: extra.memorySize } : {}),
        environment: extra.environment ?? base,
      });

    // Called synchronously by the state machines (their task TimeoutSeconds is 60).
    const planStep = make('plan-step', 'Workflow: plans a human step (deadline, callback timeout, hand-over)', {
      timeout: Duration.seconds(30),
      memorySize: 512,
    });
    const createTask = make('create-task', 'Workflow: stores the callback token with a task and notifies the assignee', {
      timeout: Duration.seconds(30),
      memorySize: 512,
    });
    const applyAction = make('apply-action', 'Workflow: applies a workflow action to the dossier', {
      timeout: Duration.seconds(30),
      memorySize: 512,
    });
    // Behind API Gateway (its integration times out at 30 s): one function per group of routes; the
    // state machines' ARNs only for the groups that call the engine.
    this.api = Object.fromEntries(
      API_GROUPS.map((group) => [
        group.name,
        make(apiFunctionName(group), group.description, {
          timeout: Duration.seconds(25),
          memorySize: 512,
          ...(group.engine.length === 0 ? { environment: { TABLE_NAME: base.TABLE_NAME } } : {}),
        }),
      ]),
    );
    const sendEmails = make('send-emails', 'Outbox: sends the pending emails through SES (every 2 minutes)', {
      timeout: Duration.seconds(90),
      // What functions/outbox/config.ts reads: no state machine.
      environment: {
        TABLE_NAME: base.TABLE_NAME,
        EMAIL_SENDER: props.email.senderAddress,
        SES_CONFIGURATION_SET: props.email.configurationSetName,
      },
    });
    const dailyEnforcement = make(
      'daily-enforcement',
      'Daily enforcement: reminders, escalations, suspensions, reimbursements (06:00 Europe/Paris)',
      {
        timeout: Duration.minutes(10),
        memorySize: 512,
      },
    );

    const redeliverDecisions = make(
      'redeliver-decisions',
      'Workflow: hands over the decisions recorded but not yet given to their execution (every 2 minutes)',
      {
        timeout: Duration.seconds(90),
      },
    );

    this.byName = {
      'plan-step': planStep,
      'create-task': createTask,
      'apply-action': applyAction,
      ...Object.fromEntries(API_GROUPS.map((group) => [apiFunctionName(group), this.api[group.name]!])),
      'send-emails': sendEmails,
      'daily-enforcement': dailyEnforcement,
      'redeliver-decisions': redeliverDecisions,
    };
    this.workflow = { PlanStepFunctionArn: planStep, CreateTaskFunctionArn: createTask, ApplyActionFunctionArn: applyAction };
    for (const [key, name] of Object.entries(WORKFLOW_FUNCTIONS)) {
      if (this.workflow[key as WorkflowFunctionKey] !== this.byName[name])
        throw new Error(`WORKFLOW_FUNCTIONS.${key} is ${name}: wiring mismatch`);
    }

    for (const fn of Object.values(this.byName)) props.data.grantRepositoryAccess(fn.role);

    for (const group of API_GROUPS) {
      for (const call of group.engine)
        this.api[group.name]!.role.addToPolicy(new iam.PolicyStatement(ENGINE_GRANTS[call](props.machineArns)));
    }
    createTask.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WakeExecutionMonitor',
        actions: ['states:SendTaskSuccess'],
        resources: [props.machineArns.execution],
      }),
    );
    redeliverDecisions.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RedeliverDecisions',
        actions: ['states:SendTaskSuccess'],
        resources: Object.values(props.machineArns),
      }),
    );
    sendEmails.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendThroughConfigurationSet',
        actions: ['ses:SendEmail'],
        resources: props.email.sendGrantResources,
      }),
    );
  }
}
