/**
 * Item ⇄ record mappers, explicit field by field: storage attributes (keys, index keys, the task
 * token) never leak into a record, and a record's index keys are derived here only.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  deadlineId,
  type CpSession,
  type Deadline,
  type DeadlineStatus,
  type Dossier,
  type DossierSummary,
  type Envelope,
  type JsonObject,
  type NewDeadline,
  type NewOutboxEmail,
  type NewTask,
  type OutboxEmail,
  type OutboxEmailState,
  type PendingEmail,
  type Task,
  type TaskDossier,
  type TimelineEvent,
} from '#domain/ports/records.ts';
import type { DossierCommit } from '#domain/ports/commit.ts';
import type { UnconfirmedDecision } from '#domain/ports/tasks.ts';
import { summaryOf } from '../store-rules.ts';
import { normalizeEventData } from '#domain/timeline/hash-chain.ts';
import { ENTITY, indexKeys, keys } from './keys.ts';
import { UpdateBuilder, type Item } from './table.ts';

// ---------------------------------------------------------------------------------------------
// Dossier

/**
 * Each member of the workflow state is an attribute of its own (`wf_steps`…), so that a change
 * writes the members it changed only (`dossierChangeUpdate`). A dossier written before holds the
 * whole state in one attribute, `workflow` (LEGACY_WORKFLOW): read as it is, and written whole by
 * its first change (./commits.ts).
 */
export const WORKFLOW_PART_PREFIX = 'wf_';
export const LEGACY_WORKFLOW = 'workflow';

export function dossierItem(d: Dossier): Item {
  const item: Item = {
    ...keys.dossier(d.id),
    entity: ENTITY.dossier,
    id: d.id,
    reference: d.reference,
    porteurId: d.porteurId,
    dispositifCode: d.dispositifCode,
    territory: d.territory,
    status: d.status,
    ...(d.statusHistory ? { statusHistory: d.statusHistory } : {}),
    profile: d.profile,
    amounts: d.amounts,
    ...(d.workflowStamp === undefined ? {} : { workflowStamp: d.workflowStamp }),
    head: d.head,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    version: d.version,
    GSI1PK: indexKeys.porteur(d.porteurId),
    GSI1SK: indexKeys.dossierSort(d.createdAt, d.id),
    ...dossierStatusKey(d),
    GSI2SK: indexKeys.statusSort(d.dispositifCode, d.createdAt, d.id),
  };
  for (const part in d.workflow) if (d.workflow[part] !== undefined) item[WORKFLOW_PART_PREFIX + part] = d.workflow[part];
  return item;
}

/** The dossier's index key that moves with it: its status's (the others derive from fields that never change). */
function dossierStatusKey(d: Pick<Dossier, 'status'>): { GSI2PK: string } {
  return { GSI2PK: indexKeys.status(d.status) };
}

/**
 * The write of a change of a stored dossier (`DossierCommit.changed`): the fields and workflow
 * members it changed, the index key they move, updatedAt and version; the rest is left as stored.
 */
export function dossierChangeUpdate(d: Dossier, changed: NonNullable<DossierCommit['changed']>): UpdateBuilder {
  const u = new UpdateBuilder();
  const write = (attribute: string, value: unknown) => (value === undefined ? u.remove(attribute) : u.set(attribute, value));
  for (const field of changed.fields) write(field, d[field]);
  for (const part of changed.workflowParts) write(WORKFLOW_PART_PREFIX + part, d.workflow[part]);
  if (changed.fields.includes('status')) u.set('GSI2PK', dossierStatusKey(d).GSI2PK);
  return u.set('updatedAt', d.updatedAt).set('version', d.version);
}

function workflowOfItem(item: Item): Dossier['workflow'] {
  const legacy = item[LEGACY_WORKFLOW];
  if (legacy !== undefined) return legacy as Dossier['workflow'];
  const workflow: Dossier['workflow'] = {};
  for (const attribute in item)
    if (attribute.startsWith(WORKFLOW_PART_PREFIX)) workflow[attribute.slice(WORKFLOW_PART_PREFIX.length)] = item[attribute];
  return workflow;
}

