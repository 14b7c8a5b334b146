/** Filing a dossier, listing one's dossiers, reading one with its whole history. */
import { submitDossier } from '#domain/workflow/submit.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { isDossierStatus } from '#domain/ports/records.ts';
import { onTerritory, requireOwnStructure, requirePorteur, visibleDossier } from '../access.ts';
import { structureOwner } from '#domain/workflow/entry-channels.ts';
import { HttpError } from '../http-errors.ts';
import type { Route } from '../router.ts';
import { dossierDetail, dossierSummary } from '../views.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export function dossierRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/dossiers',
      handle: async (req) => {
        requirePorteur(req.identity);
        const key = req.headers['idempotency-key'];
        if (!key || !IDEMPOTENCY_KEY.test(key)) {
          throw new HttpError(
            400,
            'cle-idempotence-manquante',
            'En-tête Idempotency-Key obligatoire (8 à 128 caractères parmi lettres, chiffres, « _ . : - »).',
            [{ champ: 'Idempotency-Key', message: 'en-tête obligatoire, 8 à 128 caractères [A-Za-z0-9_.:-]' }],
          );
        }
        if (req.body === undefined)
          throw new HttpError(400, 'corps-manquant', 'Le dossier est attendu dans le corps de la demande (JSON).');
        requireOwnStructure(req.identity, req.body);
        const { dossier, replayed } = await submitDossier(deps, { porteurId: req.identity.id, idempotencyKey: key, body: req.body });
        return {
          status: replayed ? 200 : 201,
          body: dossierSummary(dossier, deps.catalog),
          headers: { location: `/dossiers/${dossier.id}` },
        };
      },
    },
    {
      method: 'GET',
      path: '/dossiers',
      handle: async (req) => {
        if (req.identity.kind === 'porteur') {
          // Its own, then those the service registered for its structure.
          const owners = [req.identity.id, ...(req.identity.siret ? [structureOwner(req.identity.siret)] : [])];
          const dossiers = (await Promise.all(owners.map((owner) => deps.dossiers.listOfPorteur(owner)))).flat();
          return { status: 200, body: { dossiers: dossiers.map((d) => dossierSummary(d, deps.catalog)) } };
        }
        const { dispositif, statut } = req.query;
        if (!dispositif || !statut || !isDossierStatus(statut)) {
          throw new HttpError(422, 'filtre-manquant', 'Indiquez ?dispositif=<code>&statut=<statut> pour lister des dossiers.', [
            { champ: 'dispositif', message: 'code de dispositif attendu' },
            { champ: 'statut', message: 'statut de dossier attendu' },
          ]);
        }
        const identity = req.identity;
        const dossiers = (await deps.dossiers.listByStatus(statut, dispositif)).filter((d) => onTerritory(identity.territory, d));
        return { status: 200, body: { dossiers: dossiers.map((d) => dossierSummary(d, deps.catalog)) } };
      },
    },
    {
      method: 'GET',
      path: '/dossiers/:id',
      handle: async (req) => ({ status: 200, body: await dossierDetail(deps, await visibleDossier(deps, req.identity, req.params.id!)) }),
    },
  ];
}
