/**
 * One definition, two runtimes: the state machines in the synthesized template are the very
 * files of workflows/ — the text the local runtime executes after `substitute()` — and their
 * DefinitionSubstitutions fill every placeholder with the right function or machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAINED_MACHINES,
  MACHINES,
  SUBSTITUTION_KEYS,
  WORKFLOW_FUNCTIONS,
  definitionOf,
  definitionTextOf,
  placeholdersOf,
  substitute,
  type AslDefinition,
  type AslState,
  type MachineName,
  type SubstitutionKey,
  type Substitutions,
} from '#workflows/definitions.ts';
import { LAMBDA_INVOKE, LAMBDA_INVOKE_CALLBACK, START_EXECUTION, allStates, callsOf } from '#infra/aws/constructs/workflows.ts';
import { actionsOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthesize, type CfnResource, type Synthesized } from './synth.ts';

/** The transient Lambda errors AWS recommends retrying (issue 5). */
const RECOMMENDED_LAMBDA_RETRY = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
}, 120_000);
afterAll(() => s?.cleanup());

function machineResource(machine: MachineName): [string, CfnResource] {
  const found = resourcesOf(s.json, 'AWS::StepFunctions::StateMachine').filter(
    ([, r]) => r.Properties?.StateMachineName === `inclusion-aap-dev-${machine}`,
  );
  expect(found, machine).toHaveLength(1);
  return found[0]!;
}

/**
 * What a substitution value in the template designates, in words: `function:<name>` for a
 * function's ARN (by the logical id of the function built for that name), `machine:<name>` for a
 * machine's ARN, whether by reference or built from its fixed name.
 */
function designation(value: unknown): string {
  const functionIds = new Map(Object.entries(s.stack.functions.byName).map(([name, f]) => [s.logicalId(f.function), name]));
  const machineIds = new Map(MACHINES.map((m) => [s.logicalId(s.stack.workflows.machines[m]), m]));
  const v = value as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  if (v['Fn::GetAtt'] && v['Fn::GetAtt'][1] === 'Arn' && functionIds.has(v['Fn::GetAtt'][0]))
    return `function:${functionIds.get(v['Fn::GetAtt'][0])}`;
  if (v.Ref && machineIds.has(v.Ref)) return `machine:${machineIds.get(v.Ref)}`;
  const named = JSON.stringify(value).match(/":stateMachine:inclusion-aap-dev-([a-z]+)"/);
  if (named && MACHINES.includes(named[1] as MachineName) && JSON.stringify(value).includes('"Ref":"AWS::AccountId"'))
    return `machine:${named[1]}`;
  throw new Error(`substitution value designates nothing known: ${JSON.stringify(value)}`);
}

/** What each key must designate, from definitions.ts's own maps. */
const expectedDesignations: Substitutions = Object.fromEntries(
  SUBSTITUTION_KEYS.map((key: SubstitutionKey) => [
    key,
    key in WORKFLOW_FUNCTIONS
      ? `function:${WORKFLOW_FUNCTIONS[key as keyof typeof WORKFLOW_FUNCTIONS]}`
      : `machine:${CHAINED_MACHINES[key as keyof typeof CHAINED_MACHINES]}`,
  ]),
) as Substitutions;

