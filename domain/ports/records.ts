/**
 * The records the domain keeps, as the ports see them: plain data, no AWS types.
 * How they are laid out in storage is the adapter's business (adapters/dynamodb/table-design.ts).
 *
 * Every mutable record carries a numeric `version`, incremented by every write that changes it;
 * writes that must not lose an update are conditional on it (or on the record's status).
 * Timeline events are immutable: their `seq` and hash chain play that role.
 */
import type { DossierStatus } from '#domain/dossier/lifecycle.ts';
import type { IsoDate } from '#domain/time/paris.ts';

/** An instant, ISO 8601 in UTC (`Date.prototype.toISOString()`): sorts as a string. */
export type IsoInstant = string;

/** Any JSON value (what an opaque payload may hold). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Dossier

/** The statuses and their transitions live with the lifecycle (domain/dossier/lifecycle.ts). */
export { DOSSIER_STATUSES, isDossierStatus, type DossierStatus } from '#domain/dossier/lifecycle.ts';

export interface DossierAmounts {
  /** What the porteur asks for, in euro cents. */
  requestedCents: number;
  /** What the Commission Permanente granted, once it has. */
  grantedCents?: number;
  /** What has been paid so far. */
  paidCents: number;
}

/** Where the dossier's workflow stands in Step Functions (free form: the workflow layer owns it). */
export type DossierWorkflow = Record<string, unknown>;

/**
 * A dossier. `S` is the submission's type: the repository stores it as an opaque JSON object
 * and only indexes `porteurId`, `dispositifCode` and `territory`, kept as their own fields.
 */
export interface Dossier<S extends object = Record<string, unknown>> {
  /** Opaque id; no `#` (it is embedded in other keys). */
  id: string;
  /** Human-readable reference, e.g. `AAP26-1.1-000042` (see `allocateDossierReference`). */
  reference: string;
  porteurId: string;
  dispositifCode: string;
  /** Primary territory code. */
  territory: string;
  status: DossierStatus;
  submission: S;
  amounts: DossierAmounts;
  workflow: DossierWorkflow;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  version: number;
}

/** What `createDossier` takes: the repository sets createdAt/updatedAt and version 1. */
export type NewDossier<S extends object = Record<string, unknown>> = Omit<Dossier<S>, 'createdAt' | 'updatedAt' | 'version'>;

/**
 * The fields an update may change. `id`, `reference`, `porteurId`, `dispositifCode` and
 * `createdAt` never change; `status` changes here (version-checked) or by `transitionDossier`.
 */
export type DossierPatch<S extends object = Record<string, unknown>> = Partial<
  Pick<Dossier<S>, 'status' | 'territory' | 'submission' | 'amounts' | 'workflow'>
>;

// ---------------------------------------------------------------------------------------------
// Task (a human step waiting in an inbox, with the Step Functions callback token)

