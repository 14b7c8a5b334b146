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

/**
 * What the dossier's life needs of its submission, taken from it at filing and never changed:
 * who to write to and about what. The submission itself (≈ 5 KB) is stored apart and read only
 * where it is shown (`DossierStore.getSubmission`).
 */
export interface DossierProfile {
  porteurName: string;
  contactEmail: string;
  projectTitle: string;
  /** Every territory of the operation (the dossier's own `territory` is the first). */
  territories: string[];
  /** The publics the operation serves (codes of data/catalog/publics.json). */
  publics: string[];
  /** The operation's period as filed (an avenant may move its end: `workflow.operation`). */
  operation: { startDate: IsoDate; endDate: IsoDate };
  /** The porteur's fiscal year end, `MM-DD`. */
  fiscalYearEnd: string;
  /** How many participants the porteur planned (the dispositif's indicators' targets count from it; absent from dossiers filed before it was kept). */
  participantsPlanned?: number;
  /** The indicators the porteur proposed, with their targets (absent: none). */
  indicators?: { name: string; target: number }[];
  /** How the dossier entered, when not filed by its porteur on E-partenaire (domain/workflow/entry-channels.ts). */
  entry?: DossierEntry;
  /** The structure's SIRET: its annual documents are owed once per fiscal year for all its dossiers (absent from dossiers filed before it was kept). */
  siret?: string;
}

/** A dossier received by the channel its dispositif has outside E-partenaire (call, « Modalités de dépôt »). */
export type DossierEntry =
  /** Filed by the porteur through the individual filing space the service opened for it. */
  | { channel: 'spslh-word'; invitationId: string }
  /** Registered by the instructing service from its Démarches simplifiées dossier. */
  | { channel: 'demarches-simplifiees'; demarchesSimplifieesNumber: string; registeredBy: string };

/** Where the dossier's workflow stands (free form: the workflow layer owns and validates it). */
export type DossierWorkflow = Record<string, unknown>;

/** The last event of a dossier's timeline: the next one chains after it (seq 0: none yet). */
export interface TimelineHead {
  seq: number;
  hash: string;
}

/** A status the dossier entered, and when. */
export interface StatusChange {
  status: DossierStatus;
  at: IsoInstant;
}

export interface Dossier {
  /** Opaque id, URL-safe characters (it is embedded in other keys and in its tasks' ids). */
  id: string;
  /** Human-readable reference, e.g. `AAP26-1.1-000042`. */
  reference: string;
  porteurId: string;
  dispositifCode: string;
  /** Primary territory code. */
  territory: string;
  status: DossierStatus;
  /**
   * Every status it entered, in order, from its filing (kept by every change of status: the
   * campaign's dossiers by step over time read it from the listings). Absent from a dossier
   * written before it was kept: its current status since its filing stands for it.
   */
  statusHistory?: StatusChange[];
  profile: DossierProfile;
  amounts: DossierAmounts;
  workflow: DossierWorkflow;
  /**
   * The stamp of the schema that validated `workflow` when it was written (domain/workflow/state.ts:
   * a reader with the same schema trusts it); absent when written unvalidated or before stamps.
   */
  workflowStamp?: string;
  /** The head of its timeline: every change of the dossier and the events that prove it are written together. */
  head: TimelineHead;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  version: number;
}

/** What a listing of dossiers shows (the index projections carry these attributes only). */
export type DossierSummary = Pick<
  Dossier,
  'id' | 'reference' | 'porteurId' | 'dispositifCode' | 'territory' | 'status' | 'statusHistory' | 'profile' | 'amounts' | 'createdAt'
>;

/** The fields a change may set. `id`, `reference`, `porteurId`, `dispositifCode`, `profile` and `createdAt` never change. */
export type DossierPatch = Partial<Pick<Dossier, 'status' | 'territory' | 'amounts' | 'workflow'>>;

// ---------------------------------------------------------------------------------------------
// Task (a human step waiting in an inbox, with the Step Functions callback token)

