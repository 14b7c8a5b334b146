/**
 * What every storage adapter checks and derives the same way (adapters/dynamodb, adapters/memory):
 * the shape of a commit's records (a malformed id or amount is a bug, refused before anything is
 * written), retention periods as TTLs, a dossier's listing summary.
 */
import type { DossierCommit } from '#domain/ports/commit.ts';
import {
  deadlineId,
  dossierIdOfTask,
  isDossierStatus,
  isTaskId,
  type Dossier,
  type DossierSummary,
  type NewTask,
  type RetentionKind,
  type RetentionPolicy,
} from '#domain/ports/records.ts';
import { isIsoDate } from '#domain/time/iso-date.ts';

const SECONDS_PER_DAY = 86_400;

/** The longest error text kept on an email. */
export const MAX_ERROR_TEXT = 2_000;

/** Epoch seconds at which a record of this kind, reaching its final state at `from`, may go. */
export function ttlFor(retention: RetentionPolicy, kind: RetentionKind, from: Date): number | undefined {
  const days = retention[kind];
  if (days === undefined) return undefined;
  return Math.floor(from.getTime() / 1000) + Math.ceil(days * SECONDS_PER_DAY);
}

export function assertRetention(retention: RetentionPolicy): void {
  for (const [kind, days] of Object.entries(retention)) {
    if (days !== undefined && (!Number.isFinite(days) || days <= 0)) {
      throw new RangeError(`retention for ${kind} must be a positive number of days, got ${days}`);
    }
  }
}

export function assertNoHash(what: string, value: string): void {
  if (value.length === 0) throw new RangeError(`${what} must not be empty`);
  if (value.includes('#')) throw new RangeError(`${what} must not contain "#": ${JSON.stringify(value)}`);
}

function assertInstant(what: string, value: string): void {
  const t = Date.parse(value);
  if (Number.isNaN(t) || new Date(t).toISOString() !== value) {
    throw new RangeError(`${what} must be an ISO instant as toISOString() writes it, got ${JSON.stringify(value)}`);
  }
}

function assertCents(what: string, cents: number, allowZero: boolean): void {
  if (!Number.isSafeInteger(cents) || cents < 0 || (!allowZero && cents === 0)) {
    throw new RangeError(`${what} must be a whole number of cents${allowZero ? ' ≥ 0' : ' > 0'}, got ${cents}`);
  }
}

export function validateTask(task: NewTask): void {
  if (!isTaskId(task.id) || dossierIdOfTask(task.id) !== task.dossierId)
    throw new RangeError(`task id ${task.id} must be <dossier id><22 URL-safe random characters> (taskIdFor())`);
  assertNoHash('task role', task.role);
  assertNoHash('task territory', task.territory);
  assertInstant('task dueAt', task.dueAt);
  if (task.allowedDecisions.length === 0) throw new RangeError('a task allows at least one decision');
  if (!task.taskToken) throw new RangeError('a task needs its callback token');
}

