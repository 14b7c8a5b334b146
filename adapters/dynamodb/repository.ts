/**
 * The DynamoDB implementation of the storage ports (domain/ports/repositories.ts), on the one
 * table of ./table-design.ts. Key layout and key conditions: ./ACCESS-PATTERNS.md.
 *
 * Every state change is a single-item conditional write (no transactions: DynamoDB Local
 * stand-ins such as dynalite lack them, and none is needed). When a condition fails, the item is
 * read back to tell which typed refusal it was (domain/ports/errors.ts); any other error
 * propagates unchanged.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '#domain/time/clock.ts';
import { isIsoDate } from '#domain/time/iso-date.ts';
import type { IsoDate } from '#domain/time/paris.ts';
import { chainEvent, normalizeEventData, verifyChain } from '#domain/timeline/hash-chain.ts';
import { isOpaqueId } from '#domain/ports/ids.ts';
import {
  CpSessionClosedError,
  DeadlineNotPendingError,
  DecisionNotAllowedError,
  EmailAlreadySentError,
  EnvelopeConflictError,
  EnvelopeExceededError,
  IdempotencyKeyReusedError,
  InvalidTransitionError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  TaskAlreadyDecidedError,
  VersionConflictError,
} from '#domain/ports/errors.ts';
import {
  deadlineId,
  isDossierStatus,
  type CpSession,
  type Deadline,
  type DeadlineStatus,
  type Dossier,
  type DossierPatch,
  type DossierStatus,
  type Envelope,
  type IdempotencyRecord,
  type JsonObject,
  type JsonValue,
  type NewCpSession,
  type NewDeadline,
  type NewDossier,
  type NewOutboxEmail,
  type NewTask,
  type NewTimelineEvent,
  type OutboxEmail,
  type RetentionKind,
  type RetentionPolicy,
  type Task,
  type TimelineEvent,
  type TimelineVerification,
} from '#domain/ports/records.ts';
import type { IdempotencyPutResult, Repository } from '#domain/ports/repositories.ts';
import { DOSSIER_SK_PREFIX, ENTITY, assertNoHash, indexKeys, keys, type PrimaryKey } from './keys.ts';
import { INDEX } from './table-design.ts';

export interface DynamoRepositoryConfig {
  client: DynamoDBClient;
  tableName: string;
  /** The one source of "now" (timestamps, TTLs, due pending emails). */
  clock: Clock;
  /** Days each kind of record is kept (TTL); a kind left out is kept for ever. */
  retention?: RetentionPolicy;
  /** First part of dossier references: `AAP26` gives `AAP26-1.1-000042`. */
  referencePrefix?: string;
  /** How many times a timeline append retries after losing the race for a seq (default 200). */
  timelineAppendAttempts?: number;
}

type Item = Record<string, unknown>;

const SECONDS_PER_DAY = 86_400;
const MAX_ERROR_TEXT = 2_000;

function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

function assertCents(what: string, cents: number, allowZero: boolean): void {
  if (!Number.isSafeInteger(cents) || cents < 0 || (!allowZero && cents === 0)) {
    throw new RangeError(`${what} must be a whole number of cents${allowZero ? ' ≥ 0' : ' > 0'}, got ${cents}`);
  }
}