export const TASK_STATUSES = ['open', 'decided', 'expired', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task as the API may show it: never its callback token (see `TaskRepository.getTaskToken`). */
export interface Task {
  /** Opaque, ≥ 128 random bits, URL-safe (`newOpaqueId()`). */
  id: string;
  dossierId: string;
  kind: string;
  role: string;
  territory: string;
  status: TaskStatus;
  allowedDecisions: string[];
  dueAt: IsoInstant;
  createdAt: IsoInstant;
  decision?: string;
  decidedBy?: string;
  decidedAt?: IsoInstant;
  comment?: string;
  /** What the decision carries beyond its name (an amount, a list of complements…): see domain/workflow/decisions.ts. */
  details?: JsonObject;
  /** When an expired or cancelled task was closed. */
  closedAt?: IsoInstant;
  version: number;
}

/** What `putTask` takes: an open task with its secret callback token. */
export interface NewTask {
  id: string;
  dossierId: string;
  kind: string;
  role: string;
  territory: string;
  allowedDecisions: string[];
  dueAt: IsoInstant;
  /** The Step Functions task token: secret, readable only through `getTaskToken`. */
  taskToken: string;
}

// ---------------------------------------------------------------------------------------------
// Deadline

export const DEADLINE_STATUSES = ['pending', 'met', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export interface Deadline {
  /** Deterministic: `deadlineId(dossierId, kind, ref)` = `${dossierId}#${kind}#${ref}`. */
  id: string;
  dossierId: string;
  kind: string;
  /** What this deadline is about within its kind (a comité date, a fiscal year…). */
  ref: string;
  /** Europe/Paris calendar day the deadline falls on. */
  dueDate: IsoDate;
  status: DeadlineStatus;
  data: JsonObject;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  version: number;
}

/** `data` is stored as `JSON.stringify` would keep it (dates as ISO strings, undefined dropped). */
export type NewDeadline = Pick<Deadline, 'dossierId' | 'kind' | 'ref' | 'dueDate'> & { data?: Record<string, unknown> };

/** The deterministic id of a deadline (no `#` in dossierId or kind; `ref` may hold anything). */
export function deadlineId(dossierId: string, kind: string, ref: string): string {
  if (dossierId.includes('#') || kind.includes('#')) throw new RangeError('dossierId and kind must not contain "#"');
  return `${dossierId}#${kind}#${ref}`;
}

// ---------------------------------------------------------------------------------------------
// Timeline (append-only, hash-chained)

export interface TimelineEvent {
  dossierId: string;
  /** 1, 2, 3… without gap. */
  seq: number;
  at: IsoInstant;
  type: string;
  /** Who did it: a user id, `system`, `porteur:<id>`… */
  actor: string;
  data: JsonObject;
  idempotencyKey?: string;
  /** The previous event's hash; `GENESIS_HASH` for seq 1. */
  prevHash: string;
  /** sha256 (hex) of the canonical JSON of every other field (see domain/timeline/hash-chain.ts). */
  hash: string;
}

/** `data` is stored and hashed as `JSON.stringify` would keep it (dates as ISO strings, undefined dropped). */
export type NewTimelineEvent = Pick<TimelineEvent, 'type' | 'actor'> & {
  data?: Record<string, unknown>;
  /**
   * When set, the event is appended once: an append with a key already in the dossier's timeline
   * returns that event (actions run at least once; their timeline entry must not double).
   */
  idempotencyKey?: string;
};

export type TimelineVerification =
  | { ok: true; count: number }
  | {
      ok: false;
      count: number;
      /** The first event found wrong. */
      seq: number;
      reason: 'hash-mismatch' | 'broken-link' | 'sequence-gap' | 'wrong-dossier';
    };

// ---------------------------------------------------------------------------------------------
// Email outbox

export const EMAIL_STATUSES = ['pending', 'sent'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface OutboxEmail {
  /** Deterministic per email owed (e.g. `${dossierId}#ack`): the same email is never queued twice. */
  idempotencyKey: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  kind: string;
  dossierId?: string;
  status: EmailStatus;
  attempts: number;
  lastError?: string;
  createdAt: IsoInstant;
  /** Not before this instant (set after a failure to back off). */
  nextAttemptAt: IsoInstant;
  sentAt?: IsoInstant;
  messageId?: string;
  /** Epoch seconds after which storage may delete the record (retention `sentEmail`). */
  ttl?: number;
  version: number;
}

export type NewOutboxEmail = Pick<OutboxEmail, 'idempotencyKey' | 'to' | 'subject' | 'text' | 'html' | 'kind'> & {
  dossierId?: string;
};

// ---------------------------------------------------------------------------------------------
// Envelope of a dispositif

export interface Envelope {
  dispositifCode: string;
  totalCents: number;
  committedCents: number;
  /** totalCents − committedCents, kept as its own field so a condition can compare it. */
  remainingCents: number;
  /** dossierId → committed cents. */
  commitments: Record<string, number>;
  version: number;
}

// ---------------------------------------------------------------------------------------------
// Idempotency of externally triggered actions

export interface IdempotencyRecord<R = JsonValue> {
  /** What kind of action (`submission`, `decision`…); no `#`. */
  scope: string;
  /** The caller's key (Idempotency-Key header, or a deterministic key). */
  key: string;
  /** A digest of the request: the same key with another request is refused. */
  fingerprint: string;
  result: R;
  createdAt: IsoInstant;
  ttl?: number;
  version: number;
}

// ---------------------------------------------------------------------------------------------
// Commission Permanente sessions

export const CP_SESSION_STATUSES = ['open', 'decided'] as const;
export type CpSessionStatus = (typeof CP_SESSION_STATUSES)[number];

export interface CpSession {
  id: string;
  date: IsoDate;
  deliberationNumber?: string;
  status: CpSessionStatus;
  /** The dossiers placed on the session's agenda, in the order they were placed. */
  dossierIds: string[];
  createdAt: IsoInstant;
  decidedAt?: IsoInstant;
  version: number;
}

export type NewCpSession = Pick<CpSession, 'id' | 'date'> & { deliberationNumber?: string };

// ---------------------------------------------------------------------------------------------
// Retention (TTL), as data

/** The record kinds that may be given a retention period. */
export const RETENTION_KINDS = ['idempotencyRecord', 'sentEmail'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/**
 * Days each kind of record is kept once it reaches its final state (an idempotency record from
 * its creation, an email from its sending). A kind left out is kept for ever.
 */
export type RetentionPolicy = Partial<Record<RetentionKind, number>>;
