/**
 * The state machines of a dossier's life, one ASL file each (JSONPath query language), written
 * by `npm run workflows` from the typed steps of workflows/<machine>.ts (see workflows/README.md).
 * CDK deploys these very files (with DefinitionSubstitutions) and the local runtime executes
 * them after `substitute()`: one definition, two runtimes.
 *
 * A dossier is carried by a chain of executions — instruction → execution → bilan — each
 * starting the next with the dossier id in its name. Inside a phase, an execution that nears
 * the one-year limit of Standard workflows hands over to a new execution of the same machine
 * (generation + 1) resuming at the same step: see `PrepareHandOver` in each file.
 */
import instruction from './instruction.asl.json' with { type: 'json' };
import execution from './execution.asl.json' with { type: 'json' };
import bilan from './bilan.asl.json' with { type: 'json' };
import type { AslDefinition, MachineName } from './asl.ts';

export { executionName, MACHINES, type AslDefinition, type AslState, type MachineName } from './asl.ts';

/** Keys of the `${…}` placeholders in the definitions: what CDK and the local platform must fill. */
export const SUBSTITUTION_KEYS = [
  'PlanStepFunctionArn',
  'CreateTaskFunctionArn',
  'ApplyActionFunctionArn',
  'ExecutionStateMachineArn',
  'BilanStateMachineArn',
] as const;
export type SubstitutionKey = (typeof SUBSTITUTION_KEYS)[number];
export type Substitutions = Record<SubstitutionKey, string>;

/** The Lambda functions the workflows call, by the substitution key that carries their ARN. */
export const WORKFLOW_FUNCTIONS = {
  PlanStepFunctionArn: 'plan-step',
  CreateTaskFunctionArn: 'create-task',
  ApplyActionFunctionArn: 'apply-action',
} as const satisfies Partial<Record<SubstitutionKey, string>>;

/** Which machine's ARN each chaining substitution carries. */
export const CHAINED_MACHINES = {
  ExecutionStateMachineArn: 'execution',
  BilanStateMachineArn: 'bilan',
} as const satisfies Partial<Record<SubstitutionKey, MachineName>>;

const DEFINITIONS: Record<MachineName, AslDefinition> = { instruction, execution, bilan };

/** The definition as written in its file (placeholders left in). */
export function definitionOf(machine: MachineName): AslDefinition {
  return structuredClone(DEFINITIONS[machine]);
}

/** The definition's text exactly as CDK receives it (its DefinitionString before substitution). */
export function definitionTextOf(machine: MachineName): string {
  return JSON.stringify(DEFINITIONS[machine]);
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Every `${…}` key used in a definition. */
export function placeholdersOf(machine: MachineName): string[] {
  return [...new Set([...definitionTextOf(machine).matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();
}

/** Fills the placeholders as Step Functions' DefinitionSubstitutions does; a missing value is an error. */
export function substitute(machine: MachineName, substitutions: Substitutions): AslDefinition {
  const text = definitionTextOf(machine).replace(PLACEHOLDER, (_, key: string) => {
    const value = (substitutions as Record<string, string | undefined>)[key];
    if (value === undefined) throw new Error(`no substitution for \${${key}} in the ${machine} definition`);
    return value;
  });
  return JSON.parse(text) as AslDefinition;
}

/** The input every execution starts with: ids only, never personal data (history is kept and logged). */
export interface WorkflowInput {
  dossierId: string;
  generation: number;
  resumeAt?: string;
}
