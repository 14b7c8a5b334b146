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
import type { OutboxEmail, Task, TimelineVerification } from '#domain/ports/records.ts';
import { verifyChain } from '#domain/timeline/hash-chain.ts';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import { decide } from '#domain/workflow/decide.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { submitDossier } from '#domain/workflow/submit.ts';
import { startWorkflowPlatform, type WorkflowPlatform } from '#infra/local/workflow-platform.ts';
import { executionArnOf } from '#infra/local/stepfunctions/arns.ts';
import { executionName, type MachineName } from '#workflows/definitions.ts';
import { validSubmissionFixture, type FixtureOptions } from './fixtures/submission.ts';
import { dynamoDocuments, uniqueTableName } from './aws.ts';

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
  /** Whether the dossier's stored timeline is an unbroken hash chain. */
  verifyTimeline(dossierId: string): Promise<TimelineVerification>;
  /** The dossier's emails in the outbox (each once), in the order its timeline noted them. */
  emails(dossierId: string): Promise<OutboxEmail[]>;
  emailKinds(dossierId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startHarness(start: IsoDate = '2026-03-02'): Promise<Harness> {
  const clock = new ManualClock(morningOf(start));
  const platform = await startWorkflowPlatform({
    dynamo: dynamoDocuments(),
    tableName: uniqueTableName('dossiers'),
    clock,
    onInternalError: (error) => {
      throw error;
    },
  });
  const { runtime, deps } = platform;
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
      const d = await deps.dossiers.get(id);
      if (!d) throw new Error(`no dossier ${id}`);
      return d;
    },
    async openTask(dossierId, step) {
      const d = await h.dossier(dossierId);
      const taskId = workflowOf(d).steps[step]?.taskId;
      const task = taskId ? await deps.tasks.get(taskId) : undefined;
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
      return (await deps.timeline.list(dossierId)).map((e) => e.type);
    },
    async verifyTimeline(dossierId) {
      return verifyChain(dossierId, await deps.timeline.list(dossierId));
    },
    async emails(dossierId) {
      const keys = (await deps.timeline.list(dossierId)).filter((e) => e.type === 'email-queued').map((e) => String(e.data.key));
      const emails = new Map((await deps.outbox.getMany(keys)).map((e) => [e.idempotencyKey, e]));
      return [...new Set(keys)].flatMap((k) => (emails.has(k) ? [emails.get(k)!] : []));
    },
    async emailKinds(dossierId) {
      return (await h.emails(dossierId)).map((e) => e.kind);
    },
    close: () => platform.close(),
  };
  return h;
}

export { catalog };
