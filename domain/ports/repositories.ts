/**
 * The storage ports the domain receives. One implementation lives in adapters/dynamodb/
 * (single-table design: adapters/dynamodb/ACCESS-PATTERNS.md); the domain imports only these.
 *
 * Every state change is one conditional write: a refused condition surfaces as one of the typed
 * errors of ./errors.ts, never as a silent overwrite. "Now" comes from the clock the
 * implementation was given (one injectable clock for the whole system).
 */
import type { IsoDate } from '#domain/time/paris.ts';
import type {
  CpSession,
  Deadline,
  DeadlineStatus,
  Dossier,
  DossierPatch,
  DossierStatus,
  Envelope,
  IdempotencyRecord,
  JsonObject,
  JsonValue,
  NewCpSession,
  NewDeadline,
  NewDossier,
  NewOutboxEmail,
  NewTask,
  NewTimelineEvent,
  OutboxEmail,
  Task,
  TimelineEvent,
  TimelineVerification,
} from './records.ts';

export interface DossierRepository<S extends object = Record<string, unknown>> {
  /** Creates a dossier (version 1). @throws RecordAlreadyExistsError */
  createDossier(dossier: NewDossier<S>): Promise<Dossier<S>>;
  getDossier(id: string): Promise<Dossier<S> | undefined>;
  /**
   * Applies `patch` if the stored version is `expectedVersion`; returns the new record.
   * @throws VersionConflictError (nothing written) · RecordNotFoundError
   */
  updateDossier(id: string, expectedVersion: number, patch: DossierPatch<S>): Promise<Dossier<S>>;
  /**
   * Moves the dossier to `to` if its status is one of `from`, applying `patch` in the same write.
   * @throws InvalidTransitionError (carries the actual status) · RecordNotFoundError
   */
  transitionDossier(
    id: string,
    from: readonly DossierStatus[],
    to: DossierStatus,
    patch?: Omit<DossierPatch<S>, 'status'>,
  ): Promise<Dossier<S>>;
  /** Newest first. */
  listDossiersOfPorteur(porteurId: string): Promise<Dossier<S>[]>;
  /** Every dispositif's dossiers in a status: by dispositif code, then oldest first. */
  listDossiersByStatus(status: DossierStatus): Promise<Dossier<S>[]>;
  /** Oldest first. */
  listDossiersByDispositifAndStatus(dispositifCode: string, status: DossierStatus): Promise<Dossier<S>[]>;
  /**
   * The dossier's human-readable reference, allocated once per dossier id: a retry with the same
   * id returns the same reference, even after a crash between allocation and the dossier's
   * creation. References of a dispositif are unique, increasing and without gap.
   */
  allocateDossierReference(dispositifCode: string, dossierId: string): Promise<string>;
}

export interface TaskRepository {
  /** Stores a new open task. @throws RecordAlreadyExistsError */
  putTask(task: NewTask): Promise<Task>;
  /** The task without its callback token. */
  getTask(id: string): Promise<Task | undefined>;
  /** The Step Functions callback token: for the code that calls SendTaskSuccess/Failure only. */
  getTaskToken(id: string): Promise<string | undefined>;
  /**
   * Records a decision if the task is still open: of concurrent callers exactly one succeeds.
   * @throws TaskAlreadyDecidedError · DecisionNotAllowedError · RecordNotFoundError
   */
  decideTask(id: string, decision: string, decidedBy: string, comment?: string, details?: JsonObject): Promise<Task>;
  /** The decision was handed to its execution (or there is none left to give it to). */
  markDecisionDelivered(id: string): Promise<void>;
  /** Decided tasks whose decision was not yet handed to their execution, decided at or before an instant, oldest first. */
  listUndeliveredDecisions(decidedUpTo: Date, limit: number): Promise<Task[]>;
  /** Closes an open task as expired; false if it was no longer open. @throws RecordNotFoundError */
  expireTask(id: string): Promise<boolean>;
  /** Closes an open task as cancelled; false if it was no longer open. @throws RecordNotFoundError */
  cancelTask(id: string): Promise<boolean>;
  /** The inbox of a role in a territory: open tasks only, the one due first first. */
  listOpenTasks(role: string, territory: string): Promise<Task[]>;
}

export interface DeadlineRepository {
  /** Stores a pending deadline; the same id again is a no-op (returns false). */
  putDeadline(deadline: NewDeadline): Promise<boolean>;
  getDeadline(id: string): Promise<Deadline | undefined>;
  /** The pending deadlines due on a Paris calendar day: reads only that day's items. */
  listDueDeadlines(day: IsoDate): Promise<Deadline[]>;
  /** Every deadline of a dossier, any status. */
  listDeadlinesOfDossier(dossierId: string): Promise<Deadline[]>;
  /** Closes a pending deadline. @throws DeadlineNotPendingError · RecordNotFoundError */
  markDeadline(id: string, status: Exclude<DeadlineStatus, 'pending'>): Promise<Deadline>;
  /** Moves a pending deadline to another day. @throws DeadlineNotPendingError · RecordNotFoundError */
  rescheduleDeadline(id: string, dueDate: IsoDate): Promise<Deadline>;
}

