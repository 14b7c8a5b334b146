/**
 * A dossier's life on the real local platform pieces: dynalite, the durable Step Functions
 * runtime executing workflows/*.asl.json, the middy handlers, the SFN HTTP endpoint. The clock is
 * moved day by day, firing every due timer in order, as `npm start`'s time travel does.
 */
import { randomUUID } from 'node:crypto';
import { catalog } from '#domain/catalog/index.ts';
import { ManualClock } from '#domain/time/clock.ts';
import { addDays, compareDates, type IsoDate } from '#domain/time/iso-date.ts';
import { parisDateOf, startOfParisDay } from '#domain/time/paris.ts';
import type { Task } from '#domain/ports/records.ts';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import { decide } from '#domain/workflow/decide.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { submitDossier } from '#domain/workflow/submit.ts';
import { startWorkflowPlatform, type WorkflowPlatform } from '#infra/local/workflow-platform.ts';
import { executionArnOf } from '#infra/local/stepfunctions/arns.ts';
import { executionName, type MachineName } from '#workflows/definitions.ts';
import { validSubmissionFixture, type FixtureOptions } from './fixtures/submission.ts';
import { dynamoClient, uniqueTableName } from './aws.ts';

/** 09:00 Paris time on a day: when the services work. */
export function morningOf(day: IsoDate): Date {
  return new Date(startOfParisDay(day).getTime() + 9 * 3_600_000);
}

export interface Harness {
  platform: WorkflowPlatform;
  clock: ManualClock;
  today(): IsoDate;
  /** Lets every queued piece of work run. */
  settle(): Promise<void>;
  /** Moves the clock day by day (09:00 Paris) up to `day`, firing what falls due each day and running the daily enforcement; `onDay` runs after each. */
  advanceTo(day: IsoDate, onDay?: (day: IsoDate) => Promise<void>): Promise<void>;
  submit(
    options?: FixtureOptions & { porteurId?: string; mutate?: (s: ReturnType<typeof validSubmissionFixture>) => void },
  ): Promise<DossierRecord>;
  dossier(id: string): Promise<DossierRecord>;
  /** The open task of a step, or a failure naming what is open instead. */
  openTask(dossierId: string, step: string): Promise<Task>;
  act(dossierId: string, step: string, decision: string, details?: unknown, actor?: string): Promise<void>;
  event(dossierId: string, event: Parameters<typeof queueExecutionEvent>[3]): Promise<void>;
  executionStatus(dossierId: string, machine: MachineName, generation?: number): Promise<string>;
  timelineTypes(dossierId: string): Promise<string[]>;
  emailKinds(dossierId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startHarness(start: IsoDate = '2026-03-02'): Promise<Harness> {
  const clock = new ManualClock(morningOf(start));
  const platform = await startWorkflowPlatform({
    dynamo: dynamoClient(),
    tableName: uniqueTableName('dossiers'),
    clock,
    onInternalError: (error) => {
      throw error;
    },
  });
  const { repo, runtime, deps } = platform;
  const settle = async () => {
    await runtime.idle();
  };
  const h: Harness = {
    platform,
    clock,
    today: () => parisDateOf(clock.now()),
    settle,
    async advanceTo(day, onDay) {
      let current = parisDateOf(clock.now());
      while (compareDates(current, day) < 0) {
        current = addDays(current, 1);
        clock.set(morningOf(current));
        await runtime.runDueTimers();
        await settle();
        await runDailyEnforcement(deps);
        await settle();
        if (onDay) {
          await onDay(current);
          await settle();
        }
      }
    },
    async submit(options = {}) {
      const body = validSubmissionFixture(options);
      options.mutate?.(body);
      const { dossier } = await submitDossier(deps, {
        porteurId: options.porteurId ?? `p-${randomUUID().slice(0, 8)}`,
        idempotencyKey: randomUUID(),
        body,
      });
      await settle();
      return dossier;
    },
    async dossier(id) {
      const d = await repo.getDossier(id);
      if (!d) throw new Error(`no dossier ${id}`);
      return d;
    },
    async openTask(dossierId, step) {
      const d = await h.dossier(dossierId);
      const taskId = workflowOf(d).steps[step]?.taskId;
      const task = taskId ? await repo.getTask(taskId) : undefined;
      if (task?.status !== 'open') {
        const open = Object.entries(workflowOf(d).steps)
          .map(([s, v]) => `${s}:${v.taskId ?? '-'}`)
          .join(', ');
        throw new Error(`dossier ${dossierId} (${d.status}) has no open ${step} task; steps: ${open}`);
      }
      return task;
    },
    async act(dossierId, step, decision, details, actor = 'instructeur-1') {
      const task = await h.openTask(dossierId, step);
      await decide(deps, { taskId: task.id, decision, actor, ...(details === undefined ? {} : { details }) });
      await settle();
    },
    async event(dossierId, event) {
      await queueExecutionEvent(deps, dossierId, randomUUID(), event);
      await settle();
    },
    async executionStatus(dossierId, machine, generation = 1) {
      const arn = executionArnOf(platform.machineArns[machine], executionName(dossierId, machine, generation));
      return (await runtime.describeExecution({ executionArn: arn })).status;
    },
    async timelineTypes(dossierId) {
      return (await repo.listTimeline(dossierId)).map((e) => e.type);
    },
    async emailKinds(dossierId) {
      const ids = await repo.listPendingEmails(10_000);
      return ids.filter((e) => e.dossierId === dossierId).map((e) => e.kind);
    },
    close: () => platform.close(),
  };
  return h;
}

export { catalog };
