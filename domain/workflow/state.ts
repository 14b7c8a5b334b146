/**
 * What the workflow keeps in a dossier beside its status (`dossier.workflow`): the open step of
 * each human task, the execution events queued by the API, the CP decision, the convention, the
 * payments and their suspension, the bilan. Validated on every read: a dossier written by an
 * older version fails loudly instead of deciding on a wrong shape.
 */
import * as z from 'zod';
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
    newEndDate: isoDate.optional(),
    hazardJustification: z.string().optional(),
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
  missingSince: isoDate.optional(),
  controlId: z.string().optional(),
  amountCents: z.number().int().nonnegative(),
  totalPaidCents: z.number().int().nonnegative(),
  proposedOn: isoDate,
  status: z.enum(['proposed', 'delayed', 'demanded']),
  delayedTo: isoDate.optional(),
  demandedOn: isoDate.optional(),
});
export type Reimbursement = z.infer<typeof reimbursementSchema>;

export const workflowStateSchema = z.object({
  /**
   * Per human step: when it first opened (its due date counts from there, across escalations and
   * hand-overs), its current task, and whether that task is decided (recorded with the decision).
   */
  steps: z
    .record(
      z.string(),
      z.object({
        openedAt: z.string(),
        taskId: z.string().optional(),
        decided: z.boolean().optional(),
        escalations: z.number().int().nonnegative(),
      }),
    )
    .default({}),
  /** The operation's period: the submission's, until an avenant changes its end. */
  operation: z.object({ startDate: isoDate, endDate: isoDate }).optional(),
  /** The last complements asked for; `ref` is the id of the task whose decision asked (the obligation's ref). */
  complements: z.object({ ref: z.string(), requestedOn: isoDate, dueDate: isoDate, items: z.array(z.string()) }).optional(),
  cp: z.object({ sessionId: z.string().optional(), cpDate: isoDate, deliberationNumber: z.string().optional() }).optional(),
  convention: z
    .object({
      reference: z.string(),
      draftedOn: isoDate,
      signedOn: isoDate.optional(),
      /** What the convention fixes for the evaluation (domain/rules/operation-evaluation.ts); absent from conventions drafted before. */
      indicators: z.array(conventionIndicatorSchema).optional(),
      period: z.object({ startDate: isoDate, endDate: isoDate }).optional(),
    })
    .optional(),
  payments: z
    .array(z.object({ milestone: z.string(), label: z.string(), cents: z.number().int().nonnegative(), paidOn: isoDate }))
    .default([]),
  /** Payments suspended while annual documents of these fiscal years are missing (call, « Documents annuels »). */
  suspension: z.object({ since: isoDate, fiscalYears: z.array(z.number().int()) }).optional(),
  /**
   * Per fiscal year: when due (`extendedFrom`: the date before an extension the service granted),
   * when received, and the service's waiver of the suspension (documents received by mail, an
   * exceptional circumstance): no suspension falls for that year.
   */
  annualDocuments: z
    .record(
      z.string(),
      z.object({
        dueDate: isoDate,
        extendedFrom: isoDate.optional(),
        /** The documents the service recorded as received (call's list: ANNUAL_DOCUMENT_KEYS); all five: `receivedOn`. */
        documents: z.array(z.string()).optional(),
        receivedOn: isoDate.optional(),
        /** The suspension was proposed to the service that day (data/sanctions.json: proposed). */
        suspensionProposedOn: isoDate.optional(),
        waived: z
          .object({ on: isoDate, reason: z.string(), by: z.string(), key: z.string().optional(), lifted: z.boolean().optional() })
          .optional(),
      }),
    )
    .default({}),
  comites: z
    .array(
      z.object({
        date: isoDate,
        participantListDue: isoDate,
        heldOn: isoDate.optional(),
        /** The last participant list sent for it, counted without names: entries, and exits by nature. */
        participants: z
          .object({ entries: z.number().int().nonnegative(), exitsByNature: z.record(z.string(), z.number().int()) })
          .optional(),
      }),
    )
    .default([]),
  events: z.array(executionEventSchema).default([]),
  /** `extendedTo`: a later date the service granted (an extension, or a delay of the reimbursement demand): the bilan is due then, with no grace. */
  bilan: z
    .object({
      dueDate: isoDate,
      extendedTo: isoDate.optional(),
      filedOn: isoDate.optional(),
      acceptedOn: isoDate.optional(),
      /** What the porteur reported: each indicator's achieved value, the exits by nature, the expenses paid. */
      report: z
        .object({
          achieved: z.record(z.string(), z.number().int()),
          exitsByNature: z.record(z.string(), z.number().int()),
          expensesPaidCents: z.number().int().nonnegative(),
        })
        .optional(),
      /** The service's evaluation: target against achieved, per indicator of the convention. */
      evaluation: z.array(evaluationRowSchema).optional(),
    })
    .optional(),
  /** Controls recorded by the service (call, « Suivi et contrôle »: « sur pièces et sur place »). */
  controls: z.array(controlSchema).default([]),
  /** Reimbursement demands, prepared by the system or a control, sent once the service validates them. */
  reimbursements: z.array(reimbursementSchema).default([]),
  closedOn: isoDate.optional(),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;

export type DossierRecord = Dossier;

export function workflowOf(dossier: DossierRecord): WorkflowState {
  return workflowStateSchema.parse(dossier.workflow);
}