export function toDossierSummary(item: Item): DossierSummary {
  return summaryOf(item as unknown as Dossier);
}

export function toDossier(item: Item): Dossier {
  // The summary's object completed, not copied into another.
  const dossier = toDossierSummary(item) as Dossier;
  dossier.workflow = workflowOfItem(item);
  if (typeof item.workflowStamp === 'string') dossier.workflowStamp = item.workflowStamp;
  dossier.head = item.head as Dossier['head'];
  dossier.updatedAt = item.updatedAt as string;
  dossier.version = item.version as number;
  return dossier;
}

// ---------------------------------------------------------------------------------------------
// Task

export function newTaskItem(task: NewTask, createdAt: string): Item {
  return {
    ...keys.task(task.dossierId, task.id),
    entity: ENTITY.task,
    id: task.id,
    dossierId: task.dossierId,
    kind: task.kind,
    role: task.role,
    territory: task.territory,
    status: 'open',
    allowedDecisions: [...task.allowedDecisions],
    dueAt: task.dueAt,
    createdAt,
    version: 1,
    ...(task.dossier ? { dossier: { ...task.dossier } } : {}),
    taskToken: task.taskToken,
    GSI3PK: indexKeys.inbox(task.role, task.territory),
    GSI3SK: indexKeys.inboxSort(task.dueAt, task.id),
  };
}

export function toTask(item: Item): Task {
  const task: Task = {
    id: item.id as string,
    dossierId: item.dossierId as string,
    kind: item.kind as string,
    role: item.role as string,
    territory: item.territory as string,
    status: item.status as Task['status'],
    allowedDecisions: item.allowedDecisions as string[],
    dueAt: item.dueAt as string,
    createdAt: item.createdAt as string,
    version: item.version as number,
  };
  if (item.dossier !== undefined) task.dossier = item.dossier as TaskDossier;
  if (item.decision !== undefined) task.decision = item.decision as string;
  if (item.decidedBy !== undefined) task.decidedBy = item.decidedBy as string;
  if (item.decidedAt !== undefined) task.decidedAt = item.decidedAt as string;
  if (item.comment !== undefined) task.comment = item.comment as string;
  if (item.details !== undefined) task.details = item.details as JsonObject;
  if (item.closedAt !== undefined) task.closedAt = item.closedAt as string;
  return task;
}

export function toUnconfirmedDecision(item: Item): UnconfirmedDecision {
  return {
    taskId: item.id as string,
    dossierId: item.dossierId as string,
    decision: item.decision as string,
    decidedAt: item.decidedAt as string,
    taskToken: item.taskToken as string,
  };
}

// ---------------------------------------------------------------------------------------------
// Deadline

export function newDeadlineItem(deadline: NewDeadline, createdAt: string): Item {
  const id = deadlineId(deadline.dossierId, deadline.kind, deadline.ref);
  return {
    ...keys.deadline(id)!,
    entity: ENTITY.deadline,
    id,
    dossierId: deadline.dossierId,
    kind: deadline.kind,
    ref: deadline.ref,
    dueDate: deadline.dueDate,
    status: 'pending',
    data: normalizeEventData(deadline.data ?? {}),
    createdAt,
    updatedAt: createdAt,
    version: 1,
    GSI4PK: indexKeys.dueMonth(deadline.dueDate),
    GSI4SK: indexKeys.dueSort(deadline.dueDate, id),
  };
}

