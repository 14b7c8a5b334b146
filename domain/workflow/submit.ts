/**
 * A porteur files a dossier. Checked against every rule of the call (domain/rules) before
 * anything is written; then, once per Idempotency-Key, the dossier is created, its filing
 * recorded and its instruction workflow started.
 *
 * Idempotency: the dossier's id is derived from (porteur, key), so a retry — concurrent or after
 * a crash at any point — lands on the same dossier, the same reference and the same execution
 * (StartExecution is idempotent by name). The same key with another content is refused.
 * Duplicates: the same content from the same porteur under another key is refused too (a double
 * click on a form that generates a fresh key each time must not make two dossiers).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '#domain/timeline/hash-chain.ts';
import { checkSubmission, type Violation } from '#domain/rules/index.ts';
import { RecordAlreadyExistsError } from '#domain/ports/errors.ts';
import type { EngineDeps } from './deps.ts';
import { executionName } from '#workflows/definitions.ts';
import { loadDossier, type DossierRecord } from './state.ts';

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

function digest(text: string, bytes = 32): string {
  return createHash('sha256').update(text).digest().subarray(0, bytes).toString('base64url');
}

/** 128 bits of (porteur, key): the dossier id of that filing. */
export function dossierIdFor(porteurId: string, idempotencyKey: string): string {
  return digest(`dossier:${porteurId}:${idempotencyKey}`, 16);
}

export interface SubmitRequest {
  porteurId: string;
  idempotencyKey: string;
  body: unknown;
}

export async function submitDossier(deps: EngineDeps, request: SubmitRequest): Promise<{ dossier: DossierRecord; replayed: boolean }> {
  const checked = checkSubmission(request.body, { catalog: deps.catalog, now: deps.clock.now() });
  if (!checked.ok) throw new SubmissionInvalidError(checked.violations);
  const submission = checked.submission;
  const id = dossierIdFor(request.porteurId, request.idempotencyKey);
  const fingerprint = digest(canonicalJson(JSON.parse(JSON.stringify(submission)) as unknown));

  // A refused request writes nothing: the key is checked (read) first — the same key with another
  // body is refused (IdempotencyKeyReusedError) —, then the content claimed — already claimed by
  // another key: a duplicate —, and only then the key recorded.
  const keyScope = `${request.porteurId}:${request.idempotencyKey}`;
  const known = await deps.repo.getIdempotencyRecord<string>('submission', keyScope, fingerprint);
  const byContent = await deps.repo.putIdempotencyRecord(
    'submission-content',
    `${request.porteurId}:${submission.dispositifCode}:${fingerprint}`,
    'content',
    id,
  );
  if (byContent.record.result !== id) throw new DuplicateSubmissionError(String(byContent.record.result));
  const byKey = known ? { stored: false } : await deps.repo.putIdempotencyRecord('submission', keyScope, fingerprint, id);

  const territory = submission.territories[0]!;
  const reference = await deps.repo.allocateDossierReference(submission.dispositifCode, id);
  let replayed = !byKey.stored;
  try {
    await deps.repo.createDossier({
      id,
      reference,
      porteurId: request.porteurId,
      dispositifCode: submission.dispositifCode,
      territory,
      status: 'submitted',
      submission,
      amounts: { requestedCents: departementRequest(submission), paidCents: 0 },
      workflow: {},
    });
  } catch (error) {
    if (!(error instanceof RecordAlreadyExistsError)) throw error;
    replayed = true;
  }
  await deps.repo.appendTimelineEvent(id, {
    type: 'dossier-submitted',
    actor: `porteur:${request.porteurId}`,
    data: { reference, dispositifCode: submission.dispositifCode, territory },
    idempotencyKey: `dossier-submitted#${id}`,
  });
  // Read before the execution starts: the answer is the dossier as filed, whatever its execution does next.
  const dossier = await loadDossier(deps.repo, id);
  await deps.engine.startExecution('instruction', executionName(id, 'instruction', 1), { dossierId: id, generation: 1 });
  return { dossier, replayed };
}

/** What the porteur asks of the département: the budget's resources from the département. */
function departementRequest(submission: { budget: { resources: { source: string; amountCents: number }[] } }): number {
  return submission.budget.resources.filter((r) => r.source === 'departement').reduce((sum, r) => sum + r.amountCents, 0);
}
