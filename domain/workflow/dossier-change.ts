/**
 * A change of one dossier, built from the dossier as read and committed whole
 * (domain/ports/commit.ts): its new state, the timeline events that prove it, the emails it owes,
 * the deadlines, tasks and envelope commitment that go with it, and the action's marker.
 *
 * `changeDossier` reads the dossier, lets a pure function describe the change, and commits it.
 * If another writer changed the dossier in between (its version moved), the function runs again on
 * the new state: optimistic concurrency, the only retry left — every part of a change is written
 * in the same transaction, so no replay, ordering or timeline re-read is needed to stay consistent.
 */
import type { Catalog } from '#domain/catalog/index.ts';
import type { DeadlineKindName } from '#domain/deadlines/index.ts';
import type { EmailKind, RenderedEmail } from '#domain/notifications/index.ts';
import type { DossierCommit, DossierField } from '#domain/ports/commit.ts';
import { AlreadyDoneError, RecordNotFoundError, VersionConflictError } from '#domain/ports/errors.ts';
import {
  deadlineId,
  type DeadlineStatus,
  type Dossier,
  type DossierAmounts,
  type DossierStatus,
  type EnvelopeCommitment,
  type JsonValue,
  type NewDeadline,
  type NewOutboxEmail,
  type NewTask,
  type TaskDecision,
  type TimelineEvent,
  type TimelineHead,
} from '#domain/ports/records.ts';
import type { Stores } from '#domain/ports/stores.ts';
import type { Clock } from '#domain/time/clock.ts';
import { chainEvent } from '#domain/timeline/hash-chain.ts';
import { MAX_ATTEMPTS_AFTER_CONFLICT, pauseAfterConflict } from './conflict-backoff.ts';
import { obligationDeadlines, type Obligation } from './obligations.ts';
import {
  changedParts,
  validatedForWrite,
  WORKFLOW_STATE_STAMP,
  workflowCopyOf,
  workflowOf,
  type DossierRecord,
  type WorkflowState,
} from './state.ts';

/** A kind of email and its template (domain/notifications/: `TASK_ASSIGNED`…). */
export interface EmailTemplate<K extends EmailKind, P> {
  readonly kind: K;
  readonly render: (params: P) => RenderedEmail;
}

interface PendingEvent {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

export class DossierChange {
  /** The dossier as read. */
  readonly read: DossierRecord;
  /** Its workflow state, to change in place. */
  readonly workflow: WorkflowState;
  #status: DossierStatus | undefined;
  #amounts: DossierAmounts | undefined;
  readonly #clock: Clock;
  readonly #events: PendingEvent[] = [];
  readonly #emails: NewOutboxEmail[] = [];
  readonly #deadlines: NewDeadline[] = [];
  readonly #closeDeadlines: DossierCommit['closeDeadlines'] = [];
  readonly #tasks: NewTask[] = [];
  readonly #closeTasks: DossierCommit['closeTasks'] = [];
  #decision: TaskDecision | undefined;
  #confirmDecision: string | undefined;
  #envelope: EnvelopeCommitment | undefined;
  #marker: string | undefined;

  /** The workflow state as read (validated, or trusted by its stamp): what the change touched, and what is valid already. */
  readonly #workflowRead: WorkflowState;

  constructor(read: DossierRecord, clock: Clock) {
    this.read = read;
    this.workflow = workflowCopyOf(read);
    this.#workflowRead = workflowOf(read);
    this.#clock = clock;
  }

  /** The dossier's status once the change applies. */
  get status(): DossierStatus {
    return this.#status ?? this.read.status;
  }
  get amounts(): DossierAmounts {
    return this.#amounts ?? this.read.amounts;
  }

  setStatus(status: DossierStatus): this {
    this.#status = status;
    return this;
  }
  setAmounts(amounts: DossierAmounts): this {
    this.#amounts = amounts;
    return this;
  }
  /**
   * The change is done once under this key (an idempotency marker committed with it): for a
   * change the dossier's state cannot tell is done (an event or an email alone). Committed again,
   * it is refused and the first commit's result returned.
   */
  markAs(key: string): this {
    this.#marker = key;
    return this;
  }

