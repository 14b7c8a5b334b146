/**
 * The three state machines, built from the very files of `workflows/` — the text
 * `definitionTextOf(machine)` that the local runtime executes after `substitute()` — with
 * Step Functions' DefinitionSubstitutions for every `SUBSTITUTION_KEYS` entry: the workflow
 * functions' ARNs and the chained machines' ARNs.
 *
 * Names are fixed (`<prefix>-<machine>`), so a machine's ARN is known without a reference to
 * the machine: each machine starts a new execution of itself when it hands over before the
 * one-year limit (`StateMachineArn.$: $$.StateMachine.Id`), and its role must allow that
 * without a circular reference; the functions' environment names the machines the same way
 * (the machines reference the functions).
 *
 * IAM is derived from the definition: lambda:InvokeFunction on the functions its Lambda tasks
 * name, states:StartExecution on the machines its startExecution tasks name (itself for the
 * hand-over). A task resource this construct does not know how to grant stops the synthesis.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  CHAINED_MACHINES,
  MACHINES,
  SUBSTITUTION_KEYS,
  WORKFLOW_FUNCTIONS,
  definitionOf,
  definitionTextOf,
  type AslState,
  type MachineName,
  type SubstitutionKey,
} from '#workflows/definitions.ts';
import type { WorkflowFunctionKey } from './functions.ts';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
export const START_EXECUTION = 'arn:aws:states:::states:startExecution';

type ChainedKey = keyof typeof CHAINED_MACHINES;
const isWorkflowFunctionKey = (key: string): key is WorkflowFunctionKey => key in WORKFLOW_FUNCTIONS;
const isChainedKey = (key: string): key is ChainedKey => key in CHAINED_MACHINES;
const PLACEHOLDER = /^\$\{([A-Za-z0-9_]+)\}$/;

/** Every state of a definition, nested ones (Parallel branches, Map processors) included. */
export function allStates(states: Record<string, AslState>): [string, AslState][] {
  const out: [string, AslState][] = [];
  for (const [name, state] of Object.entries(states)) {
    out.push([name, state]);
    for (const branch of (state.Branches as { States: Record<string, AslState> }[] | undefined) ?? [])
      out.push(...allStates(branch.States));
    for (const field of ['Iterator', 'ItemProcessor'] as const) {
      const inner = state[field] as { States: Record<string, AslState> } | undefined;
      if (inner) out.push(...allStates(inner.States));
    }
  }
  return out;
}

/** What a machine's tasks call: the workflow functions (by substitution key) and the machines it starts. */
export function callsOf(machine: MachineName): { functions: WorkflowFunctionKey[]; starts: MachineName[] } {
  const functions = new Set<WorkflowFunctionKey>();
  const starts = new Set<MachineName>();
  for (const [name, state] of allStates(definitionOf(machine).States)) {
    if (state.Type !== 'Task') continue;
    const params = state.Parameters ?? {};
    if (state.Resource === LAMBDA_INVOKE || state.Resource === LAMBDA_INVOKE_CALLBACK) {
      const key = PLACEHOLDER.exec(String(params.FunctionName ?? ''))?.[1];
      if (key === undefined || !isWorkflowFunctionKey(key))
        throw new Error(
          `${machine}.${name}: FunctionName must be a workflow function placeholder, got ${JSON.stringify(params.FunctionName)}`,
        );
      functions.add(key);
    } else if (state.Resource === START_EXECUTION) {
      if (params['StateMachineArn.$'] === '$$.StateMachine.Id') {
        starts.add(machine);
      } else {
        const key = PLACEHOLDER.exec(String(params.StateMachineArn ?? ''))?.[1];
        if (key === undefined || !isChainedKey(key))
          throw new Error(`${machine}.${name}: StateMachineArn must be a chained machine placeholder or $$.StateMachine.Id`);
        starts.add(CHAINED_MACHINES[key]);
      }
    } else {
      throw new Error(`${machine}.${name}: no IAM grant known for task resource ${state.Resource}`);
    }
  }
  return { functions: [...functions], starts: [...starts] };
}

export function machineNameOf(prefix: string, machine: MachineName): string {
  return `${prefix}-${machine}`;
}

/** A machine's ARN from its fixed name: no reference to the machine itself. */
export function machineArnOf(scope: Construct, prefix: string, machine: MachineName): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: machineNameOf(prefix, machine),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface WorkflowsProps {
  readonly prefix: string;
  readonly functions: Record<WorkflowFunctionKey, lambda.IFunction>;
  readonly logRetention: logs.RetentionDays;
}

export class Workflows extends Construct {
  readonly machines: Record<MachineName, sfn.StateMachine>;
  readonly logGroups: Record<MachineName, logs.LogGroup>;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const machines: Partial<Record<MachineName, sfn.StateMachine>> = {};
    const logGroups: Partial<Record<MachineName, logs.LogGroup>> = {};

    // Built last-in-chain first, so that a machine refers to the machine it starts by reference
    // (Ref) when that machine already exists; to itself by its name-built ARN.
    for (const machine of [...MACHINES].reverse()) {
      const substitutions = Object.fromEntries(
        SUBSTITUTION_KEYS.map((key: SubstitutionKey) => {
          if (isWorkflowFunctionKey(key)) return [key, props.functions[key].functionArn];
          const target = CHAINED_MACHINES[key];
          return [key, machines[target]?.stateMachineArn ?? machineArnOf(this, props.prefix, target)];
        }),
      ) as Record<SubstitutionKey, string>;

      const logGroup = new logs.LogGroup(this, `${machine}Logs`, {
        // The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy small (AWS's advice for Step Functions).
        logGroupName: `/aws/vendedlogs/states/${machineNameOf(props.prefix, machine)}`,
        retention: props.logRetention,
      });
      const stateMachine = new sfn.StateMachine(this, machine, {
        stateMachineName: machineNameOf(props.prefix, machine),
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromString(definitionTextOf(machine)),
        definitionSubstitutions: substitutions,
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
      });

      const calls = callsOf(machine);
      stateMachine.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'InvokeWorkflowFunctions',
          actions: ['lambda:InvokeFunction'],
          resources: calls.functions.map((key) => props.functions[key].functionArn),
        }),
      );
      if (calls.starts.length > 0) {
        stateMachine.addToRolePolicy(
          new iam.PolicyStatement({
            sid: 'StartChainedExecutions',
            actions: ['states:StartExecution'],
            resources: calls.starts.map((target) => machineArnOf(this, props.prefix, target)),
          }),
        );
      }
      machines[machine] = stateMachine;
      logGroups[machine] = logGroup;
    }
    this.machines = machines as Record<MachineName, sfn.StateMachine>;
    this.logGroups = logGroups as Record<MachineName, logs.LogGroup>;
  }
}
