/**
 * The three machines as written (workflows/<machine>.ts) and their human steps: what
 * `npm run workflows` turns into workflows/<machine>.asl.json, and what the domain reads of each
 * step (its decisions and their details, its timeout's meaning).
 */
import { machine, stepsOf, type AslDefinition, type HumanStep, type MachineName, type MachineSpec } from './asl.ts';
import { BILAN } from './bilan.ts';
import { EXECUTION } from './execution.ts';
import { INSTRUCTION } from './instruction.ts';

const SPECS = { instruction: INSTRUCTION, execution: EXECUTION, bilan: BILAN } satisfies Record<MachineName, MachineSpec>;

/** A human step of any machine, with its literal id and decisions (the decisions' details are typed by them). */
export type AnyHumanStep = Extract<(typeof SPECS)[MachineName]['states'][number], HumanStep>;
export type StepId = AnyHumanStep['id'];

/** Every human step, with the machine it belongs to. */
export const HUMAN_STEPS: readonly (AnyHumanStep & { machine: MachineName })[] = (Object.keys(SPECS) as MachineName[]).flatMap((name) =>
  stepsOf(SPECS[name]).map((step) => ({ ...(step as AnyHumanStep), machine: name })),
);
for (const [i, step] of HUMAN_STEPS.entries()) {
  if (HUMAN_STEPS.findIndex((s) => s.id === step.id) !== i) throw new Error(`two human steps named ${step.id}`);
}

/** The machine's definition, built from its typed steps (what workflows/<machine>.asl.json holds). */
export function buildDefinition(name: MachineName): AslDefinition {
  return machine(name, SPECS[name]);
}