/** Refuses a malformed commit before anything is written (a bug of the caller, not a conflict). */
export function validateCommit(c: DossierCommit): void {
  const d = c.dossier;
  assertNoHash('dossier id', d.id);
  if (!/^[A-Za-z0-9_-]+$/.test(d.id)) throw new RangeError(`dossier id must be URL-safe characters: ${JSON.stringify(d.id)}`);
  assertNoHash('dispositifCode', d.dispositifCode);
  if (!isDossierStatus(d.status)) throw new RangeError(`unknown dossier status ${String(d.status)}`);
  if (d.version !== c.expectedVersion + 1) throw new RangeError(`dossier ${d.id}: version ${d.version} after ${c.expectedVersion}`);
  if ((c.expectedVersion === 0) !== (c.filing !== undefined)) throw new RangeError('a filing, and only a filing, creates a dossier');
  if (c.changed && c.expectedVersion === 0) throw new RangeError('a filing writes the whole dossier');
  if (c.changed && c.events.length > 0 && !c.changed.fields.includes('head'))
    throw new RangeError(`dossier ${d.id}: events without their head`);
  let seq = c.events[0] ? c.events[0].seq - 1 : d.head.seq;
  for (const e of c.events) {
    if (e.dossierId !== d.id || e.seq !== ++seq) throw new RangeError(`dossier ${d.id}: event ${e.seq} out of sequence`);
  }
  if (c.events.length > 0 && (d.head.seq !== seq || d.head.hash !== c.events.at(-1)!.hash))
    throw new RangeError(`dossier ${d.id}: head does not follow its events`);
  if (c.marker && !c.marker.key) throw new RangeError('a marker needs a key');
  for (const e of c.emails) {
    if (!e.idempotencyKey) throw new RangeError('an email needs an idempotency key');
    if (e.to.length === 0) throw new RangeError('an email needs at least one recipient');
  }
  for (const deadline of c.deadlines) {
    if (!isIsoDate(deadline.dueDate)) throw new RangeError(`deadline dueDate must be YYYY-MM-DD, got ${deadline.dueDate}`);
    if (deadline.dossierId !== d.id) throw new RangeError(`deadline of ${deadline.dossierId} in a commit of ${d.id}`);
    assertNoHash('deadline kind', deadline.kind);
  }
  for (const t of c.tasks) {
    validateTask(t);
    if (t.dossierId !== d.id) throw new RangeError(`task of ${t.dossierId} in a commit of ${d.id}`);
  }
  if (c.decision && dossierIdOfTask(c.decision.taskId) !== d.id) throw new RangeError(`decision on a task of another dossier`);
  if (c.confirmDecision && dossierIdOfTask(c.confirmDecision) !== d.id) throw new RangeError(`confirmation of a task of another dossier`);
  // One item, one write (DynamoDB refuses two operations on one item in a transaction).
  const taskIds = [
    ...c.tasks.map((t) => t.id),
    ...c.closeTasks.map((t) => t.id),
    ...(c.decision ? [c.decision.taskId] : []),
    ...(c.confirmDecision ? [c.confirmDecision] : []),
  ];
  const deadlineIds = [...c.deadlines.map((x) => deadlineId(x.dossierId, x.kind, x.ref)), ...c.closeDeadlines.map((x) => x.id)];
  const emailKeys = c.emails.map((e) => e.idempotencyKey);
  for (const [what, ids] of [
    ['task', taskIds],
    ['deadline', deadlineIds],
    ['email', emailKeys],
  ] as const) {
    if (ids.length > 1 && new Set(ids).size !== ids.length) throw new RangeError(`a commit writes each ${what} once: ${ids.join(', ')}`);
  }
  if (c.envelope) {
    assertNoHash('envelope dispositifCode', c.envelope.dispositifCode);
    assertCents('envelope total', c.envelope.totalCents, true);
    assertCents('commitment', c.envelope.cents, false);
    if (c.envelope.dossierId !== d.id) throw new RangeError(`envelope commitment of ${c.envelope.dossierId} in a commit of ${d.id}`);
  }
}

/** What a listing shows of a dossier (the index projections carry these attributes). */
export function summaryOf(d: Dossier): DossierSummary {
  return {
    id: d.id,
    reference: d.reference,
    porteurId: d.porteurId,
    dispositifCode: d.dispositifCode,
    territory: d.territory,
    status: d.status,
    ...(d.statusHistory ? { statusHistory: d.statusHistory } : {}),
    profile: d.profile,
    amounts: d.amounts,
    createdAt: d.createdAt,
  };
}

/** The attributes of a dossier listing (and of the indexes that serve it). */
export const SUMMARY_ATTRIBUTES = [
  'id',
  'reference',
  'porteurId',
  'dispositifCode',
  'territory',
  'status',
  'statusHistory',
  'profile',
  'amounts',
  'createdAt',
] as const satisfies readonly (keyof DossierSummary)[];
