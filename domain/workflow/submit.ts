/**
 * A porteur files a dossier. Checked against every rule of the call (domain/rules) before
 * anything is written; then, in one commit, the dossier is created with its submission, its
 * reference number, its content claim and its first timeline event, and its instruction workflow
 * started.
 *
 * Idempotency: the dossier's id is derived from (porteur, key), so a retry — concurrent or after
 * a crash at any point — lands on the same dossier, the same reference and the same execution
 * (StartExecution is idempotent by name). The same key with another content is refused.
 * Duplicates: the same content from the same porteur under another key is refused too (a double
 * click on a form that generates a fresh key each time must not make two dossiers). A refused
 * filing writes nothing, and a reference number is taken only by a dossier created: the register
 * of a dispositif's references has no gap.
 */
import { createHash } from 'node:crypto';
import { checkSubmission } from '#domain/rules/index.ts';
import {
  ContentAlreadyFiledError,
  IdempotencyKeyReusedError,
  RecordAlreadyExistsError,
  VersionConflictError,
} from '#domain/ports/errors.ts';
import type { Dossier, DossierEntry, DossierProfile, JsonObject } from '#domain/ports/records.ts';
import type { Submission } from '#domain/submission/index.ts';
import { canonicalJson, chainEvent } from '#domain/timeline/hash-chain.ts';
import { executionName } from '#workflows/definitions.ts';
import { MAX_ATTEMPTS_AFTER_CONFLICT, pauseAfterConflict } from './conflict-backoff.ts';
import type { Uses } from './deps.ts';
import { loadDossier } from './dossier-change.ts';
import type { DossierRecord } from './state.ts';
import { DuplicateSubmissionError, SubmissionInvalidError } from './errors.ts';

function digest(text: string, bytes = 32): string {
  return createHash('sha256').update(text).digest().subarray(0, bytes).toString('base64url');
}

/** 128 bits of (porteur, key): the dossier id of that filing. */
export function dossierIdFor(porteurId: string, idempotencyKey: string): string {
  return digest(`dossier:${porteurId}:${idempotencyKey}`, 16);
}

/** First part of dossier references: `AAP26-1.1-000042` (the call's year). */
export const REFERENCE_PREFIX = 'AAP26';

/** The n-th reference of a dispositif. */
export function dossierReference(dispositifCode: string, n: number): string {
  return `${REFERENCE_PREFIX}-${dispositifCode}-${String(n).padStart(6, '0')}`;
}

/** What the dossier's life needs of its submission (records.ts `DossierProfile`), and how it entered when not through E-partenaire. */
export function profileOf(submission: Submission, entry?: DossierEntry): DossierProfile {
  return {
    porteurName: submission.porteur.name,
    contactEmail: submission.porteur.contactEmail,
    projectTitle: submission.project.title,
    territories: [...submission.territories],
    publics: [...submission.publics],
    operation: { startDate: submission.operation.startDate, endDate: submission.operation.endDate },
    fiscalYearEnd: submission.porteur.fiscalYearEnd,
    participantsPlanned: submission.participantsPlanned,
    ...(submission.indicators?.length ? { indicators: submission.indicators.map((i) => ({ name: i.name, target: i.target })) } : {}),
    ...(entry ? { entry } : {}),
    siret: submission.porteur.siret,
  };
}

export interface SubmitRequest {
  porteurId: string;
  idempotencyKey: string;
  body: unknown;
  /**
   * A dossier entering by its dispositif's channel outside E-partenaire (./entry-channels.ts):
   * the channel the rules check it against, its id (from the invitation or the Démarches
   * simplifiées number, not from the porteur's key) and who files it.
   */
  entry?: { record: DossierEntry; dossierId: string; actor: string };
}

export async function submitDossier(
  deps: Uses<'filings' | 'commits' | 'dossiers' | 'engine'>,
  request: SubmitRequest,
): Promise<{ dossier: DossierRecord; replayed: boolean }> {
  const entry = request.entry;
  const checked = checkSubmission(request.body, {
    catalog: deps.catalog,
    now: deps.clock.now(),
    ...(entry ? { channel: entry.record.channel } : {}),
  });
  if (!checked.ok) throw new SubmissionInvalidError(checked.violations);
  const submission = checked.submission;
  const id = entry?.dossierId ?? dossierIdFor(request.porteurId, request.idempotencyKey);
  const stored = JSON.parse(JSON.stringify(submission)) as JsonObject;
  const fingerprint = digest(canonicalJson(stored));
  const contentKey = `${request.porteurId}:${submission.dispositifCode}:${fingerprint}`;

  let created: DossierRecord | undefined;
  for (let attempt = 1; !created; attempt++) {
    const found = await deps.filings.lookup(id, contentKey, submission.dispositifCode);
    if (found.filedFingerprint !== undefined) {
      if (found.filedFingerprint !== fingerprint) throw new IdempotencyKeyReusedError('submission', request.idempotencyKey);
      break;
    }
    if (found.sameContentAs !== undefined && found.sameContentAs !== id) throw new DuplicateSubmissionError(found.sameContentAs);
    const dossier = newDossier(deps, request, id, submission, found.lastReferenceNumber + 1);
    try {
      await deps.commits.commit({
        dossier: dossier.record,
        expectedVersion: 0,
        filing: { contentKey, fingerprint, previousReferenceNumber: found.lastReferenceNumber, submission: stored },
        events: [dossier.event],
        emails: [],
        deadlines: [],
        closeDeadlines: [],
        tasks: [],
        closeTasks: [],
      });
      created = dossier.record;
    } catch (error) {
      if (error instanceof ContentAlreadyFiledError) throw new DuplicateSubmissionError(error.existingDossierId);
      // Filed meanwhile by a concurrent retry (the lookup again finds it), or the reference number taken by another filing.
      if (!(error instanceof RecordAlreadyExistsError || error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS_AFTER_CONFLICT)
        throw error;
      await pauseAfterConflict(attempt);
    }
  }
  // The answer is the dossier as filed, read before its execution starts (which may move it at once).
  const dossier = created ?? (await loadDossier(deps.dossiers, id));
  await deps.engine.startExecution('instruction', executionName(id, 'instruction', 1), { dossierId: id, generation: 1 });
  return { dossier, replayed: !created };
}

function newDossier(deps: Uses<never>, request: SubmitRequest, id: string, submission: Submission, n: number) {
  const { porteurId, entry } = request;
  const now = deps.clock.now().toISOString();
  const reference = dossierReference(submission.dispositifCode, n);
  const territory = submission.territories[0]!;
  const event = chainEvent(undefined, {
    dossierId: id,
    at: now,
    type: 'dossier-submitted',
    actor: entry?.actor ?? `porteur:${porteurId}`,
    data: {
      reference,
      dispositifCode: submission.dispositifCode,
      territory,
      ...(entry ? { entry: entry.record } : {}),
    },
  });
  const record: Dossier = {
    id,
    reference,
    porteurId,
    dispositifCode: submission.dispositifCode,
    territory,
    status: 'submitted',
    statusHistory: [{ status: 'submitted', at: now }],
    profile: profileOf(submission, entry?.record),
    amounts: { requestedCents: departementRequest(submission), paidCents: 0 },
    workflow: {},
    head: { seq: event.seq, hash: event.hash },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return { record, event };
}

/** What the porteur asks of the département: the budget's resources from the département. */
function departementRequest(submission: { budget: { resources: { source: string; amountCents: number }[] } }): number {
  return submission.budget.resources.filter((r) => r.source === 'departement').reduce((sum, r) => sum + r.amountCents, 0);
}