describe.each(MACHINES)('the %s state machine in the template', (machine) => {
  it('deploys the very file: DefinitionString is definitionTextOf(machine), placeholders left for DefinitionSubstitutions', () => {
    const [, resource] = machineResource(machine);
    expect(typeof resource.Properties?.DefinitionString).toBe('string');
    expect(resource.Properties?.DefinitionString).toBe(definitionTextOf(machine));
    expect(JSON.parse(String(resource.Properties?.DefinitionString))).toEqual(definitionOf(machine));
  });

  it('fills every SUBSTITUTION_KEYS entry, each with the function or machine definitions.ts says', () => {
    const [, resource] = machineResource(machine);
    const substitutions = resource.Properties?.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual([...SUBSTITUTION_KEYS].sort());
    for (const key of placeholdersOf(machine)) expect(Object.keys(substitutions)).toContain(key);
    const designations = Object.fromEntries(Object.entries(substitutions).map(([k, v]) => [k, designation(v)]));
    expect(designations).toEqual(expectedDesignations);
  });

  it('once its substitutions are resolved, is the definition the local runtime runs (substitute())', () => {
    const [, resource] = machineResource(machine);
    const substitutions = resource.Properties?.DefinitionSubstitutions as Record<string, unknown>;
    // Step Functions' substitution, done here on the template with each value's designation.
    const deployed = String(resource.Properties?.DefinitionString).replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, key: string) =>
      designation(substitutions[key]),
    );
    expect(JSON.parse(deployed) as AslDefinition).toEqual(substitute(machine, expectedDesignations));
  });

  it('is a Standard machine with logging ALL (no execution data), tracing, and its own log group', () => {
    const [, resource] = machineResource(machine);
    expect(resource.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [
          { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [s.logicalId(s.stack.workflows.logGroups[machine]), 'Arn'] } } },
        ],
      },
    });
  });

  it('keeps, in the deployed text, the recommended Retry on every Lambda task and a timeout on every callback task', () => {
    const [, resource] = machineResource(machine);
    const states = allStates((JSON.parse(String(resource.Properties?.DefinitionString)) as AslDefinition).States);
    const lambdaTasks = states.filter(([, st]) => st.Resource === LAMBDA_INVOKE || st.Resource === LAMBDA_INVOKE_CALLBACK);
    expect(lambdaTasks.length).toBeGreaterThan(0);
    for (const [name, st] of lambdaTasks) {
      const retried = ((st.Retry as { ErrorEquals: string[] }[] | undefined) ?? []).flatMap((r) => r.ErrorEquals);
      expect(retried, `${machine}.${name}`).toEqual(expect.arrayContaining(RECOMMENDED_LAMBDA_RETRY));
    }
    for (const [name, st] of states.filter(([, st]) => st.Resource === LAMBDA_INVOKE_CALLBACK)) {
      expect(st.TimeoutSecondsPath ?? st.TimeoutSeconds, `${machine}.${name}`).toBeDefined();
    }
    // Only the resources the IAM of workflows.ts knows how to grant (no .sync integration).
    for (const [name, st] of states.filter(([, st]) => st.Type === 'Task')) {
      expect([LAMBDA_INVOKE, LAMBDA_INVOKE_CALLBACK, START_EXECUTION], `${machine}.${name}`).toContain(st.Resource);
    }
  });

  it('grants its role exactly what its tasks call: the functions it invokes, the machines it starts (itself for the hand-over)', () => {
    const [, resource] = machineResource(machine);
    const role = (resource.Properties!.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = statementsOfRole(s.json, role);
    const calls = callsOf(machine);

    const invoke = statements.filter((st) => actionsOf(st).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(actionsOf(invoke[0]!)).toEqual(['lambda:InvokeFunction']);
    expect(resourcesOfStatement(invoke[0]!).map(designation).sort()).toEqual(
      calls.functions.map((k) => `function:${WORKFLOW_FUNCTIONS[k]}`).sort(),
    );

    const start = statements.filter((st) => actionsOf(st).includes('states:StartExecution'));
    expect(start).toHaveLength(1);
    expect(actionsOf(start[0]!)).toEqual(['states:StartExecution']);
    expect(resourcesOfStatement(start[0]!).map(designation).sort()).toEqual(calls.starts.map((m) => `machine:${m}`).sort());
    expect(calls.starts).toContain(machine);

    // Nothing else but the logging and tracing statements Step Functions requires.
    const others = statements.flatMap(actionsOf).filter((a) => a !== 'lambda:InvokeFunction' && a !== 'states:StartExecution');
    for (const action of others) expect(action).toMatch(/^(logs|xray):/);
  });
});

describe('the chain of machines', () => {
  it('instruction starts execution, execution starts bilan, and every machine hands over to itself', () => {
    expect(callsOf('instruction').starts.sort()).toEqual(['execution', 'instruction']);
    expect(callsOf('execution').starts.sort()).toEqual(['bilan', 'execution']);
    expect(callsOf('bilan').starts).toEqual(['bilan']);
  });

  it('finds nested states too (Parallel branches, Map processors)', () => {
    const nested: Record<string, AslState> = {
      P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], End: true },
      M: { Type: 'Map', ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }, End: true },
    };
    expect(allStates(nested).map(([name]) => name)).toEqual(['P', 'A', 'M', 'B']);
  });
});