export function toDeadline(item: Item): Deadline {
  return {
    id: item.id as string,
    dossierId: item.dossierId as string,
    kind: item.kind as string,
    ref: item.ref as string,
    dueDate: item.dueDate as string,
    status: item.status as DeadlineStatus,
    data: (item.data ?? {}) as JsonObject,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

// ---------------------------------------------------------------------------------------------
// Timeline event

export function timelineEventItem(e: TimelineEvent): Item {
  return { ...keys.timelineEvent(e.dossierId, e.seq), entity: ENTITY.timelineEvent, ...e };
}

export function toTimelineEvent(item: Item): TimelineEvent {
  return {
    dossierId: item.dossierId as string,
    seq: item.seq as number,
    at: item.at as string,
    type: item.type as string,
    actor: item.actor as string,
    data: (item.data ?? {}) as JsonObject,
    prevHash: item.prevHash as string,
    hash: item.hash as string,
  };
}

// ---------------------------------------------------------------------------------------------
// Email

/**
 * An email's text and HTML, gzipped into one binary attribute: 4–7 KB rendered, ≈ 1.5 KB stored.
 * Every write of the item (queued in its commit, claimed, sent) costs write units by its size.
 *
 * An 8 KB window and memLevel 6 instead of zlib's 32 KB and 8: the same bytes out for bodies up to
 * 8 KB (all of them today; a longer one loses only matches more than 8 KB back), read by any
 * gunzip, but a deflate state of ≈ 64 KB instead of ≈ 256 KB. Each call allocates its state afresh,
 * and with the platform's malloc trim threshold (infra/local/node-flags.ts) the large one was
 * faulted in page by page every time: ≈ 23 page faults and ≈ 0.5 ms of CPU per email, ≈ 4 and
 * ≈ 0.1 ms with this one.
 */
const EMAIL_BODY_GZIP = { windowBits: 13, memLevel: 6 } as const;

function emailBody(text: string, html: string): Uint8Array {
  return gzipSync(JSON.stringify({ text, html }), EMAIL_BODY_GZIP);
}

export function newEmailItem(email: NewOutboxEmail, createdAt: string): Item {
  return {
    ...keys.email(email.idempotencyKey),
    entity: ENTITY.email,
    idempotencyKey: email.idempotencyKey,
    to: [...email.to],
    subject: email.subject,
    body: emailBody(email.text, email.html),
    kind: email.kind,
    ...(email.dossierId === undefined ? {} : { dossierId: email.dossierId }),
    status: 'pending',
    attempts: 0,
    createdAt,
    nextAttemptAt: createdAt,
    version: 1,
    GSI4PK: indexKeys.pendingEmails,
    GSI4SK: indexKeys.pendingEmailSort(createdAt, email.idempotencyKey),
  };
}

export function toEmail(item: Item): OutboxEmail {
  const { text, html } = JSON.parse(gunzipSync(item.body as Uint8Array).toString('utf8')) as { text: string; html: string };
  return { ...toEmailState(item), text, html };
}

/** The email without its content (its body is not decompressed). */
export function toEmailState(item: Item): OutboxEmailState {
  const email: OutboxEmailState = {
    idempotencyKey: item.idempotencyKey as string,
    to: item.to as string[],
    subject: item.subject as string,
    kind: item.kind as string,
    status: item.status as OutboxEmail['status'],
    attempts: item.attempts as number,
    createdAt: item.createdAt as string,
    nextAttemptAt: item.nextAttemptAt as string,
    version: item.version as number,
  };
  if (item.dossierId !== undefined) email.dossierId = item.dossierId as string;
  if (item.lastError !== undefined) email.lastError = item.lastError as string;
  if (item.sentAt !== undefined) email.sentAt = item.sentAt as string;
  if (item.messageId !== undefined) email.messageId = item.messageId as string;
  if (item.ttl !== undefined) email.ttl = item.ttl as number;
  return email;
}

export function toPendingEmail(item: Item): PendingEmail {
  return {
    idempotencyKey: item.idempotencyKey as string,
    status: item.status as PendingEmail['status'],
    attempts: item.attempts as number,
    nextAttemptAt: item.nextAttemptAt as string,
    version: item.version as number,
  };
}

// ---------------------------------------------------------------------------------------------
// Envelope, CP session

export function toEnvelope(item: Item): Envelope {
  return {
    dispositifCode: item.dispositifCode as string,
    totalCents: item.totalCents as number,
    committedCents: item.committedCents as number,
    remainingCents: item.remainingCents as number,
    version: item.version as number,
  };
}

export function toCpSession(item: Item): CpSession {
  const session: CpSession = {
    id: item.id as string,
    date: item.date as string,
    createdAt: item.createdAt as string,
    version: item.version as number,
  };
  if (item.deliberationNumber !== undefined) session.deliberationNumber = item.deliberationNumber as string;
  return session;
}
