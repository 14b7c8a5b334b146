/**
 * The workflow's domain on the in-memory stores (adapters/memory, held to the DynamoDB contract by
 * test/integration/stores), for fast unit tests of decide, planStep, createTask and the actions.
 * The workflow engine is played by a recorder of the calls the domain makes to Step Functions
 * (what the state machine would do is played by the test, step by step).
 */
import { randomUUID } from 'node:crypto';
import { MemoryStores } from '#adapters/memory/memory-stores.ts';
import { catalog } from '#domain/catalog/index.ts';
import type { Task } from '#domain/ports/records.ts';
import { RETENTION } from '#domain/retention.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { applyAction } from '#domain/workflow/apply-action.ts';
import type { ActionResult } from '#domain/workflow/actions/common.ts';
import { createTask } from '#domain/workflow/create-task.ts';
import { decide } from '#domain/workflow/decide.ts';
import { type ExecutionTrace, TaskNotOpenError, type EngineDeps, type WorkflowEngine } from '#domain/workflow/deps.ts';
import { planStep } from '#domain/workflow/plan-step.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { submitDossier } from '#domain/workflow/submit.ts';
import { validSubmissionFixture, type FixtureOptions } from '#infra/local/sample-dossier.ts';

/** What the domain asked of Step Functions; a token answered once is closed (a second answer: TaskNotOpenError). */
export class RecordingEngine implements WorkflowEngine {
  readonly started: { machine: string; name: string }[] = [];
  readonly answered: { taskToken: string; output: Record<string, unknown> }[] = [];
  readonly #closed = new Set<string>();
  /** Set to make the next answers fail (Step Functions down). */
  failWith: Error | undefined;

  async startExecution(machine: string, name: string): Promise<void> {
    if (!this.started.some((s) => s.name === name)) this.started.push({ machine, name });
  }
  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void> {
    if (this.failWith) throw this.failWith;
    if (this.#closed.has(taskToken)) throw new TaskNotOpenError('callback no longer waiting (TaskTimedOut)');
    this.#closed.add(taskToken);
    this.answered.push({ taskToken, output });
  }
  /** No machine runs here (the tests play its steps): no execution has a path to show. */
  async executionsOf(): Promise<ExecutionTrace[]> {
    return [];
  }
}

export interface MemoryWorkflow {
  deps: EngineDeps;
  stores: MemoryStores;
  engine: RecordingEngine;
  clock: ManualClock;
  file(options?: FixtureOptions & { porteurId?: string }): Promise<DossierRecord>;
  dossier(id: string): Promise<DossierRecord>;
  /** The state machine reaching a human step: plan-step, then create-task with a fresh token. */
  open(dossierId: string, step: string): Promise<Task>;
  /** Opens the step and decides its task: the callback output the next action receives. */
  decided(
    dossierId: string,
    step: string,
    decision: string,
    details?: unknown,
    actor?: string,
  ): Promise<{ taskId: string; decision: string }>;
  act(action: string, dossierId: string, extra?: Record<string, unknown>): Promise<ActionResult>;
  /** What a replay could change: the dossier, its timeline, its deadlines, its tasks, its emails. */
  snapshot(dossierId: string): Promise<unknown>;
}

export async function memoryWorkflow(start = '2026-03-02T09:00:00.000Z'): Promise<MemoryWorkflow> {
  const clock = new ManualClock(start);
  const stores = new MemoryStores({ clock, retention: RETENTION });
  const engine = new RecordingEngine();
  const deps: EngineDeps = {
    dossiers: stores.dossiers,
    tasks: stores.tasks,
    timeline: stores.timeline,
    deadlines: stores.deadlines,
    outbox: stores.outbox,
    envelopes: stores.envelopes,
    filings: stores.filings,
    invitations: stores.invitations,
    cpSessions: stores.cpSessions,
    commits: stores.commits,
    clock,
    catalog,
    engine,
  };
  const executionName = (dossierId: string) => `${dossierId}-instruction-1`;
  const w: MemoryWorkflow = {
    deps,
    stores,
    engine,
    clock,
    async file(options = {}) {
      const { dossier } = await submitDossier(deps, {
        porteurId: options.porteurId ?? `p-${randomUUID().slice(0, 8)}`,
        idempotencyKey: randomUUID(),
        body: validSubmissionFixture(options),
      });
      return dossier;
    },
    async dossier(id) {
      return (await stores.dossiers.get(id))!;
    },
    async open(dossierId, step) {
      const input = {
        step,
        dossierId,
        generation: 1,
        executionName: executionName(dossierId),
        executionStartedAt: clock.now().toISOString(),
      };
      const plan = await planStep(deps, input);
      const { taskId } = await createTask(deps, {
        taskToken: `token-${randomUUID()}`,
        dossierId,
        generation: 1,
        executionName: executionName(dossierId),
        step,
        dueAt: plan.dueAt,
        timeoutSeconds: plan.timeoutSeconds,
      });
      return (await stores.tasks.get(taskId))!;
    },
    async decided(dossierId, step, decision, details, actor = 'instructeur-1') {
      const task = await w.open(dossierId, step);
      await decide(deps, { taskId: task.id, decision, actor, ...(details === undefined ? {} : { details }) });
      return { taskId: task.id, decision };
    },
    act(action, dossierId, extra = {}) {
      return applyAction(deps, { action, dossierId, generation: 1, executionName: executionName(dossierId), ...extra });
    },
    async snapshot(dossierId) {
      const dossier = await stores.dossiers.get(dossierId);
      const timeline = await stores.timeline.list(dossierId);
      const keys = timeline.filter((e) => e.type === 'email-queued').map((e) => String(e.data.key));
      return {
        dossier,
        timeline,
        deadlines: await stores.deadlines.listOfDossier(dossierId),
        tasks: await stores.tasks.listOfDossier(dossierId),
        emails: await stores.outbox.getMany(keys),
        workflow: dossier ? workflowOf(dossier) : undefined,
      };
    },
  };
  return w;
}
