/**
 * What the workflow keeps in a dossier beside its status (`dossier.workflow`): the open step of
 * each human task, the execution events queued by the API, the CP decision, the convention, the
 * payments and their suspension, the bilan. Validated on every read: a dossier written by an
 * older version fails loudly instead of deciding on a wrong shape.
 */
import * as z from 'zod/mini';
import type { Dossier } from '#domain/ports/records.ts';
import { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';
import { conventionIndicatorSchema, evaluationRowSchema } from '#domain/rules/operation-evaluation.ts';

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
    newEndDate: z.optional(isoDate),
    hazardJustification: z.optional(z.string()),
    processed: z.boolean(),
    queuedAt: z.string(),
  }),
]);
export type ExecutionEvent = z.infer<typeof executionEventSchema>;

export const CONTROL_KINDS = ['sur-pieces', 'sur-place'] as const;

export const controlSchema = z.object({
  id: z.string(),
  kind: z.enum(CONTROL_KINDS),
  date: isoDate,
  findings: z.string(),
  /** The supporting pieces were found unfounded (the call's second ground for a reimbursement). */
  unfounded: z.boolean(),
  recordedBy: z.string(),
});
export type Control = z.infer<typeof controlSchema>;

/**
 * A reimbursement demand (call, « Suivi et contrôle »): prepared (what is missing since when, the
 * total paid, the amount), then sent when the service validates it — or delayed to a date.
 */
export const reimbursementSchema = z.object({
  id: z.string(),
  ground: z.enum(['bilan-missing', 'control']),
  /** For a missing bilan: the day it was due; for a control: the control's id. */
  missingSince: z.optional(isoDate),
  controlId: z.optional(z.string()),
  amountCents: z.number().check(z.int(), z.nonnegative()),
  totalPaidCents: z.number().check(z.int(), z.nonnegative()),
  proposedOn: isoDate,
  status: z.enum(['proposed', 'delayed', 'demanded']),
  delayedTo: z.optional(isoDate),
  demandedOn: z.optional(isoDate),
});
export type Reimbursement = z.infer<typeof reimbursementSchema>;

export const workflowStateSchema = z.object({
  /**
   * Per human step: when it first opened (its due date counts from there, across escalations and
   * hand-overs), its current task, and whether that task is decided (recorded with the decision).
   */
  steps: z._default(
    z.record(
      z.string(),
      z.object({
        openedAt: z.string(),
        taskId: z.optional(z.string()),
        decided: z.optional(z.boolean()),
        escalations: z.number().check(z.int(), z.nonnegative()),
      }),
    ),
    {},
  ),
  /** The operation's period: the submission's, until an avenant changes its end. */
  operation: z.optional(z.object({ startDate: isoDate, endDate: isoDate })),
  /** The last complements asked for; `ref` is the id of the task whose decision asked (the obligation's ref). */
  complements: z.optional(z.object({ ref: z.string(), requestedOn: isoDate, dueDate: isoDate, items: z.array(z.string()) })),
  cp: z.optional(z.object({ sessionId: z.optional(z.string()), cpDate: isoDate, deliberationNumber: z.optional(z.string()) })),
  convention: z.optional(
    z.object({
      reference: z.string(),
      draftedOn: isoDate,
      signedOn: z.optional(isoDate),
      /** What the convention fixes for the evaluation (domain/rules/operation-evaluation.ts); absent from conventions drafted before. */
      indicators: z.optional(z.array(conventionIndicatorSchema)),
      period: z.optional(z.object({ startDate: isoDate, endDate: isoDate })),
    }),
  ),
  payments: z._default(
    z.array(z.object({ milestone: z.string(), label: z.string(), cents: z.number().check(z.int(), z.nonnegative()), paidOn: isoDate })),
    [],
  ),
  /** Payments suspended while annual documents of these fiscal years are missing (call, « Documents annuels »). */
  suspension: z.optional(z.object({ since: isoDate, fiscalYears: z.array(z.number().check(z.int())) })),
  /**
   * Per fiscal year: when due (`extendedFrom`: the date before an extension the service granted),
   * when received, and the service's waiver of the suspension (documents received by mail, an
   * exceptional circumstance): no suspension falls for that year.
   */
  annualDocuments: z._default(
    z.record(
      z.string(),
      z.object({
        dueDate: isoDate,
        extendedFrom: z.optional(isoDate),
        /** The documents the service recorded as received (call's list: ANNUAL_DOCUMENT_KEYS); all five: `receivedOn`. */
        documents: z.optional(z.array(z.string())),
        receivedOn: z.optional(isoDate),
        /** The suspension was proposed to the service that day (data/sanctions.json: proposed). */
        suspensionProposedOn: z.optional(isoDate),
        waived: z.optional(
          z.object({ on: isoDate, reason: z.string(), by: z.string(), key: z.optional(z.string()), lifted: z.optional(z.boolean()) }),
        ),
      }),
    ),
    {},
  ),
  comites: z._default(
    z.array(
      z.object({
        date: isoDate,
        participantListDue: isoDate,
        heldOn: z.optional(isoDate),
        /** The last participant list sent for it, counted without names: entries, and exits by nature. */
        participants: z.optional(
          z.object({ entries: z.number().check(z.int(), z.nonnegative()), exitsByNature: z.record(z.string(), z.number().check(z.int())) }),
        ),
      }),
    ),
    [],
  ),
  events: z._default(z.array(executionEventSchema), []),
  /** `extendedTo`: a later date the service granted (an extension, or a delay of the reimbursement demand): the bilan is due then, with no grace. */
  bilan: z.optional(
    z.object({
      dueDate: isoDate,
      extendedTo: z.optional(isoDate),
      filedOn: z.optional(isoDate),
      acceptedOn: z.optional(isoDate),
      /** What the porteur reported: each indicator's achieved value, the exits by nature, the expenses paid. */
      report: z.optional(
        z.object({
          achieved: z.record(z.string(), z.number().check(z.int())),
          exitsByNature: z.record(z.string(), z.number().check(z.int())),
          expensesPaidCents: z.number().check(z.int(), z.nonnegative()),
        }),
      ),
      /** The service's evaluation: target against achieved, per indicator of the convention. */
      evaluation: z.optional(z.array(evaluationRowSchema)),
    }),
  ),
  /** Controls recorded by the service (call, « Suivi et contrôle »: « sur pièces et sur place »). */
  controls: z._default(z.array(controlSchema), []),
  /** Reimbursement demands, prepared by the system or a control, sent once the service validates them. */
  reimbursements: z._default(z.array(reimbursementSchema), []),
  closedOn: z.optional(isoDate),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;

export type DossierRecord = Dossier;

/** Each dossier's workflow state as validated, by the object read (a dossier read once is validated once). */
const validated = new WeakMap<object, WorkflowState>();

/**
 * The dossier's workflow state, validated (once per object read: the functions ask for it several
 * times per call). Shared by every caller that reads the same dossier object: never changed in
 * place — a change works on its own copy (`workflowCopyOf`, DossierChange).
 */
export function workflowOf(dossier: DossierRecord): WorkflowState {
  const raw = dossier.workflow as unknown;
  if (typeof raw !== 'object' || raw === null) return workflowStateSchema.parse(raw);
  let state = validated.get(raw);
  if (state === undefined) {
    state = workflowStateSchema.parse(raw);
    validated.set(raw, state);
  }
  return state;
}

/** The dossier's workflow state validated into a copy of its own, to change in place (zod's parse builds every object, array and record anew). */
export function workflowCopyOf(dossier: DossierRecord): WorkflowState {
  return workflowStateSchema.parse(dossier.workflow);
}
