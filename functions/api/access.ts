/**
 * Who may see and do what. A porteur sees only its own dossiers — another's answers 404, as if
 * it did not exist — those it filed and those the service registered for its structure
 * (a Démarches simplifiées dossier: domain/workflow/entry-channels.ts). The services of a
 * territory see every dossier whose operation runs on it (the CP secretariat: all) and act only
 * on tasks of their role and territory.
 *
 * An operation on several territories is instructed by one service, that of its first territory
 * (the dossier's `territory`): the call names one « service instructeur » and one « validation du
 * dossier par le chef de SLAI/SLISL » per dossier, so its tasks, comités and decisions are that
 * service's. The other territories' services see it — their MDS receive its participants (« la
 * Maison du Département Solidarité du territoire concerné ») and the call weighs « les besoins sur
 * les territoires concernés » — without acting on it.
 */
import type { DossierSummary } from '#domain/ports/records.ts';
import { loadTask, type LoadedTask } from '#domain/workflow/decide.ts';
import type { Uses } from '#domain/workflow/deps.ts';
import type { DossierRecord } from '#domain/workflow/state.ts';
import { RecordNotFoundError } from '#domain/ports/errors.ts';
import { structureOwner } from '#domain/workflow/entry-channels.ts';
import { forbidden, HttpError, notFound } from './http-errors.ts';
import type { Identity } from './identity.ts';

type Porteur = Extract<Identity, { kind: 'porteur' }>;

/** The porteur filed the dossier, or the service registered it for the porteur's structure. */
export function ownsDossier(identity: Porteur, dossier: Pick<DossierSummary, 'porteurId'>): boolean {
  return dossier.porteurId === identity.id || (identity.siret !== undefined && dossier.porteurId === structureOwner(identity.siret));
}

/** The dossier's operation runs on the territory (`departement`: every dossier). */
export function onTerritory(territory: string, dossier: Pick<DossierSummary, 'territory' | 'profile'>): boolean {
  return territory === 'departement' || territory === dossier.territory || dossier.profile.territories.includes(territory);
}

export function canSee(identity: Identity, dossier: Pick<DossierSummary, 'porteurId' | 'territory' | 'profile'>): boolean {
  if (identity.kind === 'porteur') return ownsDossier(identity, dossier);
  return onTerritory(identity.territory, dossier);
}

export async function visibleDossier(deps: Uses<'dossiers'>, identity: Identity, id: string): Promise<DossierRecord> {
  const dossier = await deps.dossiers.get(id);
  if (!dossier || !canSee(identity, dossier)) throw notFound('dossier');
  return dossier;
}

/** A dossier the calling service instructs (its first territory's; `departement`: any), for an action of the instructing service. */
export async function instructedDossier(deps: Uses<'dossiers'>, identity: Identity, id: string): Promise<DossierRecord> {
  const dossier = await visibleDossier(deps, identity, id);
  if (identity.kind === 'instructor' && identity.territory !== 'departement' && identity.territory !== dossier.territory)
    throw forbidden(`Ce dossier est instruit par le service du territoire ${dossier.territory}, son premier territoire.`);
  return dossier;
}

export function requirePorteur(identity: Identity): asserts identity is Porteur {
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
    if (!ownsDossier(identity, dossier) || task.role !== 'porteur') throw notFound('tâche');
  } else if (task.role !== identity.role || task.territory !== identity.territory) {
    throw forbidden('Cette tâche relève d’un autre rôle ou d’un autre territoire.');
  }
  return loaded;
}

/**
 * A porteur account is tied to its structure's SIRET (set by the service when it opens the
 * account): such a porteur files only for that structure.
 */
export function requireOwnStructure(identity: Porteur, body: unknown): void {
  if (identity.siret === undefined) return;
  const siret = (body as { porteur?: { siret?: unknown } } | undefined)?.porteur?.siret;
  if (typeof siret === 'string' && siret.replace(/\s/g, '') !== identity.siret) {
    throw new HttpError(422, 'siret-du-compte', 'Le dossier doit être déposé pour la structure de votre compte.', [
      { champ: 'porteur.siret', message: `le SIRET doit être celui de la structure de votre compte (${identity.siret})` },
    ]);
  }
}
