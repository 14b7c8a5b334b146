/**
 * What happens during the operation reaches its execution workflow as events queued on the
 * dossier: a comité's date recorded, a comité held with its minutes, an avenant requested (never
 * one moving the operation's end past the call's: domain/rules/operation-within-call-period.ts). Each
 * is queued once (its id comes from the caller's idempotency key) and the workflow, waiting in
 * its monitor step, is woken to handle it (workflows/execution.asl.json, NextExecutionEvent).
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '#domain/catalog/index.ts';
import { avenantEndWithinCallPeriod, type Violation } from '#domain/rules/index.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';
import { TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import { TaskNotOpenError, type Uses } from './deps.ts';
import { decide } from './decide.ts';
import { changeDossier } from './dossier-change.ts';
import { workflowOf, type DossierRecord, type ExecutionEvent } from './state.ts';
import { AvenantInvalidError, NotInExecutionError } from './errors.ts';

export type NewEvent =
  | { type: 'comite-scheduled'; comiteDate: string }
  | { type: 'comite-held'; comiteDate: string; minutes: string }
  | { type: 'avenant-requested'; subject: string; newEndDate?: string; hazardJustification?: string };

/** What is wrong with an avenant moving the operation's end to `newEndDate`, for the dossier as it stands. */
export function avenantViolations(catalog: Catalog, dossier: DossierRecord, newEndDate: IsoDate): Violation[] {
  const operation = workflowOf(dossier).operation ?? dossier.profile.operation;
  return avenantEndWithinCallPeriod(catalog, { dispositifCode: dossier.dispositifCode, operationStart: operation.startDate }, newEndDate);
}

export function executionEventId(dossierId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`event:${dossierId}:${idempotencyKey}`).digest().subarray(0, 12).toString('base64url');
}

type EventDeps = Uses<'dossiers' | 'commits' | 'tasks' | 'engine'>;

/** Queues an event (once per idempotency key) and wakes the workflow. `read`: the dossier as the caller read it. */
export async function queueExecutionEvent(
  deps: EventDeps,
  dossierId: string,
  idempotencyKey: string,
  event: NewEvent,
  read?: DossierRecord,
): Promise<ExecutionEvent> {
  const id = executionEventId(dossierId, idempotencyKey);
  const { dossier } = await changeDossier(
    deps,
    dossierId,
    (change) => {
      if (change.workflow.events.some((e) => e.id === id)) return undefined;
      if (change.read.status !== 'in-execution') throw new NotInExecutionError(change.read.id, change.read.status);
      if (event.type === 'avenant-requested' && event.newEndDate) {
        const violations = avenantViolations(deps.catalog, change.read, event.newEndDate);
        if (violations.length > 0) throw new AvenantInvalidError(change.read.id, violations);
      }
      change.workflow.events.push({ ...event, id, processed: false, queuedAt: deps.clock.now().toISOString() } as ExecutionEvent);
      return undefined;
    },
    read ? { read } : {},
  );
  await wakeMonitor(deps, dossier);
  return workflowOf(dossier).events.find((e) => e.id === id)!;
}

/**
 * Wakes the execution workflow if events wait and it waits in its monitor step (else it will see
 * them when it gets back there). Nothing waiting, nothing woken. A retried call whose wake was
 * recorded but not handed over (a crash in between) hands it over now (a replay, in `decide`).
 */
export async function wakeMonitor(deps: EventDeps, dossier: DossierRecord): Promise<void> {
  const workflow = workflowOf(dossier);
  if (!workflow.events.some((e) => !e.processed)) return;
  const taskId = workflow.steps['operation-monitor']?.taskId;
  if (!taskId) return;
  const found = await deps.tasks.getForDecision(taskId);
  if (!found?.dossier) return;
  const { task } = found;
  if (!(task.status === 'open' || (task.status === 'decided' && task.decision === 'wake'))) return;
  try {
    await decide(deps, { taskId: task.id, decision: 'wake', actor: 'system' }, { ...found, dossier: found.dossier });
  } catch (error) {
    // Someone else woke it — decided it first, or handed the wake over first — or it timed out
    // meanwhile: the workflow reads the queue either way.
    if (!(error instanceof TaskAlreadyDecidedError || error instanceof TaskNotOpenError)) throw error;
  }
}
