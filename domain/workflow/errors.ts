/**
 * The refusals of the workflow use cases, apart from the use cases themselves: the API maps each
 * to its answer (functions/api/http-errors.ts) and imports only this, not the use cases with
 * their email templates and rules — every API bundle carries it.
 */
import type { DossierStatus } from '#domain/ports/records.ts';
import type { Violation } from '#domain/rules/index.ts';
import type { CpSessionIssue } from './cp-session.ts';
import type { InvitationState } from './entry-channels.ts';

/** A decision's details break the step's rules; `issues` name each field in French. */
export class DecisionDetailsInvalidError extends Error {
  override name = 'DecisionDetailsInvalidError';
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`invalid decision details: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** The dossier is not in its execution phase: nothing to record. */
export class NotInExecutionError extends Error {
  override name = 'NotInExecutionError';
  readonly status: DossierStatus;
  constructor(dossierId: string, status: DossierStatus) {
    super(`dossier ${dossierId} is ${status}, not in execution`);
    this.status = status;
  }
}

/** An avenant that breaks a rule of the call: nothing is queued. `violations` name the field and the rule. */
export class AvenantInvalidError extends Error {
  override name = 'AvenantInvalidError';
  readonly violations: Violation[];
  constructor(dossierId: string, violations: Violation[]) {
    super(`avenant refused for dossier ${dossierId}: ${violations.map((v) => v.code).join(', ')}`);
    this.violations = violations;
  }
}

export class AnnualDocumentsNotOwedError extends Error {
  override name = 'AnnualDocumentsNotOwedError';
  readonly fiscalYear: number;
  readonly owed: number[];
  constructor(dossierId: string, fiscalYear: number, owed: number[]) {
    super(`dossier ${dossierId} owes no annual documents for ${fiscalYear} (owed: ${owed.join(', ') || 'none'})`);
    this.fiscalYear = fiscalYear;
    this.owed = owed;
  }
}

/** A list the dossier cannot take: its comité is not planned, or participants lack their territory. */
export class ParticipantListInvalidError extends Error {
  override name = 'ParticipantListInvalidError';
  readonly problem: 'unknown-comite' | 'territories';
  /** Each participant without a territory of the dossier's (its list and position, the territory given). */
  readonly participants: { list: 'entries' | 'exits'; index: number; given: string | undefined }[];
  /** The dossier's territories. */
  readonly territories: readonly string[];
  constructor(
    problem: ParticipantListInvalidError['problem'],
    participants: ParticipantListInvalidError['participants'] = [],
    territories: readonly string[] = [],
  ) {
    super(problem);
    this.problem = problem;
    this.participants = participants;
    this.territories = territories;
  }
}

export class CpSessionInvalidError extends Error {
  override name = 'CpSessionInvalidError';
  readonly issues: CpSessionIssue[];
  constructor(issues: CpSessionIssue[]) {
    super('the session cannot be recorded');
    this.issues = issues;
  }
}

export class SubmissionInvalidError extends Error {
  override name = 'SubmissionInvalidError';
  readonly violations: Violation[];
  constructor(violations: Violation[]) {
    super(`submission refused: ${violations.map((v) => `${v.path || '(dossier)'} ${v.code}`).join(', ')}`);
    this.violations = violations;
  }
}

/** The same porteur already filed this very dossier (under another Idempotency-Key). */
export class DuplicateSubmissionError extends Error {
  override name = 'DuplicateSubmissionError';
  readonly existingDossierId: string;
  constructor(existingDossierId: string) {
    super(`duplicate of dossier ${existingDossierId}`);
    this.existingDossierId = existingDossierId;
  }
}

/** An invitation asked for a dispositif that is not filed by Word dossier. */
export class InvitationInvalidError extends Error {
  override name = 'InvitationInvalidError';
  readonly violations: Violation[];
  constructor(violations: Violation[]) {
    super(`invitation refused: ${violations.map((v) => v.code).join(', ')}`);
    this.violations = violations;
  }
}

/** The invitation was used for another dossier, or has expired: nothing is filed. */
export class InvitationClosedError extends Error {
  override name = 'InvitationClosedError';
  readonly state: Exclude<InvitationState, 'ouvert'>;
  readonly expiresOn: string;
  constructor(state: Exclude<InvitationState, 'ouvert'>, expiresOn: string) {
    super(`invitation ${state}`);
    this.state = state;
    this.expiresOn = expiresOn;
  }
}

/** This Démarches simplifiées number is registered already, for another dossier. */
export class DemarchesSimplifieesNumberTakenError extends Error {
  override name = 'DemarchesSimplifieesNumberTakenError';
  readonly number: string;
  constructor(number: string) {
    super(`Démarches simplifiées dossier ${number} already registered`);
    this.number = number;
  }
}
