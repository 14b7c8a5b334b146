/**
 * The one way the domain writes a dossier: a commit, applied whole or not at all (one DynamoDB
 * TransactWriteItems). A state change, the timeline events that prove it (chained after the
 * dossier's head, which moves with the change), the emails it owes (the transactional outbox), the
 * deadlines it schedules or closes, the tasks it opens, decides or closes, the envelope commitment
 * of a favourable decision and the idempotency marker of the action — together.
 *
 * Conditions, and what a refusal means (domain/ports/errors.ts):
 *  - the dossier is still at `expectedVersion` (0: it does not exist yet) — else VersionConflictError
 *    (read it again and decide again), or RecordAlreadyExistsError for a filing;
 *  - the marker is not there — else AlreadyDoneError carrying the result the action stored with it;
 *  - the decided task is open and allows the decision — else TaskAlreadyDecidedError / DecisionNotAllowedError;
 *  - the envelope has room — else EnvelopeExceededError; EnvelopeConflictError when it holds
 *    another commitment for the dossier, or another total;
 *  - a filing's content is not claimed by another dossier — else ContentAlreadyFiledError; its
 *    reference number still the next one — else VersionConflictError.
 * Idempotent parts are applied if they still apply and skipped otherwise, never a refusal: an
 * email, a deadline or a task already there (their ids are deterministic), a deadline no longer
 * pending, a task no longer open, a decision to confirm on a task not decided, the very same
 * envelope commitment already made.
 */
import type {
  Dossier,
  DeadlineStatus,
  EnvelopeCommitment,
  FilingWrite,
  JsonObject,
  JsonValue,
  NewDeadline,
  NewOutboxEmail,
  NewTask,
  TaskDecision,
  TimelineEvent,
} from './records.ts';

/**
 * A field a commit may change (`DossierCommit.changed`): never an identity field nor `createdAt`; the
 * workflow state by its members, under the stamp stored (a commit that stamps it anew writes it whole).
 */
export type DossierField = Exclude<
  keyof Dossier,
  'id' | 'reference' | 'porteurId' | 'dispositifCode' | 'createdAt' | 'updatedAt' | 'version' | 'workflow' | 'workflowStamp'
>;

export interface DossierCommit {
  /** The dossier as the commit leaves it: version `expectedVersion + 1`, head on the last of `events`. */
  dossier: Dossier;
  /**
   * What the commit changes of the stored dossier besides `updatedAt` and `version` (which every
   * commit moves): its fields, and the members of its workflow state (`workflowParts`); only these
   * are written, the rest is as stored (one left undefined in `dossier` is removed). Absent: the
   * whole dossier is written. Only for a dossier already there (`expectedVersion` > 0).
   */
  changed?: { fields: readonly DossierField[]; workflowParts: readonly string[] };
  /** The version the change was decided on; 0 for a dossier being filed (`filing`). */
  expectedVersion: number;
  /** A filing: the submission as filed, its content claim and its reference number. */
  filing?: FilingWrite & { submission: JsonObject };
  /** Appended to the timeline, chained after the head read (domain/timeline/hash-chain.ts). */
  events: TimelineEvent[];
  /** The action's idempotency: stored with its result; a second commit with the same key is refused (AlreadyDoneError). */
  marker?: { key: string; result: JsonValue };
  emails: NewOutboxEmail[];
  deadlines: NewDeadline[];
  closeDeadlines: { id: string; status: Exclude<DeadlineStatus, 'pending'> }[];
  tasks: NewTask[];
  decision?: TaskDecision;
  closeTasks: { id: string; status: 'expired' | 'cancelled' }[];
  /**
   * A decided task whose decision the change applies in its execution: the hand-over is proven, so
   * the task leaves the queue of decisions to confirm (what `redeliverDecisions` would write later,
   * one write less). Idempotent: skipped when the task is not decided.
   */
  confirmDecision?: string;
  envelope?: EnvelopeCommitment;
}

export interface CommitPort {
  commit(commit: DossierCommit): Promise<void>;
}