function assertInstant(what: string, value: string): void {
  const t = Date.parse(value);
  if (Number.isNaN(t) || new Date(t).toISOString() !== value) {
    throw new RangeError(`${what} must be an ISO instant as toISOString() writes it, got ${JSON.stringify(value)}`);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Collects the parts of an UpdateExpression with placeholder names. */
class UpdateBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  readonly #set: string[] = [];
  readonly #remove: string[] = [];
  #n = 0;

  name(attribute: string): string {
    const placeholder = `#a${this.#n++}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }
  value(v: unknown): string {
    const placeholder = `:v${this.#n++}`;
    this.values[placeholder] = v;
    return placeholder;
  }
  set(attribute: string, v: unknown): this {
    this.#set.push(`${this.name(attribute)} = ${this.value(v)}`);
    return this;
  }
  setRaw(expression: string): this {
    this.#set.push(expression);
    return this;
  }
  remove(...attributes: string[]): this {
    for (const a of attributes) this.#remove.push(this.name(a));
    return this;
  }
  /** `version = version + 1`. */
  bumpVersion(): this {
    const v = this.name('version');
    return this.setRaw(`${v} = ${v} + ${this.value(1)}`);
  }
  expression(): string {
    const parts: string[] = [];
    if (this.#set.length) parts.push(`SET ${this.#set.join(', ')}`);
    if (this.#remove.length) parts.push(`REMOVE ${this.#remove.join(', ')}`);
    return parts.join(' ');
  }
  /** ExpressionAttributeValues, or undefined when none (DynamoDB refuses an empty map). */
  valuesOrUndefined(): Record<string, unknown> | undefined {
    return Object.keys(this.values).length ? this.values : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Item ⇄ record mappers: explicit fields, so storage attributes (keys, GSI keys, the task token)
// never leak into a record.

function toDossier<S extends object>(item: Item): Dossier<S> {
  return {
    id: item.id as string,
    reference: item.reference as string,
    porteurId: item.porteurId as string,
    dispositifCode: item.dispositifCode as string,
    territory: item.territory as string,
    status: item.status as DossierStatus,
    submission: item.submission as S,
    amounts: item.amounts as Dossier['amounts'],
    workflow: (item.workflow ?? {}) as Dossier['workflow'],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function toTask(item: Item): Task {
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
  if (item.decision !== undefined) task.decision = item.decision as string;
  if (item.decidedBy !== undefined) task.decidedBy = item.decidedBy as string;
  if (item.decidedAt !== undefined) task.decidedAt = item.decidedAt as string;
  if (item.comment !== undefined) task.comment = item.comment as string;
  if (item.details !== undefined) task.details = item.details as JsonObject;
  if (item.closedAt !== undefined) task.closedAt = item.closedAt as string;
  return task;
}

function toDeadline(item: Item): Deadline {
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

function toTimelineEvent(item: Item): TimelineEvent {
  return {
    dossierId: item.dossierId as string,
    seq: item.seq as number,
    at: item.at as string,
    type: item.type as string,
    actor: item.actor as string,
    data: (item.data ?? {}) as JsonObject,
    prevHash: item.prevHash as string,
    hash: item.hash as string,
    ...(item.idempotencyKey === undefined ? {} : { idempotencyKey: item.idempotencyKey as string }),
  };
}

function toEmail(item: Item): OutboxEmail {
  const email: OutboxEmail = {
    idempotencyKey: item.idempotencyKey as string,
    to: item.to as string[],
    subject: item.subject as string,
    text: item.text as string,
    html: item.html as string,
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

function toEnvelope(item: Item): Envelope {
  return {
    dispositifCode: item.dispositifCode as string,
    totalCents: item.totalCents as number,
    committedCents: item.committedCents as number,
    remainingCents: item.remainingCents as number,
    commitments: { ...((item.commitments ?? {}) as Record<string, number>) },
    version: item.version as number,
  };
}

function toIdempotencyRecord<R>(item: Item): IdempotencyRecord<R> {
  const record: IdempotencyRecord<R> = {
    scope: item.scope as string,
    key: item.key as string,
    fingerprint: item.fingerprint as string,
    result: item.result as R,
    createdAt: item.createdAt as string,
    version: item.version as number,
  };
  if (item.ttl !== undefined) record.ttl = item.ttl as number;
  return record;
}

function toCpSession(item: Item): CpSession {
  const session: CpSession = {
    id: item.id as string,
    date: item.date as string,
    status: item.status as CpSession['status'],
    dossierIds: [...((item.dossierIds ?? []) as string[])],
    createdAt: item.createdAt as string,
    version: item.version as number,
  };
  if (item.deliberationNumber !== undefined) session.deliberationNumber = item.deliberationNumber as string;
  if (item.decidedAt !== undefined) session.decidedAt = item.decidedAt as string;
  return session;
}

const DOSSIER_PATCH_FIELDS = ['status', 'territory', 'submission', 'amounts', 'workflow'] as const;

export class DynamoRepository<S extends object = Record<string, unknown>> implements Repository<S> {
  readonly tableName: string;
  readonly #doc: DynamoDBDocumentClient;
  readonly #clock: Clock;
  readonly #retention: RetentionPolicy;
  readonly #referencePrefix: string;
  readonly #timelineAttempts: number;

  constructor(config: DynamoRepositoryConfig) {
    this.tableName = config.tableName;
    this.#doc = DynamoDBDocumentClient.from(config.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.#clock = config.clock;
    this.#retention = { ...config.retention };
    this.#referencePrefix = config.referencePrefix ?? 'AAP26';
    this.#timelineAttempts = config.timelineAppendAttempts ?? 200;
    for (const [kind, days] of Object.entries(this.#retention)) {
      if (days !== undefined && (!Number.isFinite(days) || days <= 0)) {
        throw new RangeError(`retention for ${kind} must be a positive number of days, got ${days}`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  #nowIso(): string {
    return this.#clock.now().toISOString();
  }

  /** Epoch seconds at which a record of this kind, reaching its final state at `from`, may go. */
  #ttlFor(kind: RetentionKind, from: Date): number | undefined {
    const days = this.#retention[kind];
    if (days === undefined) return undefined;
    return Math.floor(from.getTime() / 1000) + Math.ceil(days * SECONDS_PER_DAY);
  }

  async #get(key: PrimaryKey): Promise<Item | undefined> {
    const out = await this.#doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  /** Puts an item only if its key is free; false when it was taken. */
  async #putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.#doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * A conditional update returning the new item, or `undefined` when the condition failed
   * (the caller reads the item back to say why).
   */
  async #update(key: PrimaryKey, u: UpdateBuilder, condition: string): Promise<Item | undefined> {
    try {
      const out = await this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: u.expression(),
          ConditionExpression: condition,
          ExpressionAttributeNames: u.names,
          ExpressionAttributeValues: u.valuesOrUndefined(),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** Every page of a query, or the first `limit` items. */
  async #query(input: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.#doc.send(
        new QueryCommand({
          ...input,
          TableName: this.tableName,
          ExclusiveStartKey: start,
          ...(limit !== undefined ? { Limit: limit - items.length } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  // -------------------------------------------------------------------------------------------
  // Dossiers

  async createDossier(dossier: NewDossier<S>): Promise<Dossier<S>> {
    assertNoHash('dossier id', dossier.id);
    assertNoHash('dispositifCode', dossier.dispositifCode);
    if (!isDossierStatus(dossier.status)) throw new RangeError(`unknown dossier status ${String(dossier.status)}`);
    const now = this.#nowIso();
    const record: Dossier<S> = {
      id: dossier.id,
      reference: dossier.reference,
      porteurId: dossier.porteurId,
      dispositifCode: dossier.dispositifCode,
      territory: dossier.territory,
      status: dossier.status,
      submission: dossier.submission,
      amounts: dossier.amounts,
      workflow: dossier.workflow,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const created = await this.#putIfAbsent({
      ...keys.dossier(dossier.id),
      entity: ENTITY.dossier,
      ...record,
      GSI1PK: indexKeys.porteur(record.porteurId),
      GSI1SK: indexKeys.dossierSort(now, record.id),
      GSI2PK: indexKeys.status(record.status),
      GSI2SK: indexKeys.statusSort(record.dispositifCode, now, record.id),
    });
    if (!created) throw new RecordAlreadyExistsError('dossier', dossier.id);
    return record;
  }

  async getDossier(id: string): Promise<Dossier<S> | undefined> {
    const item = await this.#get(keys.dossier(id));
    return item ? toDossier<S>(item) : undefined;
  }

  #dossierUpdate(patch: DossierPatch<S>): UpdateBuilder {
    const u = new UpdateBuilder();
    for (const field of DOSSIER_PATCH_FIELDS) {
      const value = patch[field];
      if (value === undefined) continue;
      if (field === 'status') {
        if (!isDossierStatus(value)) throw new RangeError(`unknown dossier status ${String(value)}`);
        u.set('GSI2PK', indexKeys.status(value));
      }
      u.set(field, value);
    }
    return u.set('updatedAt', this.#nowIso()).bumpVersion();
  }

  async updateDossier(id: string, expectedVersion: number, patch: DossierPatch<S>): Promise<Dossier<S>> {
    const u = this.#dossierUpdate(patch);
    const condition = `attribute_exists(PK) AND ${u.name('version')} = ${u.value(expectedVersion)}`;
    const item = await this.#update(keys.dossier(id), u, condition);
    if (item) return toDossier<S>(item);
    const current = await this.getDossier(id);
    if (!current) throw new RecordNotFoundError('dossier', id);
    throw new VersionConflictError('dossier', id, expectedVersion, current.version);
  }

  async transitionDossier(
    id: string,
    from: readonly DossierStatus[],
    to: DossierStatus,
    patch: Omit<DossierPatch<S>, 'status'> = {},
  ): Promise<Dossier<S>> {
    if (from.length === 0) throw new RangeError('transitionDossier needs at least one status to start from');
    const u = this.#dossierUpdate({ ...patch, status: to });
    const status = u.name('status');
    const condition = `attribute_exists(PK) AND ${status} IN (${from.map((s) => u.value(s)).join(', ')})`;
    const item = await this.#update(keys.dossier(id), u, condition);
    if (item) return toDossier<S>(item);
    const current = await this.getDossier(id);
    if (!current) throw new RecordNotFoundError('dossier', id);
    throw new InvalidTransitionError(id, from, to, current.status);
  }

  async listDossiersOfPorteur(porteurId: string): Promise<Dossier<S>[]> {
    const items = await this.#query({
      IndexName: INDEX.porteurAndCpSessions,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.porteur(porteurId) },
      ScanIndexForward: false,
    });
    return items.map((i) => toDossier<S>(i));
  }

  async listDossiersByStatus(status: DossierStatus): Promise<Dossier<S>[]> {
    const items = await this.#query({
      IndexName: INDEX.statusAndDispositif,
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.status(status) },
    });
    return items.map((i) => toDossier<S>(i));
  }

  async listDossiersByDispositifAndStatus(dispositifCode: string, status: DossierStatus): Promise<Dossier<S>[]> {
    assertNoHash('dispositifCode', dispositifCode);
    const items = await this.#query({
      IndexName: INDEX.statusAndDispositif,
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
      ExpressionAttributeValues: { ':pk': indexKeys.status(status), ':prefix': indexKeys.statusSortPrefix(dispositifCode) },
    });
    return items.map((i) => toDossier<S>(i));
  }

  async allocateDossierReference(dispositifCode: string, dossierId: string): Promise<string> {
    assertNoHash('dispositifCode', dispositifCode);
    assertNoHash('dossier id', dossierId);
    const reservationKey = keys.dossierReference(dossierId);
    const existing = await this.#get(reservationKey);
    if (existing) return this.#sameDispositif(existing, dispositifCode, dossierId);
    const seq = await this.#takeReferenceNumber(dispositifCode, dossierId);
    const reference = `${this.#referencePrefix}-${dispositifCode}-${String(seq).padStart(6, '0')}`;
    const reserved = await this.#putIfAbsent({
      ...reservationKey,
      entity: ENTITY.dossierReference,
      dossierId,
      dispositifCode,
      seq,
      reference,
      createdAt: this.#nowIso(),
    });
    if (reserved) return reference;
    // A concurrent retry for the same dossier in another dispositif won: its reference stands.
    const winner = await this.#get(reservationKey);
    if (!winner) throw new Error(`dossier reference of ${dossierId} vanished`);
    return this.#sameDispositif(winner, dispositifCode, dossierId);
  }

  /**
   * The dispositif's next number, taken once per dossier id: the counter records who holds each
   * number in the same item, so a retry after a crash (between taking the number and writing the
   * reservation) finds its number again — the register of filed dossiers has no gap. About 40
   * bytes a dossier: a dispositif's counter holds some 10,000 before DynamoDB's 400 KB item limit.
   */
  async #takeReferenceNumber(dispositifCode: string, dossierId: string): Promise<number> {
    const key = keys.referenceCounter(dispositifCode);
    const holdersOf = (counter: Item | undefined) => counter?.holders as Record<string, number> | undefined;
    const holders = holdersOf(await this.#get(key));
    const already = holders?.[dossierId];
    if (already !== undefined) return already;
    if (!holders) {
      // Creates the counter (or completes one written before holders were kept); changes nothing else.
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET entity = :entity, #value = if_not_exists(#value, :zero), holders = if_not_exists(holders, :none)',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':entity': ENTITY.referenceCounter, ':zero': 0, ':none': {} },
        }),
      );
    }
    // Both operands read the item before the update: the number taken is the one recorded.
    const u = new UpdateBuilder();
    const [value, holder, one] = [u.name('value'), `holders.${u.name(dossierId)}`, u.value(1)];
    const taken = await this.#update(
      key,
      u.setRaw(`${value} = ${value} + ${one}, ${holder} = ${value} + ${one}`),
      `attribute_not_exists(${holder})`,
    );
    if (taken) return holdersOf(taken)![dossierId]!;
    const retried = holdersOf(await this.#get(key))?.[dossierId];
    if (retried === undefined) throw new Error(`reference number of ${dossierId} vanished`);
    return retried;
  }

  #sameDispositif(reservation: Item, dispositifCode: string, dossierId: string): string {
    if (reservation.dispositifCode !== dispositifCode) {
      throw new RecordAlreadyExistsError('dossier reference', `${dossierId} (dispositif ${String(reservation.dispositifCode)})`);
    }
    return reservation.reference as string;
  }

  // -------------------------------------------------------------------------------------------
  // Tasks

  async putTask(task: NewTask): Promise<Task> {
    if (!isOpaqueId(task.id)) throw new RangeError('task id must be ≥ 22 URL-safe random characters (newOpaqueId())');
    assertNoHash('task role', task.role);
    assertNoHash('task territory', task.territory);
    assertInstant('task dueAt', task.dueAt);
    if (task.allowedDecisions.length === 0) throw new RangeError('a task allows at least one decision');
    if (!task.taskToken) throw new RangeError('a task needs its callback token');
    const record: Task = {
      id: task.id,
      dossierId: task.dossierId,
      kind: task.kind,
      role: task.role,
      territory: task.territory,
      status: 'open',
      allowedDecisions: [...task.allowedDecisions],
      dueAt: task.dueAt,
      createdAt: this.#nowIso(),
      version: 1,
    };
    const created = await this.#putIfAbsent({
      ...keys.task(task.id),
      entity: ENTITY.task,
      ...record,
      taskToken: task.taskToken,
      GSI3PK: indexKeys.inbox(task.role, task.territory),
      GSI3SK: indexKeys.inboxSort(task.dueAt, task.id),
    });
    if (!created) throw new RecordAlreadyExistsError('task', task.id);
    return record;
  }

  async getTask(id: string): Promise<Task | undefined> {
    const item = await this.#get(keys.task(id));
    return item ? toTask(item) : undefined;
  }

  async getTaskToken(id: string): Promise<string | undefined> {
    const out = await this.#doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.task(id),
        ConsistentRead: true,
        ProjectionExpression: 'taskToken',
      }),
    );
    return out.Item?.taskToken as string | undefined;
  }

  async decideTask(id: string, decision: string, decidedBy: string, comment?: string, details?: JsonObject): Promise<Task> {
    const u = new UpdateBuilder()
      .set('status', 'decided')
      .set('decision', decision)
      .set('decidedBy', decidedBy)
      .set('decidedAt', this.#nowIso())
      .bumpVersion()
      .remove('GSI3PK', 'GSI3SK');
    if (comment !== undefined) u.set('comment', comment);
    if (details !== undefined) u.set('details', details);
    // Until the execution has it (SendTaskSuccess), the decision waits in a work queue: a crash
    // between the two leaves it to be delivered again, never lost.
    u.set('GSI4PK', indexKeys.undeliveredDecisions).set('GSI4SK', indexKeys.undeliveredDecisionSort(this.#nowIso(), id));
    const condition = `${u.name('status')} = ${u.value('open')} AND contains(${u.name('allowedDecisions')}, ${u.value(decision)})`;
    const item = await this.#update(keys.task(id), u, condition);
    if (item) return toTask(item);
    const current = await this.getTask(id);
    if (!current) throw new RecordNotFoundError('task', id);
    if (current.status !== 'open') throw new TaskAlreadyDecidedError(id, current.status, current.decision, current.decidedBy);
    throw new DecisionNotAllowedError(id, decision, current.allowedDecisions);
  }

  async markDecisionDelivered(id: string): Promise<void> {
    const u = new UpdateBuilder().remove('GSI4PK', 'GSI4SK');
    await this.#update(keys.task(id), u, `${u.name('status')} = ${u.value('decided')}`);
  }

  async listUndeliveredDecisions(decidedUpTo: Date, limit: number): Promise<Task[]> {
    const items = await this.#query(
      {
        IndexName: INDEX.workQueues,
        KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK <= :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.undeliveredDecisions, ':upTo': indexKeys.instantSortUpTo(decidedUpTo.toISOString()) },
      },
      limit,
    );
    return items.map(toTask);
  }

  async #closeTask(id: string, status: 'expired' | 'cancelled'): Promise<boolean> {
    const u = new UpdateBuilder().set('status', status).set('closedAt', this.#nowIso()).bumpVersion().remove('GSI3PK', 'GSI3SK');
    const item = await this.#update(keys.task(id), u, `${u.name('status')} = ${u.value('open')}`);
    if (item) return true;
    if (!(await this.#get(keys.task(id)))) throw new RecordNotFoundError('task', id);
    return false;
  }

  expireTask(id: string): Promise<boolean> {
    return this.#closeTask(id, 'expired');
  }

  cancelTask(id: string): Promise<boolean> {
    return this.#closeTask(id, 'cancelled');
  }

  async listOpenTasks(role: string, territory: string): Promise<Task[]> {
    const items = await this.#query({
      IndexName: INDEX.inbox,
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.inbox(role, territory) },
    });
    return items.map(toTask);
  }

  // -------------------------------------------------------------------------------------------
  // Deadlines

  async putDeadline(deadline: NewDeadline): Promise<boolean> {
    if (!isIsoDate(deadline.dueDate)) throw new RangeError(`deadline dueDate must be YYYY-MM-DD, got ${deadline.dueDate}`);
    const id = deadlineId(deadline.dossierId, deadline.kind, deadline.ref);
    const key = keys.deadline(id);
    if (!key || deadline.dossierId.length === 0 || deadline.kind.length === 0) throw new RangeError(`bad deadline id ${id}`);
    const now = this.#nowIso();
    const record: Deadline = {
      id,
      dossierId: deadline.dossierId,
      kind: deadline.kind,
      ref: deadline.ref,
      dueDate: deadline.dueDate,
      status: 'pending',
      data: normalizeEventData(deadline.data ?? {}),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    return this.#putIfAbsent({
      ...key,
      entity: ENTITY.deadline,
      ...record,
      GSI4PK: indexKeys.dueDay(record.dueDate),
      GSI4SK: id,
    });
  }

  async getDeadline(id: string): Promise<Deadline | undefined> {
    const key = keys.deadline(id);
    if (!key) return undefined;
    const item = await this.#get(key);
    return item ? toDeadline(item) : undefined;
  }

  async listDueDeadlines(day: IsoDate): Promise<Deadline[]> {
    if (!isIsoDate(day)) throw new RangeError(`day must be YYYY-MM-DD, got ${day}`);
    const items = await this.#query({
      IndexName: INDEX.workQueues,
      KeyConditionExpression: 'GSI4PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.dueDay(day) },
    });
    return items.map(toDeadline);
  }

  async listDeadlinesOfDossier(dossierId: string): Promise<Deadline[]> {
    const items = await this.#query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': DOSSIER_SK_PREFIX.deadline },
      ConsistentRead: true,
    });
    return items.map(toDeadline);
  }

  async #updatePendingDeadline(id: string, u: UpdateBuilder): Promise<Deadline> {
    const key = keys.deadline(id);
    if (!key) throw new RecordNotFoundError('deadline', id);
    u.set('updatedAt', this.#nowIso()).bumpVersion();
    const item = await this.#update(key, u, `${u.name('status')} = ${u.value('pending')}`);
    if (item) return toDeadline(item);
    const current = await this.getDeadline(id);
    if (!current) throw new RecordNotFoundError('deadline', id);
    throw new DeadlineNotPendingError(id, current.status);
  }

  markDeadline(id: string, status: Exclude<DeadlineStatus, 'pending'>): Promise<Deadline> {
    if (status !== 'met' && status !== 'missed' && status !== 'cancelled') throw new RangeError(`cannot mark a deadline ${String(status)}`);
    return this.#updatePendingDeadline(id, new UpdateBuilder().set('status', status).remove('GSI4PK', 'GSI4SK'));
  }

  rescheduleDeadline(id: string, dueDate: IsoDate): Promise<Deadline> {
    if (!isIsoDate(dueDate)) throw new RangeError(`dueDate must be YYYY-MM-DD, got ${dueDate}`);
    return this.#updatePendingDeadline(id, new UpdateBuilder().set('dueDate', dueDate).set('GSI4PK', indexKeys.dueDay(dueDate)));
  }

  // -------------------------------------------------------------------------------------------
  // Timeline

  async #lastTimelineEvent(dossierId: string): Promise<TimelineEvent | undefined> {
    const out = await this.#doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': DOSSIER_SK_PREFIX.event },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    return item ? toTimelineEvent(item) : undefined;
  }

  async appendTimelineEvent(dossierId: string, event: NewTimelineEvent): Promise<TimelineEvent> {
    assertNoHash('dossier id', dossierId);
    const data = normalizeEventData(event.data ?? {});
    for (let attempt = 1; attempt <= this.#timelineAttempts; attempt++) {
      let last: TimelineEvent | undefined;
      if (event.idempotencyKey === undefined) {
        last = await this.#lastTimelineEvent(dossierId);
      } else {
        // Checked on every attempt: a concurrent append of the same key that took our seq is found here.
        const events = await this.listTimeline(dossierId);
        const already = events.find((e) => e.idempotencyKey === event.idempotencyKey);
        if (already) return already;
        last = events.at(-1);
      }
      const chained = chainEvent(last, { dossierId, at: this.#nowIso(), type: event.type, actor: event.actor, data });
      // The key is kept beside the event, outside its hash: it deduplicates, it proves nothing.
      const next: TimelineEvent = event.idempotencyKey === undefined ? chained : { ...chained, idempotencyKey: event.idempotencyKey };
      const appended = await this.#putIfAbsent({ ...keys.timelineEvent(dossierId, next.seq), entity: ENTITY.timelineEvent, ...next });
      if (appended) return next;
      // Another append took this seq: read the new last event and chain after it.
      await sleep(Math.random() * Math.min(50, 2 * attempt));
    }
    throw new Error(`timeline of ${dossierId}: could not append after ${this.#timelineAttempts} attempts`);
  }

  async listTimeline(dossierId: string): Promise<TimelineEvent[]> {
    const items = await this.#query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dossier(dossierId).PK, ':prefix': DOSSIER_SK_PREFIX.event },
      ConsistentRead: true,
    });
    return items.map(toTimelineEvent);
  }

  async verifyTimeline(dossierId: string): Promise<TimelineVerification> {
    return verifyChain(dossierId, await this.listTimeline(dossierId));
  }

  // -------------------------------------------------------------------------------------------
  // Email outbox

  async enqueueEmail(email: NewOutboxEmail): Promise<boolean> {
    if (!email.idempotencyKey) throw new RangeError('an email needs an idempotency key');
    if (email.to.length === 0) throw new RangeError('an email needs at least one recipient');
    const now = this.#nowIso();
    const record: OutboxEmail = {
      idempotencyKey: email.idempotencyKey,
      to: [...email.to],
      subject: email.subject,
      text: email.text,
      html: email.html,
      kind: email.kind,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
      version: 1,
    };
    if (email.dossierId !== undefined) record.dossierId = email.dossierId;
    return this.#putIfAbsent({
      ...keys.email(email.idempotencyKey),
      entity: ENTITY.email,
      ...record,
      GSI4PK: indexKeys.pendingEmails,
      GSI4SK: indexKeys.pendingEmailSort(now, email.idempotencyKey),
    });
  }

  async getEmail(idempotencyKey: string): Promise<OutboxEmail | undefined> {
    const item = await this.#get(keys.email(idempotencyKey));
    return item ? toEmail(item) : undefined;
  }

  async listPendingEmails(limit: number): Promise<OutboxEmail[]> {
    if (!Number.isSafeInteger(limit) || limit <= 0) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
    const items = await this.#query(
      {
        IndexName: INDEX.workQueues,
        KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK <= :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.pendingEmails, ':upTo': indexKeys.instantSortUpTo(this.#nowIso()) },
      },
      limit,
    );
    return items.map(toEmail);
  }

  async #updatePendingEmail(idempotencyKey: string, u: UpdateBuilder): Promise<OutboxEmail> {
    const item = await this.#update(keys.email(idempotencyKey), u.bumpVersion(), `${u.name('status')} = ${u.value('pending')}`);
    if (item) return toEmail(item);
    const current = await this.getEmail(idempotencyKey);
    if (!current) throw new RecordNotFoundError('email', idempotencyKey);
    throw new EmailAlreadySentError(idempotencyKey, current.messageId);
  }

  markEmailSent(idempotencyKey: string, messageId: string): Promise<OutboxEmail> {
    const now = this.#clock.now();
    const u = new UpdateBuilder()
      .set('status', 'sent')
      .set('sentAt', now.toISOString())
      .set('messageId', messageId)
      .remove('GSI4PK', 'GSI4SK');
    const attempts = u.name('attempts');
    u.setRaw(`${attempts} = ${attempts} + ${u.value(1)}`);
    const ttl = this.#ttlFor('sentEmail', now);
    if (ttl !== undefined) u.set('ttl', ttl);
    return this.#updatePendingEmail(idempotencyKey, u);
  }

  async claimEmail(idempotencyKey: string, expectedVersion: number, until: Date): Promise<OutboxEmail | undefined> {
    const next = until.toISOString();
    const u = new UpdateBuilder().set('nextAttemptAt', next).set('GSI4SK', indexKeys.pendingEmailSort(next, idempotencyKey)).bumpVersion();
    const condition = `${u.name('status')} = ${u.value('pending')} AND ${u.name('version')} = ${u.value(expectedVersion)}`;
    const item = await this.#update(keys.email(idempotencyKey), u, condition);
    return item ? toEmail(item) : undefined;
  }

  recordEmailFailure(idempotencyKey: string, error: string, retryAt: Date): Promise<OutboxEmail> {
    const next = retryAt.toISOString();
    const u = new UpdateBuilder()
      .set('lastError', error.slice(0, MAX_ERROR_TEXT))
      .set('nextAttemptAt', next)
      .set('GSI4SK', indexKeys.pendingEmailSort(next, idempotencyKey));
    const attempts = u.name('attempts');
    u.setRaw(`${attempts} = ${attempts} + ${u.value(1)}`);
    return this.#updatePendingEmail(idempotencyKey, u);
  }

  // -------------------------------------------------------------------------------------------
  // Envelopes

  async initEnvelope(dispositifCode: string, totalCents: number): Promise<Envelope> {
    assertCents('envelope total', totalCents, true);
    const record: Envelope = { dispositifCode, totalCents, committedCents: 0, remainingCents: totalCents, commitments: {}, version: 1 };
    if (await this.#putIfAbsent({ ...keys.envelope(dispositifCode), entity: ENTITY.envelope, ...record })) return record;
    const current = await this.getEnvelope(dispositifCode);
    if (!current) throw new Error(`envelope ${dispositifCode} vanished`);
    if (current.totalCents !== totalCents) {
      throw new EnvelopeConflictError(dispositifCode, `already initialised with a total of ${current.totalCents} cents, not ${totalCents}`);
    }
    return current;
  }

  async getEnvelope(dispositifCode: string): Promise<Envelope | undefined> {
    const item = await this.#get(keys.envelope(dispositifCode));
    return item ? toEnvelope(item) : undefined;
  }

  async commitToEnvelope(dispositifCode: string, dossierId: string, cents: number): Promise<Envelope> {
    assertCents('commitment', cents, false);
    for (let attempt = 0; attempt < 20; attempt++) {
      const u = new UpdateBuilder();
      const committed = u.name('committedCents');
      const remaining = u.name('remainingCents');
      const entry = `${u.name('commitments')}.${u.name(dossierId)}`;
      const c = u.value(cents);
      u.setRaw(`${committed} = ${committed} + ${c}`).setRaw(`${remaining} = ${remaining} - ${c}`).setRaw(`${entry} = ${c}`).bumpVersion();
      // remainingCents = totalCents − committedCents, so "remaining ≥ cents" is "committed + cents ≤ total".
      const condition = `attribute_exists(PK) AND attribute_not_exists(${entry}) AND ${remaining} >= ${c}`;
      const item = await this.#update(keys.envelope(dispositifCode), u, condition);
      if (item) return toEnvelope(item);
      const current = await this.getEnvelope(dispositifCode);
      if (!current) throw new RecordNotFoundError('envelope', dispositifCode);
      const already = current.commitments[dossierId];
      if (already === cents) return current;
      if (already !== undefined) {
        throw new EnvelopeConflictError(dispositifCode, `dossier ${dossierId} already has ${already} cents committed, not ${cents}`);
      }
      if (current.remainingCents < cents) throw new EnvelopeExceededError(dispositifCode, cents, current.remainingCents);
      // The envelope changed between the refused write and this read (a release): try again.
    }
    throw new Error(`envelope ${dispositifCode}: commitment of ${dossierId} kept conflicting`);
  }

  async releaseFromEnvelope(dispositifCode: string, dossierId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.getEnvelope(dispositifCode);
      if (!current) throw new RecordNotFoundError('envelope', dispositifCode);
      const cents = current.commitments[dossierId];
      if (cents === undefined) return false;
      const u = new UpdateBuilder();
      const committed = u.name('committedCents');
      const remaining = u.name('remainingCents');
      const entry = `${u.name('commitments')}.${u.name(dossierId)}`;
      const c = u.value(cents);
      u.setRaw(`${committed} = ${committed} - ${c}`).setRaw(`${remaining} = ${remaining} + ${c}`).bumpVersion();
      const expression = `${u.expression()} REMOVE ${entry}`;
      try {
        await this.#doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.envelope(dispositifCode),
            UpdateExpression: expression,
            ConditionExpression: `${entry} = ${c}`,
            ExpressionAttributeNames: u.names,
            ExpressionAttributeValues: u.values,
          }),
        );
        return true;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        // Released or changed concurrently: read again.
      }
    }
    throw new Error(`envelope ${dispositifCode}: release of ${dossierId} kept conflicting`);
  }

  // -------------------------------------------------------------------------------------------
  // Idempotency records

  async putIdempotencyRecord<R extends JsonValue>(
    scope: string,
    key: string,
    fingerprint: string,
    result: R,
  ): Promise<IdempotencyPutResult<R>> {
    assertNoHash('idempotency scope', scope);
    if (!key) throw new RangeError('idempotency key must not be empty');
    const now = this.#clock.now();
    const record: IdempotencyRecord<R> = { scope, key, fingerprint, result, createdAt: now.toISOString(), version: 1 };
    const ttl = this.#ttlFor('idempotencyRecord', now);
    if (ttl !== undefined) record.ttl = ttl;
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.idempotency(scope, key), entity: ENTITY.idempotency, ...record },
          // A record past its TTL that storage has not deleted yet no longer counts.
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
      return { stored: true, record };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const item = await this.#get(keys.idempotency(scope, key));
    if (!item) throw new Error(`idempotency record ${scope}/${key} vanished`);
    const existing = toIdempotencyRecord<R>(item);
    if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(scope, key);
    return { stored: false, record: existing };
  }

  async getIdempotencyRecord<R extends JsonValue>(
    scope: string,
    key: string,
    fingerprint?: string,
  ): Promise<IdempotencyRecord<R> | undefined> {
    assertNoHash('idempotency scope', scope);
    const item = await this.#get(keys.idempotency(scope, key));
    if (!item) return undefined;
    const record = toIdempotencyRecord<R>(item);
    if (record.ttl !== undefined && record.ttl < Math.floor(this.#clock.now().getTime() / 1000)) return undefined;
    if (fingerprint !== undefined && record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(scope, key);
    return record;
  }

  // -------------------------------------------------------------------------------------------
  // Commission Permanente sessions

  async createCpSession(session: NewCpSession): Promise<boolean> {
    assertNoHash('CP session id', session.id);
    if (!isIsoDate(session.date)) throw new RangeError(`CP session date must be YYYY-MM-DD, got ${session.date}`);
    const record: CpSession = {
      id: session.id,
      date: session.date,
      status: 'open',
      dossierIds: [],
      createdAt: this.#nowIso(),
      version: 1,
    };
    if (session.deliberationNumber !== undefined) record.deliberationNumber = session.deliberationNumber;
    return this.#putIfAbsent({
      ...keys.cpSession(session.id),
      entity: ENTITY.cpSession,
      ...record,
      GSI1PK: indexKeys.cpSessions,
      GSI1SK: indexKeys.cpSessionSort(session.date, session.id),
    });
  }

  async getCpSession(id: string): Promise<CpSession | undefined> {
    const item = await this.#get(keys.cpSession(id));
    return item ? toCpSession(item) : undefined;
  }

  async listCpSessions(fromDate: IsoDate): Promise<CpSession[]> {
    if (!isIsoDate(fromDate)) throw new RangeError(`fromDate must be YYYY-MM-DD, got ${fromDate}`);
    const items = await this.#query({
      IndexName: INDEX.porteurAndCpSessions,
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
      ExpressionAttributeValues: { ':pk': indexKeys.cpSessions, ':from': fromDate },
    });
    return items.map(toCpSession);
  }

  async addDossierToCpSession(id: string, dossierId: string): Promise<boolean> {
    const u = new UpdateBuilder();
    const list = u.name('dossierIds');
    u.setRaw(`${list} = list_append(${list}, ${u.value([dossierId])})`).bumpVersion();
    const condition = `${u.name('status')} = ${u.value('open')} AND NOT contains(${list}, ${u.value(dossierId)})`;
    if (await this.#update(keys.cpSession(id), u, condition)) return true;
    const current = await this.getCpSession(id);
    if (!current) throw new RecordNotFoundError('CP session', id);
    if (current.dossierIds.includes(dossierId)) return false;
    throw new CpSessionClosedError(id);
  }

  async markCpSessionDecided(id: string, deliberationNumber?: string): Promise<CpSession> {
    const u = new UpdateBuilder().set('status', 'decided').set('decidedAt', this.#nowIso()).bumpVersion();
    if (deliberationNumber !== undefined) u.set('deliberationNumber', deliberationNumber);
    const item = await this.#update(keys.cpSession(id), u, `${u.name('status')} = ${u.value('open')}`);
    if (item) return toCpSession(item);
    if (!(await this.getCpSession(id))) throw new RecordNotFoundError('CP session', id);
    throw new CpSessionClosedError(id);
  }
}
