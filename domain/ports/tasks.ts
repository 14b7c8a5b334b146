/** Reading tasks, and the queue of decisions whose hand-over to their execution is not confirmed yet. */
import type { Dossier, Task, TaskWithToken } from './records.ts';

/** A decision whose hand-over is not confirmed: what hands it over again. */
export interface UnconfirmedDecision {
  taskId: string;
  dossierId: string;
  decision: string;
  decidedAt: string;
  taskToken: string;
}

export interface TaskStore {
  get(id: string): Promise<Task | undefined>;
  /**
   * The task with its callback token and its dossier, in one round trip (a task's id names its
   * dossier): what a decision reads before it writes. Undefined when the task does not exist.
   */
  getForDecision(id: string): Promise<(TaskWithToken & { dossier: Dossier | undefined }) | undefined>;
  /** The tasks of a dossier, any status, oldest first. */
  listOfDossier(dossierId: string): Promise<Task[]>;
  /** The inbox of a role in a territory: open tasks only, the one due first first. */
  listOpen(role: string, territory: string): Promise<Task[]>;
  /**
   * Decided tasks whose decision was recorded at or before `decidedUpTo` and not yet confirmed as
   * handed to their execution, oldest first, with their callback tokens.
   */
  listUnconfirmedDecisions(decidedUpTo: Date, limit: number): Promise<UnconfirmedDecision[]>;
  /** The execution has the decision (or nobody waits for it any more): the task leaves that queue. */
  confirmDecisionDelivered(id: string): Promise<void>;
}
