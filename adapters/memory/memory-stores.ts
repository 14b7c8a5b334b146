/**
 * Every storage port in memory: the same contract as the DynamoDB adapters (test/integration/stores
 * runs one suite against both), for fast tests of the domain. A commit is checked whole, then
 * applied whole (nothing awaits in between, so no other call interleaves). Records are copied in
 * and out: a caller never holds a stored object.
 */
import type { CommitPort, DossierCommit } from '#domain/ports/commit.ts';
import {
  AlreadyDoneError,
  ContentAlreadyFiledError,
  DecisionNotAllowedError,
  EmailAlreadySentError,
  EnvelopeConflictError,
  EnvelopeExceededError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  TaskAlreadyDecidedError,
  VersionConflictError,
} from '#domain/ports/errors.ts';
import {
  deadlineId,
  dossierIdOfDeadline,
  dossierIdOfTask,
  type CpSession,
  type FilingInvitation,
  type Deadline,
  type DeadlineStatus,
  type Dossier,
  type DossierStatus,
  type DossierSummary,
  type Envelope,
  type JsonObject,
  type JsonValue,
  type NewCpSession,
  type OutboxEmail,
  type PendingEmail,
  type RetentionPolicy,
  type Task,
  type TimelineEvent,
} from '#domain/ports/records.ts';
import type { UnconfirmedDecision } from '#domain/ports/tasks.ts';
import type { Stores } from '#domain/ports/stores.ts';
import type { Clock } from '#domain/time/clock.ts';
import type { IsoDate } from '#domain/time/paris.ts';
import { normalizeEventData } from '#domain/timeline/hash-chain.ts';
import { MAX_ERROR_TEXT, summaryOf, ttlFor, validateCommit, validateTask } from '../store-rules.ts';

const copy = <T>(value: T): T => structuredClone(value);

/** The stored dossier with what a commit changed of it (`DossierCommit.changed`), as the DynamoDB adapter's update writes it. */
function changedDossier(stored: Dossier, next: Dossier, changed: NonNullable<DossierCommit['changed']>): Dossier {
  const out: Record<string, unknown> = { ...stored, updatedAt: next.updatedAt, version: next.version };
  const workflow: Record<string, unknown> = { ...stored.workflow };
  const apply = (to: Record<string, unknown>, from: Record<string, unknown>, key: string) => {
    if (from[key] === undefined) delete to[key];
    else to[key] = copy(from[key]);
  };
  for (const field of changed.fields) apply(out, next as unknown as Record<string, unknown>, field);
  for (const part of changed.workflowParts) apply(workflow, next.workflow, part);
  out.workflow = workflow;
  return out as unknown as Dossier;
}

interface Marker {
  result: JsonValue;
  ttl?: number;
}
interface ContentClaim {
  dossierId: string;
  ttl?: number;
}
interface StoredTask {
  task: Task;
  taskToken: string;
  /** On the queue of decisions whose hand-over is not confirmed yet. */
  unconfirmed: boolean;
}

export interface MemoryStoresConfig {
  clock: Clock;
  retention?: RetentionPolicy;
}

export class MemoryStores implements Stores {
  readonly #clock: Clock;
  readonly #retention: RetentionPolicy;
  readonly #dossiers = new Map<string, Dossier>();
  readonly #submissions = new Map<string, { submission: JsonObject; fingerprint: string }>();
  readonly #events = new Map<string, TimelineEvent[]>();
  readonly #tasks = new Map<string, StoredTask>();
  readonly #deadlines = new Map<string, Deadline>();
  readonly #emails = new Map<string, OutboxEmail>();
  readonly #envelopes = new Map<string, Envelope>();
  readonly #commitments = new Map<string, number>();
  readonly #markers = new Map<string, Marker>();
  readonly #contentClaims = new Map<string, ContentClaim>();
  readonly #referenceCounters = new Map<string, number>();
  readonly #sessions = new Map<string, CpSession>();
  readonly #invitations = new Map<string, FilingInvitation>();
  readonly #invitationKeys = new Map<string, string>();

