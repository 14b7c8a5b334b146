/**
 * The refusals a repository reports, as typed errors the domain and the API can tell apart
 * (no AWS types: an adapter maps its storage's errors to these). Anything else a repository
 * throws is a fault (network, throttling…) and propagates as is.
 *
 * Each has a stable `code` an API layer can map to an HTTP status (see `httpStatusHint`).
 */

export abstract class RepositoryError extends Error {
  abstract readonly code: string;
  /** 404 for a missing record, 409 for a conflict with the stored state. */
  abstract readonly httpStatusHint: 404 | 409 | 422;
}

export class RecordNotFoundError extends RepositoryError {
  readonly code = 'not-found';
  readonly httpStatusHint = 404;
  readonly entity: string;
  readonly id: string;
  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`);
    this.name = 'RecordNotFoundError';
    this.entity = entity;
    this.id = id;
  }
}

export class RecordAlreadyExistsError extends RepositoryError {
  readonly code = 'already-exists';
  readonly httpStatusHint = 409;
  readonly entity: string;
  readonly id: string;
  constructor(entity: string, id: string) {
    super(`${entity} ${id} already exists`);
    this.name = 'RecordAlreadyExistsError';
    this.entity = entity;
    this.id = id;
  }
}

/** The record changed since it was read: the caller re-reads and decides again. */
export class VersionConflictError extends RepositoryError {
  readonly code = 'version-conflict';
  readonly httpStatusHint = 409;
  readonly entity: string;
  readonly id: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;
  constructor(entity: string, id: string, expectedVersion: number, actualVersion: number) {
    super(`${entity} ${id}: expected version ${expectedVersion}, found ${actualVersion}`);
    this.name = 'VersionConflictError';
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/**
 * The task is no longer open. Carries what closed it, so a caller retrying its own decision
 * (same decision, same person) can tell a replay from a conflict.
 */
export class TaskAlreadyDecidedError extends RepositoryError {
  readonly code = 'task-already-decided';
  readonly httpStatusHint = 409;
  readonly taskId: string;
  readonly status: string;
  readonly decision: string | undefined;
  readonly decidedBy: string | undefined;
  constructor(taskId: string, status: string, decision?: string, decidedBy?: string) {
    super(`task ${taskId} is ${status}${decision ? ` (${decision} by ${decidedBy ?? '?'})` : ''}`);
    this.name = 'TaskAlreadyDecidedError';
    this.taskId = taskId;
    this.status = status;
    this.decision = decision;
    this.decidedBy = decidedBy;
  }
}

export class DecisionNotAllowedError extends RepositoryError {
  readonly code = 'decision-not-allowed';
  readonly httpStatusHint = 422;
  readonly taskId: string;
  readonly decision: string;
  readonly allowed: readonly string[];
  constructor(taskId: string, decision: string, allowed: readonly string[]) {
    super(`task ${taskId}: decision ${decision} is not one of ${allowed.join(', ')}`);
    this.name = 'DecisionNotAllowedError';
    this.taskId = taskId;
    this.decision = decision;
    this.allowed = allowed;
  }
}

export class EmailAlreadySentError extends RepositoryError {
  readonly code = 'email-already-sent';
  readonly httpStatusHint = 409;
  readonly idempotencyKey: string;
  readonly messageId: string | undefined;
  constructor(idempotencyKey: string, messageId?: string) {
    super(`email ${idempotencyKey} was already sent${messageId ? ` (${messageId})` : ''}`);
    this.name = 'EmailAlreadySentError';
    this.idempotencyKey = idempotencyKey;
    this.messageId = messageId;
  }
}

/** Committing would take the envelope past its total. */
export class EnvelopeExceededError extends RepositoryError {
  readonly code = 'envelope-exceeded';
  readonly httpStatusHint = 409;
  readonly dispositifCode: string;
  readonly requestedCents: number;
  readonly remainingCents: number;
  constructor(dispositifCode: string, requestedCents: number, remainingCents: number) {
    super(`envelope ${dispositifCode}: ${requestedCents} cents requested, ${remainingCents} remaining`);
    this.name = 'EnvelopeExceededError';
    this.dispositifCode = dispositifCode;
    this.requestedCents = requestedCents;
    this.remainingCents = remainingCents;
  }
}

/** The envelope already holds something else for the same key (another amount, another total). */
export class EnvelopeConflictError extends RepositoryError {
  readonly code = 'envelope-conflict';
  readonly httpStatusHint = 409;
  readonly dispositifCode: string;
  constructor(dispositifCode: string, message: string) {
    super(`envelope ${dispositifCode}: ${message}`);
    this.name = 'EnvelopeConflictError';
    this.dispositifCode = dispositifCode;
  }
}

/** The same idempotency key came back with a different request. */
export class IdempotencyKeyReusedError extends RepositoryError {
  readonly code = 'idempotency-key-reused';
  readonly httpStatusHint = 422;
  readonly scope: string;
  readonly key: string;
  constructor(scope: string, key: string) {
    super(`idempotency key ${key} (${scope}) was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
    this.scope = scope;
    this.key = key;
  }
}

/** The action's marker is there: it was done, with this result (replay it, do nothing). */
export class AlreadyDoneError extends RepositoryError {
  readonly code = 'already-done';
  readonly httpStatusHint = 409;
  readonly key: string;
  readonly result: unknown;
  constructor(key: string, result: unknown) {
    super(`${key} was already done`);
    this.name = 'AlreadyDoneError';
    this.key = key;
    this.result = result;
  }
}

/** The same content was filed by the same porteur for another dossier (under another Idempotency-Key). */
export class ContentAlreadyFiledError extends RepositoryError {
  readonly code = 'content-already-filed';
  readonly httpStatusHint = 409;
  readonly existingDossierId: string;
  constructor(existingDossierId: string) {
    super(`the same content was filed as dossier ${existingDossierId}`);
    this.name = 'ContentAlreadyFiledError';
    this.existingDossierId = existingDossierId;
  }
}