export interface TimelineRepository {
  /** Appends the next event of the dossier's chain (seq and hashes are computed here). */
  appendTimelineEvent(dossierId: string, event: NewTimelineEvent): Promise<TimelineEvent>;
  /** In seq order. */
  listTimeline(dossierId: string): Promise<TimelineEvent[]>;
  verifyTimeline(dossierId: string): Promise<TimelineVerification>;
}

export interface OutboxRepository {
  /** Queues an email; the same idempotency key again is a no-op. Returns whether it was new. */
  enqueueEmail(email: NewOutboxEmail): Promise<boolean>;
  getEmail(idempotencyKey: string): Promise<OutboxEmail | undefined>;
  /** Pending emails whose next attempt is due now, oldest first. */
  listPendingEmails(limit: number): Promise<OutboxEmail[]>;
  /** @throws EmailAlreadySentError · RecordNotFoundError */
  markEmailSent(idempotencyKey: string, messageId: string): Promise<OutboxEmail>;
  /**
   * Takes a pending email for one sender until `until` (its next attempt moves there), if it is
   * still at `expectedVersion`: of concurrent senders exactly one gets it. Undefined otherwise.
   */
  claimEmail(idempotencyKey: string, expectedVersion: number, until: Date): Promise<OutboxEmail | undefined>;
  /** Counts a failed attempt and defers the next one to `retryAt`. @throws EmailAlreadySentError · RecordNotFoundError */
  recordEmailFailure(idempotencyKey: string, error: string, retryAt: Date): Promise<OutboxEmail>;
}

export interface EnvelopeRepository {
  /**
   * Creates the envelope with nothing committed; again with the same total is a no-op.
   * @throws EnvelopeConflictError when it exists with another total
   */
  initEnvelope(dispositifCode: string, totalCents: number): Promise<Envelope>;
  getEnvelope(dispositifCode: string): Promise<Envelope | undefined>;
  /**
   * Commits `cents` to a dossier in one conditional write; the same dossier and amount again is
   * an idempotent success.
   * @throws EnvelopeExceededError (with what remains) · EnvelopeConflictError (already committed
   * with another amount) · RecordNotFoundError
   */
  commitToEnvelope(dispositifCode: string, dossierId: string, cents: number): Promise<Envelope>;
  /** Gives a dossier's commitment back; false if it had none. @throws RecordNotFoundError */
  releaseFromEnvelope(dispositifCode: string, dossierId: string): Promise<boolean>;
}

export type IdempotencyPutResult<R> = { stored: true; record: IdempotencyRecord<R> } | { stored: false; record: IdempotencyRecord<R> };

export interface IdempotencyRepository {
  /**
   * Stores the result of an action under (scope, key). If a record is already there with the same
   * fingerprint, returns it (`stored: false`: replay the stored result).
   * @throws IdempotencyKeyReusedError when it is there with another fingerprint
   */
  putIdempotencyRecord<R extends JsonValue>(scope: string, key: string, fingerprint: string, result: R): Promise<IdempotencyPutResult<R>>;
  /**
   * The live record under (scope, key), if any. With `fingerprint`, a record of another request
   * throws IdempotencyKeyReusedError.
   */
  getIdempotencyRecord<R extends JsonValue>(scope: string, key: string, fingerprint?: string): Promise<IdempotencyRecord<R> | undefined>;
}

export interface CpSessionRepository {
  /** Creates an open session; the same id again is a no-op (returns false). */
  createCpSession(session: NewCpSession): Promise<boolean>;
  getCpSession(id: string): Promise<CpSession | undefined>;
  /** Sessions on or after a day, by date. */
  listCpSessions(fromDate: IsoDate): Promise<CpSession[]>;
  /**
   * Places a dossier on an open session's agenda; already there is a no-op (returns false).
   * @throws CpSessionClosedError · RecordNotFoundError
   */
  addDossierToCpSession(id: string, dossierId: string): Promise<boolean>;
  /** @throws CpSessionClosedError · RecordNotFoundError */
  markCpSessionDecided(id: string, deliberationNumber?: string): Promise<CpSession>;
}

/** Everything the domain stores. */
export interface Repository<S extends object = Record<string, unknown>>
  extends DossierRepository<S>,
    TaskRepository,
    DeadlineRepository,
    TimelineRepository,
    OutboxRepository,
    EnvelopeRepository,
    IdempotencyRepository,
    CpSessionRepository {}