export const TASK_STATUSES = ['open', 'decided', 'expired', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task as the API may show it: never its callback token. */
export interface Task {
  /** `<dossierId><128 random-looking bits, base64url>` (`taskIdFor`): unguessable, and it names its dossier. */
  id: string;
  dossierId: string;
  kind: string;
  role: string;
  territory: string;
  status: TaskStatus;
  allowedDecisions: string[];
  dueAt: IsoInstant;
  createdAt: IsoInstant;
  /** Its dossier as an inbox shows it (absent from tasks written before it was kept). */
  dossier?: TaskDossier;
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

/** A task with its secret callback token: for the code that answers the callback only. */
export interface TaskWithToken {
  task: Task;
  taskToken: string;
}

/** What a commit creates: an open task with its secret callback token. */
/**
 * What an inbox shows of a task's dossier, written with the task from the dossier it was opened on
 * (none of it changes during a step): an inbox is one query, reading no dossier.
 */
export interface TaskDossier {
  reference: string;
  porteurName: string;
  projectTitle: string;
  dispositifCode: string;
  territory: string;
}

export interface NewTask {
  id: string;
  dossierId: string;
  kind: string;
  role: string;
  territory: string;
  allowedDecisions: string[];
  dueAt: IsoInstant;
  /** Its dossier as an inbox shows it (absent from tasks written before it was kept). */
  dossier?: TaskDossier;
  /** The Step Functions task token: secret, never in a `Task`. */
  taskToken: string;
}

/** A decision recorded on an open task (the commit refuses it if the task is no longer open or does not allow it). */
export interface TaskDecision {
  taskId: string;
  decision: string;
  decidedBy: string;
  comment?: string;
  details?: JsonObject;
}

/** The length of a task id's random part (128 bits, base64url), after its dossier's id. */
const TASK_RANDOM_LENGTH = 22;

/** The id of a task of a dossier: the dossier's id, then 22 random-looking URL-safe characters (plain URL path characters). */
export function composeTaskId(dossierId: string, randomPart: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(randomPart) || randomPart.length !== TASK_RANDOM_LENGTH)
    throw new RangeError(`a task id's random part is ${TASK_RANDOM_LENGTH} URL-safe characters`);
  return `${dossierId}${randomPart}`;
}

/** The dossier a task id names, or undefined when it is not a task id. */
export function dossierIdOfTask(taskId: string): string | undefined {
  return isTaskId(taskId) ? taskId.slice(0, -TASK_RANDOM_LENGTH) : undefined;
}

/** A task id as `composeTaskId` makes them. */
export function isTaskId(value: string): boolean {
  return value.length > TASK_RANDOM_LENGTH && /^[A-Za-z0-9_-]{1,200}$/.test(value);
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

/** The dossier of a deadline id (the part before its first `#`). */
export function dossierIdOfDeadline(id: string): string | undefined {
  const cut = id.indexOf('#');
  return cut > 0 ? id.slice(0, cut) : undefined;
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
  /** The previous event's hash; `GENESIS_HASH` for seq 1. */
  prevHash: string;
  /** sha256 (hex) of the canonical JSON of every other field (see domain/timeline/hash-chain.ts). */
  hash: string;
}

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
  /** Deterministic per email owed (e.g. `acknowledgement#<dossierId>`): the same email is never queued twice. */
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

/** An email's record without its content (what a write after the claim answers: nobody reads the content there). */
export type OutboxEmailState = Omit<OutboxEmail, 'text' | 'html'>;

/** What the sender lists: enough to claim the email (its content comes with the claim). */
export type PendingEmail = Pick<OutboxEmail, 'idempotencyKey' | 'status' | 'attempts' | 'nextAttemptAt' | 'version'>;

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
  version: number;
}

/** A favourable decision's amount taken from its dispositif's envelope (created with `totalCents` if it is not yet). */
export interface EnvelopeCommitment {
  dispositifCode: string;
  /** The envelope's total, from the catalog: an envelope stored with another total is a conflict. */
  totalCents: number;
  dossierId: string;
  cents: number;
}

// ---------------------------------------------------------------------------------------------
// Filing (the porteur's submission: its idempotency and its reference)

/** What a filing finds before it writes (`FilingStore.lookup`). */
export interface FilingLookup {
  /** The dossier of this (porteur, key) is already filed: the fingerprint of what was filed. */
  filedFingerprint?: string;
  /** The same content was filed by this porteur under another key, for this dossier (within retention). */
  sameContentAs?: string;
  /** The dispositif's last reference number (0: none yet). */
  lastReferenceNumber: number;
}

/** The filing's part of a creating commit: its content claim and its reference number. */
export interface FilingWrite {
  /** `${porteurId}:${dispositifCode}:${fingerprint}`: a live claim by another dossier refuses the commit. */
  contentKey: string;
  fingerprint: string;
  /** The number read (`lastReferenceNumber`): the commit takes the next one only if no other filing took it meanwhile. */
  previousReferenceNumber: number;
}

// ---------------------------------------------------------------------------------------------
// Filing invitation (the individual filing space the service opens for a named porteur)

export interface FilingInvitation {
  /** 128 random bits, base64url: the link's secret part. */
  id: string;
  dispositifCode: string;
  /** The structure invited: only a dossier of this SIRET may be filed through it. */
  siret: string;
  porteurName: string;
  email: string;
  /** Who opened it (`role:id`). */
  openedBy: string;
  openedAt: IsoInstant;
  /** The last Paris day it may be filed through (domain/deadlines/filing-invitation.ts). */
  expiresOn: IsoDate;
}

// ---------------------------------------------------------------------------------------------
// Commission Permanente sessions

export interface CpSession {
  /** `cp-<date>`. */
  id: string;
  date: IsoDate;
  deliberationNumber?: string;
  createdAt: IsoInstant;
  version: number;
}

export type NewCpSession = Pick<CpSession, 'id' | 'date'> & { deliberationNumber?: string };

// ---------------------------------------------------------------------------------------------
// Retention (TTL), as data

/** The record kinds that may be given a retention period. */
export const RETENTION_KINDS = ['idempotencyRecord', 'sentEmail'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/**
 * Days each kind of record is kept once it reaches its final state (an idempotency record —
 * an action's marker, a filing's content claim — from its creation, an email from its sending).
 * A kind left out is kept for ever.
 */
export type RetentionPolicy = Partial<Record<RetentionKind, number>>;
