/**
 * Who may see and do what. A porteur sees only its own dossiers — another's answers 404, as if
 * it did not exist. An instructor sees the dossiers of its territory (the CP secretariat: all)
 * and acts only on tasks of its role and territory.
 */
import type { DossierSummary } from '#domain/ports/records.ts';
import { loadTask, type LoadedTask } from '#domain/workflow/decide.ts';
import type { Uses } from '#domain/workflow/deps.ts';
import type { DossierRecord } from '#domain/workflow/state.ts';
import { RecordNotFoundError } from '#domain/ports/errors.ts';
import { forbidden, HttpError, notFound } from './http-errors.ts';
import type { Identity } from './identity.ts';

export function canSee(identity: Identity, dossier: Pick<DossierSummary, 'porteurId' | 'territory'>): boolean {
  if (identity.kind === 'porteur') return dossier.porteurId === identity.id;
  return identity.territory === 'departement' || identity.territory === dossier.territory;
}

export async function visibleDossier(deps: Uses<'dossiers'>, identity: Identity, id: string): Promise<DossierRecord> {
  const dossier = await deps.dossiers.get(id);
  if (!dossier || !canSee(identity, dossier)) throw notFound('dossier');
  return dossier;
}

export function requirePorteur(identity: Identity): asserts identity is Extract<Identity, { kind: 'porteur' }> {
  if (identity.kind !== 'porteur') throw forbidden('Action réservée au porteur du dossier.');
}

export function requireInstructor(
  identity: Identity,
  roles?: readonly string[],
): asserts identity is Extract<Identity, { kind: 'instructor' }> {
  if (identity.kind !== 'instructor') throw forbidden('Action réservée aux services du Département.');
  if (roles && !roles.includes(identity.role)) throw forbidden(`Action réservée aux rôles : ${roles.join(', ')}.`);
}

/** The task with its dossier (one read), if the caller may act on it (a porteur: on its own dossier's porteur tasks). */
export async function actionableTask(deps: Uses<'tasks'>, identity: Identity, taskId: string): Promise<LoadedTask> {
  let loaded: LoadedTask;
  try {
    loaded = await loadTask(deps, taskId);
  } catch (error) {
    if (error instanceof RecordNotFoundError) throw notFound('tâche');
    throw error;
  }
  const { task, dossier } = loaded;
  if (identity.kind === 'porteur') {
    if (dossier.porteurId !== identity.id || task.role !== 'porteur') throw notFound('tâche');
  } else if (task.role !== identity.role || task.territory !== identity.territory) {
    throw forbidden('Cette tâche relève d’un autre rôle ou d’un autre territoire.');
  }
  return loaded;
}

/**
 * A porteur account is tied to its structure's SIRET (set by the service when it opens the
 * account): such a porteur files only for that structure.
 */
export function requireOwnStructure(identity: Extract<Identity, { kind: 'porteur' }>, body: unknown): void {
  if (identity.siret === undefined) return;
  const siret = (body as { porteur?: { siret?: unknown } } | undefined)?.porteur?.siret;
  if (typeof siret === 'string' && siret.replace(/\s/g, '') !== identity.siret) {
    throw new HttpError(422, 'siret-du-compte', 'Le dossier doit être déposé pour la structure de votre compte.', [
      { champ: 'porteur.siret', message: `le SIRET doit être celui de la structure de votre compte (${identity.siret})` },
    ]);
  }
}
