/**
 * What the workflow's code receives (ports and adapters: it imports no AWS SDK). The Lambda
 * adapters in functions/ and the local platform build one of these; tests build theirs. Each use
 * case asks for the part it uses (`Uses<…>`).
 */
import type { Catalog } from '#domain/catalog/index.ts';
import type { Stores } from '#domain/ports/stores.ts';
import type { Clock } from '#domain/time/clock.ts';
import type { MachineName, WorkflowInput } from '#workflows/definitions.ts';

export interface WorkflowDeps extends Stores {
  clock: Clock;
  catalog: Catalog;
}

/** The part of Step Functions the API side uses (adapters/stepfunctions). */
export interface WorkflowEngine {
  /** Idempotent by name: the same name and input again is the same execution. */
  startExecution(machine: MachineName, name: string, input: WorkflowInput): Promise<void>;
  /** @throws TaskNotOpenError when the callback is no longer waiting (timed out, already answered). */
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void>;
  /** The executions that carried a dossier so far, in the chain's order, each with the states it entered (read only). */
  executionsOf(dossierId: string): Promise<ExecutionTrace[]>;
}

/** One execution of a dossier's chain as the engine ran it: the path the console draws on the machine's graph. */
export interface ExecutionTrace {
  machine: MachineName;
  name: string;
  generation: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startedAt: string;
  stoppedAt?: string;
  /** Every state entered, in order; one not exited yet is where a running execution stands. */
  states: { name: string; enteredAt: string; exitedAt?: string }[];
}

/** The workflow engine no longer waits on this token (AWS: TaskTimedOut, InvalidToken). */
export class TaskNotOpenError extends Error {
  override name = 'TaskNotOpenError';
}

export interface EngineDeps extends WorkflowDeps {
  engine: WorkflowEngine;
}

/** What the redelivery of decisions uses: no catalog (its function's bundle leaves the catalog out). */
export type RedeliveryDeps = Pick<EngineDeps, 'tasks' | 'engine' | 'clock'>;

/** The clock, the catalog and the named stores (and engine): what a use case uses. */
export type Uses<K extends keyof EngineDeps> = Pick<EngineDeps, K | 'clock' | 'catalog'>;
