/**
 * Every key value of the table, built in one place (ACCESS-PATTERNS.md documents them).
 * Components that are followed by another component must not contain `#` (adapters/store-rules.ts
 * `assertNoHash`), so two different records can never produce the same key.
 */

export interface PrimaryKey {
  PK: string;
  SK: string;
}

/** Width of the zero-padded timeline sequence number in SK (sorts as a string). */
export const SEQ_WIDTH = 10;

export const ENTITY = {
  dossier: 'dossier',
  submission: 'submission',
  referenceCounter: 'referenceCounter',
  contentClaim: 'contentClaim',
  task: 'task',
  deadline: 'deadline',
  timelineEvent: 'timelineEvent',
  marker: 'marker',
  email: 'email',
  envelope: 'envelope',
  commitment: 'envelopeCommitment',
  cpSession: 'cpSession',
  invitation: 'filingInvitation',
  invitationKey: 'filingInvitationKey',
} as const;

const dossierPk = (id: string) => `DOSSIER#${id}`;

export const keys = {
  dossier: (id: string): PrimaryKey => ({ PK: dossierPk(id), SK: 'DOSSIER' }),
  submission: (dossierId: string): PrimaryKey => ({ PK: dossierPk(dossierId), SK: 'SUBMISSION' }),
  timelineEvent: (dossierId: string, seq: number): PrimaryKey => ({
    PK: dossierPk(dossierId),
    SK: `EVENT#${String(seq).padStart(SEQ_WIDTH, '0')}`,
  }),
  /** From a deadline id `${dossierId}#${kind}#${ref}`: the dossier's partition, SK `DEADLINE#${kind}#${ref}`. */
  deadline: (id: string): PrimaryKey | undefined => {
    const cut = id.indexOf('#');
    if (cut <= 0 || cut === id.length - 1) return undefined;
    return { PK: dossierPk(id.slice(0, cut)), SK: `DEADLINE#${id.slice(cut + 1)}` };
  },
  /** A task lives in its dossier's partition (its id names the dossier). */
  task: (dossierId: string, taskId: string): PrimaryKey => ({ PK: dossierPk(dossierId), SK: `TASK#${taskId}` }),
  /** An action's idempotency marker, in its dossier's partition. */
  marker: (dossierId: string, key: string): PrimaryKey => ({ PK: dossierPk(dossierId), SK: `MARK#${key}` }),
  referenceCounter: (dispositifCode: string): PrimaryKey => ({ PK: `COUNTER#REFERENCE#${dispositifCode}`, SK: 'COUNTER' }),
  contentClaim: (contentKey: string): PrimaryKey => ({ PK: `FILING#${contentKey}`, SK: 'CONTENT' }),
  email: (idempotencyKey: string): PrimaryKey => ({ PK: `EMAIL#${idempotencyKey}`, SK: 'EMAIL' }),
  envelope: (dispositifCode: string): PrimaryKey => ({ PK: `ENVELOPE#${dispositifCode}`, SK: 'ENVELOPE' }),
  commitment: (dispositifCode: string, dossierId: string): PrimaryKey => ({ PK: `ENVELOPE#${dispositifCode}`, SK: `COMMIT#${dossierId}` }),
  cpSession: (id: string): PrimaryKey => ({ PK: `CPSESSION#${id}`, SK: 'CPSESSION' }),
  invitation: (id: string): PrimaryKey => ({ PK: `INVITATION#${id}`, SK: 'INVITATION' }),
  /** The opener's idempotency key of an invitation: which invitation it opened. */
  invitationKey: (key: string): PrimaryKey => ({ PK: `INVITATIONKEY#${key}`, SK: 'INVITATIONKEY' }),
};

/** Sort-key prefixes inside a dossier's partition. */
export const DOSSIER_SK_PREFIX = { event: 'EVENT#', deadline: 'DEADLINE#', task: 'TASK#' } as const;

/** Secondary index key values. */
export const indexKeys = {
  porteur: (porteurId: string) => `PORTEUR#${porteurId}`,
  dossierSort: (createdAt: string, id: string) => `${createdAt}#${id}`,
  status: (status: string) => `STATUS#${status}`,
  statusSort: (dispositifCode: string, createdAt: string, id: string) => `${dispositifCode}#${createdAt}#${id}`,
  statusSortPrefix: (dispositifCode: string) => `${dispositifCode}#`,
  inbox: (role: string, territory: string) => `INBOX#${role}#${territory}`,
  inboxSort: (dueAt: string, id: string) => `${dueAt}#${id}`,
  /** Pending deadlines by the month they fall due in, then by day: a window of days is one query (two across a month's end). */
  dueMonth: (day: string) => `DUE#${day.slice(0, 7)}`,
  dueSort: (day: string, id: string) => `${day}#${id}`,
  pendingEmails: 'OUTBOX#PENDING',
  pendingEmailSort: (nextAttemptAt: string, idempotencyKey: string) => `${nextAttemptAt}#${idempotencyKey}`,
  /** Decided tasks whose hand-over to their execution is not confirmed yet (sparse). */
  unconfirmedDecisions: 'DECISIONS#UNCONFIRMED',
  unconfirmedDecisionSort: (decidedAt: string, taskId: string) => `${decidedAt}#${taskId}`,
  /**
   * Upper bound (inclusive) of the `<instant>#<id>` sort keys (unconfirmed decisions, pending
   * emails) at or before the instant `iso`: `~` sorts after `#`.
   */
  instantSortUpTo: (iso: string) => `${iso}~`,
} as const;
