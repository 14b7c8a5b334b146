/**
 * Every key value of the table, built in one place (ACCESS-PATTERNS.md documents them).
 * Components that are followed by another component must not contain `#`; `assertNoHash`
 * guards them so two different records can never produce the same key.
 */

export interface PrimaryKey {
  PK: string;
  SK: string;
}

export function assertNoHash(what: string, value: string): void {
  if (value.length === 0) throw new RangeError(`${what} must not be empty`);
  if (value.includes('#')) throw new RangeError(`${what} must not contain "#": ${JSON.stringify(value)}`);
}

/** Width of the zero-padded timeline sequence number in SK (sorts as a string). */
export const SEQ_WIDTH = 10;

export const ENTITY = {
  dossier: 'dossier',
  dossierReference: 'dossierReference',
  referenceCounter: 'referenceCounter',
  task: 'task',
  deadline: 'deadline',
  timelineEvent: 'timelineEvent',
  email: 'email',
  envelope: 'envelope',
  idempotency: 'idempotency',
  cpSession: 'cpSession',
} as const;

export const keys = {
  dossier: (id: string): PrimaryKey => ({ PK: `DOSSIER#${id}`, SK: 'DOSSIER' }),
  dossierReference: (dossierId: string): PrimaryKey => ({ PK: `DOSSIER#${dossierId}`, SK: 'REFERENCE' }),
  referenceCounter: (dispositifCode: string): PrimaryKey => ({ PK: `COUNTER#REFERENCE#${dispositifCode}`, SK: 'COUNTER' }),
  timelineEvent: (dossierId: string, seq: number): PrimaryKey => ({
    PK: `DOSSIER#${dossierId}`,
    SK: `EVENT#${String(seq).padStart(SEQ_WIDTH, '0')}`,
  }),
  /** From a deadline id `${dossierId}#${kind}#${ref}`: the dossier's partition, SK `DEADLINE#${kind}#${ref}`. */
  deadline: (id: string): PrimaryKey | undefined => {
    const cut = id.indexOf('#');
    if (cut <= 0 || cut === id.length - 1) return undefined;
    return { PK: `DOSSIER#${id.slice(0, cut)}`, SK: `DEADLINE#${id.slice(cut + 1)}` };
  },
  task: (id: string): PrimaryKey => ({ PK: `TASK#${id}`, SK: 'TASK' }),
  email: (idempotencyKey: string): PrimaryKey => ({ PK: `EMAIL#${idempotencyKey}`, SK: 'EMAIL' }),
  envelope: (dispositifCode: string): PrimaryKey => ({ PK: `ENVELOPE#${dispositifCode}`, SK: 'ENVELOPE' }),
  idempotency: (scope: string, key: string): PrimaryKey => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
  cpSession: (id: string): PrimaryKey => ({ PK: `CPSESSION#${id}`, SK: 'CPSESSION' }),
};

/** Sort-key prefixes inside a dossier's partition. */
export const DOSSIER_SK_PREFIX = { event: 'EVENT#', deadline: 'DEADLINE#' } as const;

/** Secondary index key values. */
export const indexKeys = {
  porteur: (porteurId: string) => `PORTEUR#${porteurId}`,
  dossierSort: (createdAt: string, id: string) => `${createdAt}#${id}`,
  status: (status: string) => `STATUS#${status}`,
  statusSort: (dispositifCode: string, createdAt: string, id: string) => `${dispositifCode}#${createdAt}#${id}`,
  statusSortPrefix: (dispositifCode: string) => `${dispositifCode}#`,
  inbox: (role: string, territory: string) => `INBOX#${role}#${territory}`,
  inboxSort: (dueAt: string, id: string) => `${dueAt}#${id}`,
  dueDay: (day: string) => `DUE#${day}`,
  pendingEmails: 'OUTBOX#PENDING',
  /** Decided tasks whose decision the waiting execution has not yet been given (sparse). */
  undeliveredDecisions: 'DECISIONS#UNDELIVERED',
  undeliveredDecisionSort: (decidedAt: string, taskId: string) => `${decidedAt}#${taskId}`,
  pendingEmailSort: (nextAttemptAt: string, idempotencyKey: string) => `${nextAttemptAt}#${idempotencyKey}`,
  /**
   * Upper bound (inclusive) of the `<instant>#<id>` sort keys (undelivered decisions, pending
   * emails) at or before the instant `iso`: `~` sorts after `#`.
   */
  instantSortUpTo: (iso: string) => `${iso}~`,
  cpSessions: 'CPSESSIONS',
  cpSessionSort: (date: string, id: string) => `${date}#${id}`,
} as const;