  /** A timeline event (chained after the head at commit). */
  record(type: string, data: Record<string, unknown> = {}, actor = 'system'): this {
    this.#events.push({ type, actor, data });
    return this;
  }

  /**
   * An email owed, rendered now by its kind's template (`TASK_ASSIGNED`… beside it in
   * domain/notifications/), queued in the same commit; the timeline notes it (its content is in the
   * outbox). The caller names the template: a function bundles only the templates it sends.
   */
  email<K extends EmailKind, P>(template: EmailTemplate<K, P>, email: { key: string; params: NoInfer<P>; to: string[] }): this {
    const rendered = template.render(email.params);
    this.record('email-queued', { kind: template.kind, key: email.key, to: email.to, subject: rendered.subject });
    this.#emails.push({
      idempotencyKey: email.key,
      to: email.to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      kind: template.kind,
      dossierId: this.read.id,
    });
    return this;
  }

  /** An obligation of the porteur: its deadline records (./obligations.ts). */
  schedule(obligation: Obligation): this {
    this.#deadlines.push(...obligationDeadlines(this.read.id, obligation));
    return this;
  }

  /**
   * The obligation is met (if still pending). Its reminders stay: the daily enforcement drops a
   * reminder whose obligation is no longer pending on its day.
   */
  meet(kind: DeadlineKindName, ref: string): this {
    return this.closeDeadline(deadlineId(this.read.id, kind, ref), 'met');
  }

  /** Closes a deadline of the dossier if it is still pending. */
  closeDeadline(id: string, status: Exclude<DeadlineStatus, 'pending'>): this {
    this.#closeDeadlines.push({ id, status });
    return this;
  }

  openTask(task: NewTask): this {
    this.#tasks.push(task);
    return this;
  }
  /** Closes a task of the dossier if it is still open. */
  closeTask(id: string, status: 'expired' | 'cancelled'): this {
    this.#closeTasks.push({ id, status });
    return this;
  }
  decide(decision: TaskDecision): this {
    this.#decision = decision;
    return this;
  }
  /**
   * The change applies this decided task's decision in the execution that waited for it: its
   * hand-over is confirmed in the same commit (no separate write by the redelivery). Alone, it
   * writes nothing: an otherwise empty change stays empty and the redelivery confirms it.
   */
  confirmDecision(taskId: string): this {
    this.#confirmDecision = taskId;
    return this;
  }
  commitEnvelope(commitment: EnvelopeCommitment): this {
    this.#envelope = commitment;
    return this;
  }

  /** Whether another part of the change writes this task (a commit writes each item once). */
  #writesTask(id: string): boolean {
    return this.#decision?.taskId === id || this.#tasks.some((t) => t.id === id) || this.#closeTasks.some((t) => t.id === id);
  }

  /** Nothing to write: the change is already done (idempotent). */
  get isEmpty(): boolean {
    return (
      this.#events.length === 0 &&
      this.#status === undefined &&
      this.#amounts === undefined &&
      changedParts(this.#workflowRead, this.workflow).length === 0 &&
      this.#emails.length + this.#deadlines.length + this.#closeDeadlines.length + this.#tasks.length + this.#closeTasks.length === 0 &&
      this.#decision === undefined &&
      this.#envelope === undefined
    );
  }

  /**
   * The commit: the dossier as it will be, its events chained after the head read; `result` is kept
   * with the marker. Its workflow state is written validated, with the schema's stamp (readers with
   * the same schema trust it: ./state.ts): the parts the change touched are validated here (a wrong
   * shape is refused before it is stored), the others were validated or trusted as read.
   */
  toCommit(result: JsonValue = null): DossierCommit {
    const changed = changedParts(this.#workflowRead, this.workflow);
    const workflow = changed.length === 0 ? this.workflow : validatedForWrite(this.workflow, changed);
    const now = this.#clock.now().toISOString();
    const events: TimelineEvent[] = [];
    let last: TimelineHead | undefined = this.read.head.seq > 0 ? this.read.head : undefined;
    for (const e of this.#events) {
      const chained = chainEvent(last, {
        dossierId: this.read.id,
        at: now,
        type: e.type,
        actor: e.actor,
        data: e.data,
      });
      events.push(chained);
      last = chained;
    }
    const entered = this.status !== this.read.status;
    // What the commit writes of the dossier (with updatedAt and version). A state read without this
    // schema's stamp is written whole, dossier and all, with the stamp: an unstamped state read was
    // parsed here (defaults filled, members outside the schema left out), and the stamp alone would
    // make readers trust the raw state stored.
    const fields: DossierField[] = [];
    if (entered) fields.push('status', 'statusHistory');
    if (this.#amounts !== undefined) fields.push('amounts');
    if (events.length > 0) fields.push('head');
    const whole = this.read.workflowStamp !== WORKFLOW_STATE_STAMP;
    const dossier: Dossier = {
      ...this.read,
      status: this.status,
      ...(entered ? { statusHistory: [...(this.read.statusHistory ?? []), { status: this.status, at: now }] } : {}),
      amounts: this.amounts,
      workflow: workflow as unknown as Dossier['workflow'],
      workflowStamp: WORKFLOW_STATE_STAMP,
      head: last ? { seq: last.seq, hash: last.hash } : this.read.head,
      updatedAt: now,
      version: this.read.version + 1,
    };
    const commit: DossierCommit = {
      dossier,
      expectedVersion: this.read.version,
      events,
      emails: this.#emails,
      deadlines: this.#deadlines,
      closeDeadlines: this.#closeDeadlines,
      tasks: this.#tasks,
      closeTasks: this.#closeTasks,
    };
    if (!whole) commit.changed = { fields, workflowParts: changed };
    if (this.#marker) commit.marker = { key: this.#marker, result };
    if (this.#decision) commit.decision = this.#decision;
    if (this.#confirmDecision && !this.#writesTask(this.#confirmDecision)) commit.confirmDecision = this.#confirmDecision;
    if (this.#envelope) commit.envelope = this.#envelope;
    return commit;
  }
}

export type ChangeDeps = Pick<Stores, 'dossiers' | 'commits'> & { clock: Clock; catalog?: Catalog };

export interface ChangeOutcome<R> {
  /** What `describe` returned (or, for a change already done, the result its marker keeps). */
  result: R;
  /** The dossier after the change (as read when there was nothing to write). */
  dossier: DossierRecord;
  committed: boolean;
}

/**
 * Reads the dossier (or takes the one just read), has `describe` build the change and say its
 * result, and commits it (with its marker, a second run gets the first run's result). `describe`
 * must be a pure function of the dossier it is given: on a concurrent change it runs again on the
 * new state.
 */
export async function changeDossier<R extends JsonValue | Record<string, unknown> | undefined>(
  deps: ChangeDeps,
  dossierId: string,
  describe: (change: DossierChange) => R,
  options: { read?: DossierRecord } = {},
): Promise<ChangeOutcome<R>> {
  let read = options.read;
  for (let attempt = 1; ; attempt++) {
    read ??= await loadDossier(deps.dossiers, dossierId);
    const change = new DossierChange(read, deps.clock);
    const result = describe(change);
    if (change.isEmpty) return { result, dossier: read, committed: false };
    const commit = change.toCommit((result ?? null) as JsonValue);
    try {
      await deps.commits.commit(commit);
      return { result, dossier: commit.dossier, committed: true };
    } catch (error) {
      if (error instanceof AlreadyDoneError) return { result: error.result as R, dossier: read, committed: false };
      if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS_AFTER_CONFLICT) throw error;
      read = undefined;
      await pauseAfterConflict(attempt);
    }
  }
}

export async function loadDossier(dossiers: Stores['dossiers'], id: string): Promise<DossierRecord> {
  const dossier = await dossiers.get(id);
  if (!dossier) throw new RecordNotFoundError('dossier', id);
  return dossier;
}
