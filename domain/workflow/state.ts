/**
 * What the workflow keeps in a dossier beside its status (`dossier.workflow`): the open step of
 * each human task, the execution events queued by the API, the CP decision, the convention, the
 * payments and their suspension, the bilan. Validated on every read: a dossier written by an
 * older version fails loudly instead of deciding on a wrong shape.
 */
import { z } from 'zod';
import type { Dossier, DossierPatch, DossierStatus } from '#domain/ports/records.ts';
import type { DossierRepository } from '#domain/ports/repositories.ts';
import { RecordNotFoundError, VersionConflictError } from '#domain/ports/errors.ts';
import type { Submission } from '#domain/submission/index.ts';
import { isoDateSchema as isoDate } from '#domain/time/iso-date.ts';

export const EXECUTION_EVENT_TYPES = ['comite-scheduled', 'comite-held', 'avenant-requested'] as const;
export type ExecutionEventType = (typeof EXECUTION_EVENT_TYPES)[number];

/** What the API queues for the execution workflow, handled in order, each once (by its id). */
export const executionEventSchema = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('comite-scheduled'), comiteDate: isoDate, processed: z.boolean(), queuedAt: z.string() }),
  z.object({
    id: z.string(),
    type: z.literal('comite-held'),
    comiteDate: isoDate,
    minutes: z.string(),
    processed: z.boolean(),
    queuedAt: z.string(),
  }),
  z.object({
    id: z.string(),
    type: z.literal('avenant-requested'),
    subject: z.string(),
    newEndDate: isoDate.optional(),
    hazardJustification: z.string().optional(),
    processed: z.boolean(),
    queuedAt: z.string(),
  }),
]);
export type ExecutionEvent = z.infer<typeof executionEventSchema>;

export const workflowStateSchema = z.object({
  /** Per human step: when it first opened (its due date counts from there, across escalations and hand-overs) and its current task. */
  steps: z
    .record(z.string(), z.object({ openedAt: z.string(), taskId: z.string().optional(), escalations: z.number().int().nonnegative() }))
    .default({}),
  /** The operation's period: the submission's, until an avenant changes its end. */
  operation: z.object({ startDate: isoDate, endDate: isoDate }).optional(),
  /** The last complements asked for; `ref` is the id of the task whose decision asked (the obligation's ref). */
  complements: z.object({ ref: z.string(), requestedOn: isoDate, dueDate: isoDate, items: z.array(z.string()) }).optional(),
  cp: z.object({ sessionId: z.string().optional(), cpDate: isoDate, deliberationNumber: z.string().optional() }).optional(),
  convention: z.object({ reference: z.string(), draftedOn: isoDate, signedOn: isoDate.optional() }).optional(),
  payments: z
    .array(z.object({ milestone: z.string(), label: z.string(), cents: z.number().int().nonnegative(), paidOn: isoDate }))
    .default([]),
  /** Payments suspended while annual documents of these fiscal years are missing (call, « Documents annuels »). */
  suspension: z.object({ since: isoDate, fiscalYears: z.array(z.number().int()) }).optional(),
  annualDocuments: z.record(z.string(), z.object({ dueDate: isoDate, receivedOn: isoDate.optional() })).default({}),
  comites: z.array(z.object({ date: isoDate, participantListDue: isoDate, heldOn: isoDate.optional() })).default([]),
  events: z.array(executionEventSchema).default([]),
  bilan: z.object({ dueDate: isoDate, filedOn: isoDate.optional(), acceptedOn: isoDate.optional() }).optional(),
  closedOn: isoDate.optional(),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;

export type DossierRecord = Dossier<Submission>;

export function workflowOf(dossier: DossierRecord): WorkflowState {
  return workflowStateSchema.parse(dossier.workflow);
}

export async function loadDossier(repo: DossierRepository<Submission>, id: string): Promise<DossierRecord> {
  const dossier = await repo.getDossier(id);
  if (!dossier) throw new RecordNotFoundError('dossier', id);
  return dossier;
}

/** What a change returns: the new workflow state and, if they change, the status and amounts. */
export interface DossierChange {
  workflow: WorkflowState;
  status?: DossierStatus;
  amounts?: Dossier['amounts'];
}

/**
 * Reads the dossier, applies `change` and writes it back conditionally on the version read; on a
 * concurrent write, reads again and re-applies (the change must be a pure function of what it
 * reads). `change` returns undefined when there is nothing to write (already done: idempotent).
 */
export async function changeDossier(
  repo: DossierRepository<Submission>,
  id: string,
  change: (workflow: WorkflowState, dossier: DossierRecord) => DossierChange | undefined,
): Promise<DossierRecord> {
  for (let attempt = 1; ; attempt++) {
    const dossier = await loadDossier(repo, id);
    const next = change(structuredClone(workflowOf(dossier)), dossier);
    if (!next) return dossier;
    const patch: DossierPatch<Submission> = { workflow: next.workflow };
    if (next.status !== undefined) patch.status = next.status;
    if (next.amounts !== undefined) patch.amounts = next.amounts;
    try {
      return await repo.updateDossier(id, dossier.version, patch);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 20) throw error;
    }
  }
}