  constructor(config: MemoryStoresConfig) {
    this.#clock = config.clock;
    this.#retention = { ...config.retention };
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }
  #live(ttl: number | undefined): boolean {
    return ttl === undefined || ttl >= this.#nowSeconds();
  }

  // -------------------------------------------------------------------------------------------
  // Dossiers

  readonly dossiers: Stores['dossiers'] = {
    get: async (id) => {
      const d = this.#dossiers.get(id);
      return d ? copy(d) : undefined;
    },
    getSubmission: async (id) => {
      const s = this.#submissions.get(id);
      return s ? copy(s.submission) : undefined;
    },
    listOfPorteur: async (porteurId) =>
      [...this.#dossiers.values()]
        .filter((d) => d.porteurId === porteurId)
        .sort((a, b) => compare(`${b.createdAt}#${b.id}`, `${a.createdAt}#${a.id}`))
        .map((d) => summaryOf(copy(d))),
    listByStatus: async (status: DossierStatus, dispositifCode?: string) =>
      [...this.#dossiers.values()]
        .filter((d) => d.status === status && (dispositifCode === undefined || d.dispositifCode === dispositifCode))
        .sort((a, b) => compare(`${a.dispositifCode}#${a.createdAt}#${a.id}`, `${b.dispositifCode}#${b.createdAt}#${b.id}`))
        .map((d): DossierSummary => summaryOf(copy(d))),
  };

  // -------------------------------------------------------------------------------------------
  // Tasks

  readonly tasks: Stores['tasks'] = {
    get: async (id) => {
      const t = this.#tasks.get(id);
      return t ? copy(t.task) : undefined;
    },
    getForDecision: async (id) => {
      const t = this.#tasks.get(id);
      if (!t) return undefined;
      const dossierId = dossierIdOfTask(id);
      const dossier = dossierId ? this.#dossiers.get(dossierId) : undefined;
      return { task: copy(t.task), taskToken: t.taskToken, dossier: dossier ? copy(dossier) : undefined };
    },
    listOfDossier: async (dossierId) =>
      [...this.#tasks.values()]
        .filter((t) => t.task.dossierId === dossierId)
        .map((t) => copy(t.task))
        .sort((a, b) => compare(`${a.createdAt}#${a.id}`, `${b.createdAt}#${b.id}`)),
    listOpen: async (role, territory) =>
      [...this.#tasks.values()]
        .filter((t) => t.task.status === 'open' && t.task.role === role && t.task.territory === territory)
        .map((t) => copy(t.task))
        .sort((a, b) => compare(`${a.dueAt}#${a.id}`, `${b.dueAt}#${b.id}`)),
    listUnconfirmedDecisions: async (decidedUpTo, limit) => {
      const upTo = `${decidedUpTo.toISOString()}~`;
      return [...this.#tasks.values()]
        .filter((t) => t.unconfirmed && `${t.task.decidedAt}#${t.task.id}` <= upTo)
        .sort((a, b) => compare(`${a.task.decidedAt}#${a.task.id}`, `${b.task.decidedAt}#${b.task.id}`))
        .slice(0, limit)
        .map(
          (t): UnconfirmedDecision => ({
            taskId: t.task.id,
            dossierId: t.task.dossierId,
            decision: t.task.decision!,
            decidedAt: t.task.decidedAt!,
            taskToken: t.taskToken,
          }),
        );
    },
    confirmDecisionDelivered: async (id) => {
      const t = this.#tasks.get(id);
      if (t?.task.status === 'decided') t.unconfirmed = false;
    },
  };

  // -------------------------------------------------------------------------------------------
  // Timeline

  readonly timeline: Stores['timeline'] = {
    list: async (dossierId) => copy(this.#events.get(dossierId) ?? []),
  };

  // -------------------------------------------------------------------------------------------
  // Deadlines

  readonly deadlines: Stores['deadlines'] = {
    get: async (id) => {
      const d = this.#deadlines.get(id);
      return d ? copy(d) : undefined;
    },
    listDue: async (from: IsoDate, to: IsoDate) =>
      [...this.#deadlines.values()]
        .filter((d) => d.status === 'pending' && d.dueDate >= from && d.dueDate <= to)
        .sort((a, b) => compare(`${a.dueDate}#${a.id}`, `${b.dueDate}#${b.id}`))
        .map(copy),
    listOfDossier: async (dossierId) =>
      [...this.#deadlines.values()]
        .filter((d) => d.dossierId === dossierId)
        .sort((a, b) => compare(`${a.kind}#${a.ref}`, `${b.kind}#${b.ref}`))
        .map(copy),
    close: async (id, status) => this.#closeDeadline(id, status, this.#clock.now().toISOString()),
  };

  #closeDeadline(id: string, status: Exclude<DeadlineStatus, 'pending'>, at: string): boolean {
    const d = this.#deadlines.get(id);
    if (d?.status !== 'pending') return false;
    Object.assign(d, { status, updatedAt: at, version: d.version + 1 });
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Outbox

  readonly outbox: Stores['outbox'] = {
    get: async (key) => {
      const e = this.#emails.get(key);
      return e ? copy(e) : undefined;
    },
    getMany: async (keys) => keys.flatMap((k) => (this.#emails.has(k) ? [copy(this.#emails.get(k)!)] : [])),
    listDue: async (limit) => {
      if (!Number.isSafeInteger(limit) || limit <= 0) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
      const upTo = `${this.#clock.now().toISOString()}~`;
      return [...this.#emails.values()]
        .filter((e) => e.status === 'pending' && `${e.nextAttemptAt}#${e.idempotencyKey}` <= upTo)
        .sort((a, b) => compare(`${a.nextAttemptAt}#${a.idempotencyKey}`, `${b.nextAttemptAt}#${b.idempotencyKey}`))
        .slice(0, limit)
        .map(
          (e): PendingEmail => ({
            idempotencyKey: e.idempotencyKey,
            status: e.status,
            attempts: e.attempts,
            nextAttemptAt: e.nextAttemptAt,
            version: e.version,
          }),
        );
    },
    claim: async (key, expectedVersion, until) => {
      const e = this.#emails.get(key);
      if (e?.status !== 'pending' || e.version !== expectedVersion) return undefined;
      Object.assign(e, { nextAttemptAt: until.toISOString(), version: e.version + 1 });
      return copy(e);
    },
    markSent: async (key, messageId) => {
      const e = this.#pendingEmail(key);
      const now = this.#clock.now();
      Object.assign(e, { status: 'sent', sentAt: now.toISOString(), messageId, attempts: e.attempts + 1, version: e.version + 1 });
      const ttl = ttlFor(this.#retention, 'sentEmail', now);
      if (ttl !== undefined) e.ttl = ttl;
      return copy(e);
    },
    recordFailure: async (key, error, retryAt) => {
      const e = this.#pendingEmail(key);
      Object.assign(e, { lastError: error.slice(0, MAX_ERROR_TEXT), nextAttemptAt: retryAt.toISOString(), attempts: e.attempts + 1 });
      return copy(e);
    },
  };

  #pendingEmail(key: string): OutboxEmail {
    const e = this.#emails.get(key);
    if (!e) throw new RecordNotFoundError('email', key);
    if (e.status !== 'pending') throw new EmailAlreadySentError(key, e.messageId);
    return e;
  }

  // -------------------------------------------------------------------------------------------
  // Envelopes, filings, CP sessions

  readonly envelopes: Stores['envelopes'] = {
    get: async (code) => {
      const e = this.#envelopes.get(code);
      return e ? copy(e) : undefined;
    },
    getMany: async (codes) => codes.flatMap((c) => (this.#envelopes.has(c) ? [copy(this.#envelopes.get(c)!)] : [])),
    commitmentOf: async (code, dossierId) => this.#commitments.get(`${code}#${dossierId}`),
  };

  readonly filings: Stores['filings'] = {
    lookup: async (dossierId, contentKey, dispositifCode) => {
      const filed = this.#submissions.get(dossierId);
      const claim = this.#contentClaims.get(contentKey);
      return {
        ...(filed ? { filedFingerprint: filed.fingerprint } : {}),
        ...(claim && this.#live(claim.ttl) ? { sameContentAs: claim.dossierId } : {}),
        lastReferenceNumber: this.#referenceCounters.get(dispositifCode) ?? 0,
      };
    },
  };

  readonly invitations: Stores['invitations'] = {
    open: async (invitation, key, email) => {
      const first = this.#invitationKeys.get(key);
      if (first !== undefined) return copy(this.#invitations.get(first)!);
      const now = this.#clock.now().toISOString();
      this.#invitationKeys.set(key, invitation.id);
      this.#invitations.set(invitation.id, copy(invitation));
      if (!this.#emails.has(email.idempotencyKey))
        this.#emails.set(email.idempotencyKey, {
          ...copy(email),
          status: 'pending',
          attempts: 0,
          createdAt: now,
          nextAttemptAt: now,
          version: 1,
        });
      return copy(invitation);
    },
    get: async (id) => {
      const found = this.#invitations.get(id);
      return found ? copy(found) : undefined;
    },
  };

  readonly cpSessions: Stores['cpSessions'] = {
    create: async (session: NewCpSession) => {
      const existing = this.#sessions.get(session.id);
      if (existing) return copy(existing);
      const record: CpSession = { ...session, createdAt: this.#clock.now().toISOString(), version: 1 };
      this.#sessions.set(session.id, record);
      return copy(record);
    },
    get: async (id) => {
      const s = this.#sessions.get(id);
      return s ? copy(s) : undefined;
    },
  };

  // -------------------------------------------------------------------------------------------
  // Commit: every condition checked, then everything applied.

  readonly commits: CommitPort = {
    commit: async (commit: DossierCommit) => {
      validateCommit(commit);
      this.#check(commit);
      this.#apply(commit);
    },
  };

  #check(c: DossierCommit): void {
    const id = c.dossier.id;
    const marker = c.marker ? this.#markers.get(`${id}#${c.marker.key}`) : undefined;
    if (c.marker && marker && this.#live(marker.ttl)) throw new AlreadyDoneError(c.marker.key, copy(marker.result));
    if (c.decision) {
      const stored = this.#tasks.get(c.decision.taskId);
      if (!stored) throw new RecordNotFoundError('task', c.decision.taskId);
      const t = stored.task;
      if (t.status !== 'open') throw new TaskAlreadyDecidedError(t.id, t.status, t.decision, t.decidedBy);
      if (!t.allowedDecisions.includes(c.decision.decision))
        throw new DecisionNotAllowedError(t.id, c.decision.decision, t.allowedDecisions);
    }
    if (c.envelope && this.#commitments.get(`${c.envelope.dispositifCode}#${c.envelope.dossierId}`) === undefined) {
      const { dispositifCode, totalCents, cents } = c.envelope;
      const envelope = this.#envelopes.get(dispositifCode);
      if (envelope && envelope.totalCents !== totalCents)
        throw new EnvelopeConflictError(dispositifCode, `stored with a total of ${envelope.totalCents} cents, not ${totalCents}`);
      const remaining = envelope?.remainingCents ?? totalCents;
      if (remaining < cents) throw new EnvelopeExceededError(dispositifCode, cents, remaining);
    } else if (c.envelope) {
      const already = this.#commitments.get(`${c.envelope.dispositifCode}#${c.envelope.dossierId}`)!;
      if (already !== c.envelope.cents)
        throw new EnvelopeConflictError(
          c.envelope.dispositifCode,
          `dossier ${c.envelope.dossierId} already has ${already} cents committed, not ${c.envelope.cents}`,
        );
    }
    if (c.filing) {
      const claim = this.#contentClaims.get(c.filing.contentKey);
      if (claim && this.#live(claim.ttl) && claim.dossierId !== id) throw new ContentAlreadyFiledError(claim.dossierId);
    }
    const stored = this.#dossiers.get(id);
    if (c.expectedVersion === 0) {
      if (stored) throw new RecordAlreadyExistsError('dossier', id);
    } else if (!stored) {
      throw new RecordNotFoundError('dossier', id);
    } else if (stored.version !== c.expectedVersion) {
      throw new VersionConflictError('dossier', id, c.expectedVersion, stored.version);
    }
    if (c.filing) {
      const counter = this.#referenceCounters.get(c.dossier.dispositifCode) ?? 0;
      if (counter !== c.filing.previousReferenceNumber)
        throw new VersionConflictError('reference counter', c.dossier.dispositifCode, c.filing.previousReferenceNumber, counter);
    }
    const events = this.#events.get(id) ?? [];
    for (const e of c.events) if (events.some((x) => x.seq === e.seq)) throw new Error(`timeline of ${id}: event ${e.seq} already there`);
  }

  #apply(c: DossierCommit): void {
    const id = c.dossier.id;
    const now = c.dossier.updatedAt;
    const nowDate = new Date(now);
    this.#dossiers.set(id, c.changed ? changedDossier(this.#dossiers.get(id)!, c.dossier, c.changed) : copy(c.dossier));
    if (c.filing) {
      this.#submissions.set(id, { submission: copy(c.filing.submission), fingerprint: c.filing.fingerprint });
      const ttl = ttlFor(this.#retention, 'idempotencyRecord', nowDate);
      this.#contentClaims.set(c.filing.contentKey, { dossierId: id, ...(ttl !== undefined ? { ttl } : {}) });
      this.#referenceCounters.set(c.dossier.dispositifCode, c.filing.previousReferenceNumber + 1);
    }
    const events = this.#events.get(id) ?? [];
    events.push(...copy(c.events));
    this.#events.set(id, events);
    if (c.marker) {
      const ttl = ttlFor(this.#retention, 'idempotencyRecord', nowDate);
      this.#markers.set(`${id}#${c.marker.key}`, { result: copy(c.marker.result), ...(ttl !== undefined ? { ttl } : {}) });
    }
    for (const e of c.emails) {
      if (this.#emails.has(e.idempotencyKey)) continue;
      this.#emails.set(e.idempotencyKey, {
        ...copy(e),
        status: 'pending',
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
        version: 1,
      });
    }
    for (const d of c.deadlines) {
      const did = deadlineId(d.dossierId, d.kind, d.ref);
      if (this.#deadlines.has(did)) continue;
      this.#deadlines.set(did, {
        id: did,
        dossierId: d.dossierId,
        kind: d.kind,
        ref: d.ref,
        dueDate: d.dueDate,
        status: 'pending',
        data: normalizeEventData(d.data ?? {}),
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
    }
    for (const close of c.closeDeadlines) if (dossierIdOfDeadline(close.id) === id) this.#closeDeadline(close.id, close.status, now);
    for (const t of c.tasks) {
      validateTask(t);
      if (this.#tasks.has(t.id)) continue;
      const { taskToken, ...fields } = copy(t);
      this.#tasks.set(t.id, { task: { ...fields, status: 'open', createdAt: now, version: 1 }, taskToken, unconfirmed: false });
    }
    if (c.decision) {
      const stored = this.#tasks.get(c.decision.taskId)!;
      Object.assign(stored.task, {
        status: 'decided',
        decision: c.decision.decision,
        decidedBy: c.decision.decidedBy,
        decidedAt: now,
        ...(c.decision.comment !== undefined ? { comment: c.decision.comment } : {}),
        ...(c.decision.details !== undefined ? { details: copy(c.decision.details) } : {}),
        version: stored.task.version + 1,
      });
      stored.unconfirmed = true;
    }
    if (c.confirmDecision) {
      const stored = this.#tasks.get(c.confirmDecision);
      if (stored?.task.status === 'decided') stored.unconfirmed = false;
    }
    for (const close of c.closeTasks) {
      const stored = this.#tasks.get(close.id);
      if (stored?.task.status !== 'open' || stored.task.dossierId !== id) continue;
      Object.assign(stored.task, { status: close.status, closedAt: now, version: stored.task.version + 1 });
    }
    if (c.envelope) {
      const { dispositifCode, totalCents, dossierId, cents } = c.envelope;
      const key = `${dispositifCode}#${dossierId}`;
      if (!this.#commitments.has(key)) {
        this.#commitments.set(key, cents);
        const e = this.#envelopes.get(dispositifCode) ?? {
          dispositifCode,
          totalCents,
          committedCents: 0,
          remainingCents: totalCents,
          version: 0,
        };
        this.#envelopes.set(dispositifCode, {
          ...e,
          committedCents: e.committedCents + cents,
          remainingCents: e.remainingCents - cents,
          version: e.version + 1,
        });
      }
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
