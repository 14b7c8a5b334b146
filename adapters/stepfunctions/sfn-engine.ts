/**
 * The workflow engine port over Step Functions' API (adapters/aws/stepfunctions.ts): AWS Step
 * Functions, or the local runtime (infra/local/stepfunctions) — the same calls either way.
 */
import type { StepFunctions } from '../aws/stepfunctions.ts';
import { type ExecutionTrace, TaskNotOpenError, type WorkflowEngine } from '#domain/workflow/deps.ts';
import { executionName, MACHINES, type MachineName, type WorkflowInput } from '#workflows/definitions.ts';

/** A history event as GetExecutionHistory answers it (its timestamp in epoch seconds). */
export interface HistoryEvent {
  timestamp?: number;
  type?: string;
  stateEnteredEventDetails?: { name?: string };
  stateExitedEventDetails?: { name?: string };
}

const isoOf = (seconds: number | undefined) => new Date((seconds ?? 0) * 1000).toISOString();

/** `arn:aws:states:r:a:stateMachine:M` + `N` → `arn:aws:states:r:a:execution:M:N`. */
function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

const CLOSING: Record<string, ExecutionTrace['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/** The states an execution entered and left, from its history events (in order). */
export function traceOf(machine: MachineName, name: string, generation: number, events: HistoryEvent[]): ExecutionTrace {
  const states: ExecutionTrace['states'] = [];
  let status: ExecutionTrace['status'] = 'RUNNING';
  let stoppedAt: string | undefined;
  for (const event of events) {
    const at = isoOf(event.timestamp);
    const type = event.type ?? '';
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name) {
      states.push({ name: event.stateEnteredEventDetails.name, enteredAt: at });
    } else if (type.endsWith('StateExited') && event.stateExitedEventDetails?.name) {
      const open = states.findLast((s) => s.name === event.stateExitedEventDetails?.name && s.exitedAt === undefined);
      if (open) open.exitedAt = at;
    } else if (CLOSING[type]) {
      status = CLOSING[type];
      stoppedAt = at;
    }
  }
  const startedAt = isoOf(events[0]?.timestamp);
  return { machine, name, generation, status, startedAt, ...(stoppedAt ? { stoppedAt } : {}), states };
}

export class SfnEngine implements WorkflowEngine {
  readonly #client: StepFunctions;
  readonly #machines: Record<MachineName, string>;

  constructor(client: StepFunctions, stateMachineArns: Record<MachineName, string>) {
    this.#client = client;
    this.#machines = stateMachineArns;
  }

  async startExecution(machine: MachineName, name: string, input: WorkflowInput): Promise<void> {
    await this.#client.call('StartExecution', { stateMachineArn: this.#machines[machine], name, input: JSON.stringify(input) });
  }

  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.call('SendTaskSuccess', { taskToken, output: JSON.stringify(output) });
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TaskTimedOut' || name === 'InvalidToken' || name === 'TaskDoesNotExist')
        throw new TaskNotOpenError(`callback no longer waiting (${name})`);
      throw error;
    }
  }

  /**
   * The chain is found by its names (instruction-1, -2 … then execution-1 … then bilan-1 …): each
   * machine's generations are read until one does not exist, and a machine never started ends
   * the chain. A closed dossier: six history reads (three of them the misses); one in instruction: two.
   */
  async executionsOf(dossierId: string): Promise<ExecutionTrace[]> {
    const traces: ExecutionTrace[] = [];
    for (const machine of MACHINES) {
      for (let generation = 1; ; generation++) {
        const name = executionName(dossierId, machine, generation);
        const events = await this.#history(executionArnOf(this.#machines[machine], name));
        if (!events && generation === 1) return traces;
        if (!events) break;
        traces.push(traceOf(machine, name, generation, events));
      }
    }
    return traces;
  }

  /** Every history event of an execution (without its data), or undefined when it does not exist. */
  async #history(executionArn: string): Promise<HistoryEvent[] | undefined> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.#client.call<{ events?: HistoryEvent[]; nextToken?: string }>('GetExecutionHistory', {
          executionArn,
          maxResults: 1000,
          includeExecutionData: false,
          ...(nextToken ? { nextToken } : {}),
        });
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
    return events;
  }
}
