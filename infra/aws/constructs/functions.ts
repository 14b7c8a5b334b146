/**
 * The app's Lambda functions (the events publisher lives with its bus, in events.ts) and the
 * permissions each one needs — read from the code it runs:
 *
 * | function | entry | called by | table | Step Functions | SES |
 * |---|---|---|---|---|---|
 * | plan-step | functions/workflow/plan-step.ts | the state machines (sync) | repository | — | — |
 * | create-task | functions/workflow/create-task.ts | the state machines (sync, callback) | repository | SendTaskSuccess on the execution machine (wakes its monitor when events wait: domain/workflow/execution-events.ts) | — |
 * | apply-action | functions/workflow/apply-action.ts | the state machines (sync) | repository | — | — |
 * | api | functions/api/http.ts | HTTP API (sync) | repository | StartExecution on instruction (submission); SendTaskSuccess/SendTaskFailure on the three machines (decisions) | — |
 * | send-emails | functions/outbox/send-emails.ts | EventBridge Scheduler, every 2 minutes (async) | repository | — | SendEmail with the sender identity and the configuration set |
 * | daily-enforcement | functions/sweep/daily-enforcement.ts | EventBridge Scheduler, 06:00 Europe/Paris (async) | repository | — | — |
 * | redeliver-decisions | functions/workflow/redeliver-decisions.ts | EventBridge Scheduler, every 2 minutes (async) | repository | SendTaskSuccess on the three machines (decisions recorded but not handed over: domain/workflow/decide.ts) | — |
 *
 * "repository" is what adapters/dynamodb issues: GetItem, BatchGetItem, PutItem, UpdateItem (also
 * inside TransactWriteItems) and Query on the table, Query on its four indexes. The machines chain themselves; only the API
 * starts executions (domain/workflow/submit.ts); callbacks are answered by the API (decisions),
 * create-task (waking the execution monitor) and redeliver-decisions.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WORKFLOW_FUNCTIONS, type MachineName } from '#workflows/definitions.ts';
import { AppFunction } from './app-function.ts';
import type { DataStore } from './data.ts';

export type WorkflowFunctionKey = keyof typeof WORKFLOW_FUNCTIONS;

export const FUNCTION_ENTRIES = {
  'plan-step': 'functions/workflow/plan-step.ts',
  'create-task': 'functions/workflow/create-task.ts',
  'apply-action': 'functions/workflow/apply-action.ts',
  api: 'functions/api/http.ts',
  'send-emails': 'functions/outbox/send-emails.ts',
  'daily-enforcement': 'functions/sweep/daily-enforcement.ts',
  'redeliver-decisions': 'functions/workflow/redeliver-decisions.ts',
} as const;
export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export interface FunctionsProps {
  readonly data: DataStore;
  /** The machines' ARNs, built from their fixed names (no reference to the machines: they reference these functions). */
  readonly machineArns: Record<MachineName, string>;
  readonly email: { readonly senderAddress: string; readonly configurationSetName: string; readonly sendGrantResources: string[] };
  readonly logRetention: logs.RetentionDays;
  readonly esbuildArgs: Record<string, string>;
}

/** Every execution of a state machine: `arn:…:stateMachine:<name>` → `arn:…:execution:<name>:*`. */
export const executionsOf = (machineArn: string): string => `${machineArn.replace(':stateMachine:', ':execution:')}:*`;

export class Functions extends Construct {
  readonly byName: Record<FunctionName, AppFunction>;
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
    const common = { logRetention: props.logRetention, esbuildArgs: props.esbuildArgs };
    const make = (
      name: FunctionName,
      description: string,
      extra: { timeout: Duration; memorySize?: number; environment?: Record<string, string> },
    ) =>
      new AppFunction(this, name, {
        ...common,
        entry: FUNCTION_ENTRIES[name],
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
    // Behind API Gateway (its integration times out at 30 s).
    const api = make('api', 'HTTP API: every route, one router', { timeout: Duration.seconds(25), memorySize: 512 });
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
      api,
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

    api.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SubmitStartsInstruction',
        actions: ['states:StartExecution'],
        resources: [props.machineArns.instruction],
      }),
    );
    api.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DecisionsAnswerCallbacks',
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: Object.values(props.machineArns),
      }),
    );
    api.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadDossierJourneys',
        actions: ['states:GetExecutionHistory'],
        // A dossier's executions are named after it: every execution of the three machines (GET /dossiers/{id}/parcours).
        resources: Object.values(props.machineArns).map(executionsOf),
      }),
    );
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
