/**
 * What the workflow keeps in a dossier beside its status (`dossier.workflow`): the open step of
 * each human task, the execution events queued by the API, the CP decision, the convention, the
 * payments and their suspension, the bilan. Validated when written (a change commits it validated,
 * with the schema's stamp: DossierChange) and on a read of anything else: a dossier written by an
 * older version, or without the stamp, fails loudly instead of deciding on a wrong shape.
 */
import * as z from 'zod/mini';
import type { Dossier } from '#domain/ports/records.ts';
import { schemaStamp } from '#domain/schema-stamp.ts';
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

/** Replaced by its value when a function is bundled (esbuild `define`); undeclared otherwise. */
declare const BUNDLED_WORKFLOW_STATE_STAMP: string | undefined;

/**
 * The stamp of `workflowStateSchema` (domain/schema-stamp.ts): a dossier whose `workflowStamp` is
 * this one was validated by this very schema when written (DossierChange validates what it
 * changes), and is read without validating it again. Bump the revision when a refinement's meaning
 * changes without the schema's structure (`isIsoDate`'s rule, say).
 * A function's bundle carries it computed when bundled (`BUNDLED_WORKFLOW_STATE_STAMP`, the value
 * of this very constant in the bundling process: infra/aws/constructs/bundle.ts): its cold start
 * neither walks the schema nor hashes it; run from the sources, it is computed here.
 */
export const WORKFLOW_STATE_STAMP =
  typeof BUNDLED_WORKFLOW_STATE_STAMP === 'string' ? BUNDLED_WORKFLOW_STATE_STAMP : schemaStamp(workflowStateSchema, 1);

/** Each dossier's workflow state as validated, by the object read (a dossier read once is validated once). */
const validated = new WeakMap<object, WorkflowState>();

/**
 * The dossier's workflow state: as stored when written validated by the current schema (its
 * stamp), else validated (once per object read: the functions ask for it several times per call).
 * Shared by every caller that reads the same dossier object: never changed in place — a change
 * works on its own copy (`workflowCopyOf`, DossierChange).
 */
export function workflowOf(dossier: DossierRecord): WorkflowState {
  const raw = dossier.workflow as unknown;
  if (typeof raw !== 'object' || raw === null) return workflowStateSchema.parse(raw);
  if (dossier.workflowStamp === WORKFLOW_STATE_STAMP) return raw as WorkflowState;
  let state = validated.get(raw);
  if (state === undefined) {
    state = workflowStateSchema.parse(raw);
    validated.set(raw, state);
  }
  return state;
}

/** The dossier's workflow state (`workflowOf`) in a copy of its own, to change in place. */
export function workflowCopyOf(dossier: DossierRecord): WorkflowState {
  return copyJson(workflowOf(dossier));
}

type WorkflowPart = keyof WorkflowState;
const PARTS = Object.keys(workflowStateSchema.shape) as WorkflowPart[];

/** The parts of the workflow state (its top-level members) that differ from `before`'s, as their JSON would. */
export function changedParts(before: WorkflowState, after: WorkflowState): WorkflowPart[] {
  return PARTS.filter((part) => !sameJson(before[part], after[part]));
}

/**
 * The state to write, validated, given the parts that differ from a state validated when read (or
 * trusted by its stamp): each changed part by its own schema (≈ 1.2 parts per change, `steps` in
 * two changes out of three: a quarter of a whole parse), the others are valid already. Members
 * outside the schema are left out, as a parse would. An invalid part throws the whole state's
 * ZodError (its path from the state's root).
 */
export function validatedForWrite(state: WorkflowState, changed: readonly WorkflowPart[]): WorkflowState {
  const out: Record<string, unknown> = {};
  for (const part of PARTS) {
    let value: unknown = state[part];
    if (changed.includes(part)) {
      const result = workflowStateSchema.shape[part].safeParse(value);
      if (!result.success) return workflowStateSchema.parse(state);
      value = result.data;
    }
    if (value !== undefined) out[part] = value;
  }
  return out as WorkflowState;
}

/** A deep copy of JSON data (objects, arrays, scalars). */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const copy = copyJson((value as Record<string, unknown>)[key]);
    // A `__proto__` key (a record's keys are data) stays an own member, as JSON.parse makes it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out as T;
}

/** Whether two JSON values are equal as their JSON would be, a member holding `undefined` counting as absent. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let members = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    if (!Object.hasOwn(y, key) || !sameJson(x[key], y[key])) return false;
    members++;
  }
  for (const key in y) if (y[key] !== undefined) members--;
  return members === 0;
}
