/**
 * A dossier commit (domain/ports/commit.ts) as ONE TransactWriteItems: all or nothing. Every part
 * is an item of the transaction with its condition; a refused transaction's reasons (in request
 * order, with the refused item: ReturnValuesOnConditionCheckFailure = ALL_OLD) say which typed
 * refusal it was, with no read back. Idempotent parts found already done (an email or deadline
 * there, a deadline no longer pending…) are left out and the transaction sent again: each round
 * leaves at least one part out, so it ends. A change of a stored dossier writes only what it changed
 * (an Update); a dossier of the layout before (./items.ts) is found so by its refusal, and written
 * whole in the next round (once: a whole Put does not ask the layout).
 */
import type { AttributeMap } from '../aws/dynamodb.ts';
import type { CommitPort, DossierCommit } from '#domain/ports/commit.ts';
import {
  AlreadyDoneError,
  ContentAlreadyFiledError,
  DecisionNotAllowedError,
  EnvelopeConflictError,
  EnvelopeExceededError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  TaskAlreadyDecidedError,
  VersionConflictError,
} from '#domain/ports/errors.ts';
import { dossierIdOfDeadline } from '#domain/ports/records.ts';
import { validateCommit } from '../store-rules.ts';
import { closeDeadlineUpdate } from './deadlines.ts';
import {
  dossierChangeUpdate,
  dossierItem,
  LEGACY_WORKFLOW,
  newDeadlineItem,
  newEmailItem,
  newTaskItem,
  timelineEventItem,
} from './items.ts';
import { ENTITY, indexKeys, keys, type PrimaryKey } from './keys.ts';
import { refusedItem, UpdateBuilder, type DynamoTable, type Item } from './table.ts';

/** What each item of the transaction is, to read its refusal. */
type Role =
  | 'dossier'
  | 'submission'
  | 'counter'
  | 'content'
  | 'event'
  | 'marker'
  | 'decision'
  | 'envelope'
  | 'commitment'
  /** An idempotent part: already done when refused, left out of the next round. */
  | 'optional';

/** A transaction's part: `{ Put: … }` or `{ Update: … }`, with plain items and values. */
type TransactItem = Record<string, unknown>;

/** Why a transaction's part was refused (DynamoDB's CancellationReason). */
interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: AttributeMap;
}

interface Part {
  role: Role;
  item: TransactItem;
}

/** A conditional update of the transaction, handing back the item it refused. */
function updatePart(TableName: string, role: Role, key: PrimaryKey, u: UpdateBuilder, condition: string): Part {
  return {
    role,
    item: {
      Update: {
        TableName,
        Key: key,
        UpdateExpression: u.expression(),
        ConditionExpression: condition,
        ExpressionAttributeNames: u.names,
        ExpressionAttributeValues: u.valuesOrUndefined(),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
}

export class DynamoCommits implements CommitPort {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async commit(commit: DossierCommit): Promise<void> {
    validateCommit(commit);
    if (commit.envelope && commit.envelope.cents > commit.envelope.totalCents) {
      // More than the whole envelope: refused before anything is sent (the condition cannot compare two values).
      const stored = await this.#t.get(keys.envelope(commit.envelope.dispositifCode));
      const remaining = (stored?.remainingCents as number | undefined) ?? commit.envelope.totalCents;
      throw new EnvelopeExceededError(commit.envelope.dispositifCode, commit.envelope.cents, remaining);
    }
    let parts = this.#parts(commit);
    for (;;) {
      try {
        await this.#t.doc.transactWrite(parts.map((p) => p.item));
        return;
      } catch (error) {
        const reasons = (error as { name?: string; CancellationReasons?: CancellationReason[] }).CancellationReasons;
        if ((error as { name?: string }).name !== 'TransactionCanceledException' || !reasons) throw error;
        const { done, legacyDossier } = this.#refusal(commit, parts, reasons);
        parts = parts.filter((_, i) => !done.has(i));
        // A dossier of the layout before (its workflow state in one attribute): this commit writes it whole, as it is now.
        if (legacyDossier) parts = parts.map((p) => (p.role === 'dossier' ? this.#dossierPart(commit, true) : p));
      }
    }
  }

  /**
   * The typed refusal of a cancelled transaction, or what to send again: without the optional parts
   * found done, with the dossier whole if it was found of the layout before.
   */
  #refusal(c: DossierCommit, parts: Part[], reasons: CancellationReason[]): { done: Set<number>; legacyDossier: boolean } {
    const failed = new Map<Role, Item | undefined>();
    const done = new Set<number>();
    let conflict = false;
    reasons.forEach((reason, i) => {
      if (reason.Code === 'ConditionalCheckFailed') {
        const role = parts[i]!.role;
        if (role === 'optional') done.add(i);
        else failed.set(role, refusedItem(reason.Item));
      } else if (reason.Code === 'TransactionConflict') conflict = true;
      else if (reason.Code && reason.Code !== 'None')
        throw new Error(`transaction of dossier ${c.dossier.id} cancelled: ${reason.Code} ${reason.Message ?? ''}`);
    });
    const id = c.dossier.id;
    if (failed.has('marker')) throw new AlreadyDoneError(c.marker!.key, failed.get('marker')?.result ?? null);
    if (failed.has('decision')) {
      const task = failed.get('decision');
      const d = c.decision!;
      if (!task) throw new RecordNotFoundError('task', d.taskId);
      if (task.status !== 'open')
        throw new TaskAlreadyDecidedError(d.taskId, task.status as string, task.decision as string, task.decidedBy as string);
      throw new DecisionNotAllowedError(d.taskId, d.decision, task.allowedDecisions as string[]);
    }
    if (failed.has('commitment')) {
      const already = failed.get('commitment')?.cents as number;
      const e = c.envelope!;
      if (already !== e.cents)
        throw new EnvelopeConflictError(e.dispositifCode, `dossier ${id} already has ${already} cents committed, not ${e.cents}`);
      // The very same commitment: made already, the envelope's part of it too.
      parts.forEach((p, i) => {
        if (p.role === 'commitment' || p.role === 'envelope') done.add(i);
      });
    } else if (failed.has('envelope')) {
      const envelope = failed.get('envelope')!;
      const e = c.envelope!;
      if (envelope.totalCents !== e.totalCents)
        throw new EnvelopeConflictError(
          e.dispositifCode,
          `stored with a total of ${String(envelope.totalCents)} cents, not ${e.totalCents}`,
        );
      throw new EnvelopeExceededError(e.dispositifCode, e.cents, envelope.remainingCents as number);
    }
    if (failed.has('content')) {
      const owner = failed.get('content')?.dossierId as string;
      if (owner !== id) throw new ContentAlreadyFiledError(owner);
    }
    let legacyDossier = false;
    if (failed.has('dossier')) {
      const stored = failed.get('dossier');
      if (c.expectedVersion === 0) throw new RecordAlreadyExistsError('dossier', id);
      if (!stored) throw new RecordNotFoundError('dossier', id);
      if (stored.version !== c.expectedVersion || stored[LEGACY_WORKFLOW] === undefined)
        throw new VersionConflictError('dossier', id, c.expectedVersion, stored.version as number);
      legacyDossier = true;
    }
    if (failed.has('counter') || failed.has('submission'))
      throw new VersionConflictError('reference counter', c.dossier.dispositifCode, c.filing?.previousReferenceNumber ?? 0, -1);
    if (failed.has('event')) throw new Error(`timeline of ${id}: an event of this commit is already there`);
    // Another transaction held an item (AWS: TransactionConflict): decide again on what is there now.
    if (conflict) throw new VersionConflictError('dossier', id, c.expectedVersion, -1);
    if (done.size === 0 && !legacyDossier) throw new Error(`transaction of dossier ${id} cancelled without a reason`);
    return { done, legacyDossier };
  }

  /**
   * The dossier's part: its new state, conditional on the version the change was decided on; of a
   * change (`changed`), only what changed unless `whole`, on an item of the current layout.
   */
  #dossierPart(c: DossierCommit, whole: boolean): Part {
    const TableName = this.#t.tableName;
    const ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    const put = (ConditionExpression: string, expression: Record<string, unknown> = {}): Part => ({
      role: 'dossier',
      item: { Put: { TableName, Item: dossierItem(c.dossier), ConditionExpression, ...expression, ReturnValuesOnConditionCheckFailure } },
    });
    if (c.expectedVersion === 0) return put('attribute_not_exists(PK)');
    if (!c.changed || whole)
      return put('#version = :expected', {
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': c.expectedVersion },
      });
    const u = dossierChangeUpdate(c.dossier, c.changed);
    const condition = `${u.name('version')} = ${u.value(c.expectedVersion)} AND attribute_not_exists(${u.name(LEGACY_WORKFLOW)})`;
    return updatePart(TableName, 'dossier', keys.dossier(c.dossier.id), u, condition);
  }

  #parts(c: DossierCommit): Part[] {
    const TableName = this.#t.tableName;
    const now = c.dossier.updatedAt;
    const parts: Part[] = [];
    const put = (role: Role, item: Item, condition = 'attribute_not_exists(PK)', extra: Record<string, unknown> = {}) =>
      parts.push({ role, item: { Put: { TableName, Item: item, ConditionExpression: condition, ...extra } } });
    const update = (role: Role, key: PrimaryKey, u: UpdateBuilder, condition: string) =>
      parts.push(updatePart(TableName, role, key, u, condition));
    const allOld = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' };
    // A content claim or a marker: put where there is none, or where the one there has outlived its retention.
    const liveOrGone = 'attribute_not_exists(PK) OR #ttl < :now';
    let nowSeconds: number | undefined;
    const ttlValues = () => ({
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': (nowSeconds ??= this.#t.nowSeconds()) },
    });

    parts.push(this.#dossierPart(c, false));
    for (const e of c.events) put('event', timelineEventItem(e));

    if (c.filing) {
      const f = c.filing;
      put('submission', {
        ...keys.submission(c.dossier.id),
        entity: ENTITY.submission,
        submission: f.submission,
        fingerprint: f.fingerprint,
      });
      const claimTtl = this.#t.ttlFor('idempotencyRecord', new Date(now));
      put(
        'content',
        {
          ...keys.contentClaim(f.contentKey),
          entity: ENTITY.contentClaim,
          dossierId: c.dossier.id,
          ...(claimTtl !== undefined ? { ttl: claimTtl } : {}),
        },
        liveOrGone,
        { ...ttlValues(), ...allOld },
      );
      const u = new UpdateBuilder().set('entity', ENTITY.referenceCounter).set('value', f.previousReferenceNumber + 1);
      const value = u.name('value');
      update(
        'counter',
        keys.referenceCounter(c.dossier.dispositifCode),
        u,
        f.previousReferenceNumber === 0 ? `attribute_not_exists(${value})` : `${value} = ${u.value(f.previousReferenceNumber)}`,
      );
    }

    if (c.marker) {
      const ttl = this.#t.ttlFor('idempotencyRecord', new Date(now));
      put(
        'marker',
        {
          ...keys.marker(c.dossier.id, c.marker.key),
          entity: ENTITY.marker,
          key: c.marker.key,
          result: c.marker.result,
          createdAt: now,
          ...(ttl !== undefined ? { ttl } : {}),
        },
        liveOrGone,
        { ...ttlValues(), ...allOld },
      );
    }

    for (const email of c.emails) put('optional', newEmailItem(email, now));
    for (const deadline of c.deadlines) put('optional', newDeadlineItem(deadline, now));
    for (const close of c.closeDeadlines) {
      const key = keys.deadline(close.id);
      if (!key || dossierIdOfDeadline(close.id) !== c.dossier.id) continue;
      const { u, condition } = closeDeadlineUpdate(close.status, now);
      update('optional', key, u, condition);
    }

    for (const task of c.tasks) put('optional', newTaskItem(task, now));
    if (c.decision) {
      const d = c.decision;
      const u = new UpdateBuilder()
        .set('status', 'decided')
        .set('decision', d.decision)
        .set('decidedBy', d.decidedBy)
        .set('decidedAt', now);
      if (d.comment !== undefined) u.set('comment', d.comment);
      if (d.details !== undefined) u.set('details', d.details);
      // Until its hand-over to the execution is confirmed, the decision waits on a queue (decide.ts `redeliverDecisions`).
      u.set('GSI4PK', indexKeys.unconfirmedDecisions).set('GSI4SK', indexKeys.unconfirmedDecisionSort(now, d.taskId));
      u.bumpVersion().remove('GSI3PK', 'GSI3SK');
      const condition = `${u.name('status')} = ${u.value('open')} AND contains(${u.name('allowedDecisions')}, ${u.value(d.decision)})`;
      update('decision', keys.task(c.dossier.id, d.taskId), u, condition);
    }
    if (c.confirmDecision) {
      // As confirmDecisionDelivered (tasks.ts): off the queue of decisions to confirm, if decided.
      const u = new UpdateBuilder().remove('GSI4PK', 'GSI4SK');
      update('optional', keys.task(c.dossier.id, c.confirmDecision), u, `${u.name('status')} = ${u.value('decided')}`);
    }
    for (const close of c.closeTasks) {
      const u = new UpdateBuilder().set('status', close.status).set('closedAt', now).bumpVersion().remove('GSI3PK', 'GSI3SK');
      update('optional', keys.task(c.dossier.id, close.id), u, `${u.name('status')} = ${u.value('open')}`);
    }

    if (c.envelope) {
      const e = c.envelope;
      put(
        'commitment',
        {
          ...keys.commitment(e.dispositifCode, e.dossierId),
          entity: ENTITY.commitment,
          dossierId: e.dossierId,
          cents: e.cents,
          createdAt: now,
        },
        'attribute_not_exists(PK)',
        allOld,
      );
      // Created with its total at its first commitment; remainingCents = totalCents − committedCents, kept by every write.
      const u = new UpdateBuilder().set('entity', ENTITY.envelope).set('dispositifCode', e.dispositifCode);
      const [total, committed, remaining, version] = ['totalCents', 'committedCents', 'remainingCents', 'version'].map((a) =>
        u.name(a),
      ) as [string, string, string, string];
      const [t, c0, cents, one] = [u.value(e.totalCents), u.value(0), u.value(e.cents), u.value(1)];
      u.setRaw(`${total} = if_not_exists(${total}, ${t})`)
        .setRaw(`${committed} = if_not_exists(${committed}, ${c0}) + ${cents}`)
        .setRaw(`${remaining} = if_not_exists(${remaining}, ${t}) - ${cents}`)
        .setRaw(`${version} = if_not_exists(${version}, ${c0}) + ${one}`);
      update('envelope', keys.envelope(e.dispositifCode), u, `attribute_not_exists(PK) OR (${total} = ${t} AND ${remaining} >= ${cents})`);
    }
    return parts;
  }
}
