/** Filing a dossier, listing one's dossiers, reading one with its whole history. */
import * as z from 'zod/mini';
import { DOSSIER_STATUSES, isDossierStatus } from '#domain/dossier/lifecycle.ts';
import { submissionSchema } from '#domain/submission/index.ts';
import { submitDossier } from '#domain/workflow/submit.ts';
import { count, METRIC } from '../../observability.ts';
import { onTerritory, requireOwnStructure, visibleDossier } from '../access.ts';
import { structureOwner } from '#domain/workflow/entry-channels.ts';
import { HttpError } from '../http-errors.ts';
import { dossierDetailSchema, dossierListSchema, dossierSummarySchema } from '../responses.ts';
import { route } from '../router.ts';
import { dossierDetail, dossierSummary } from '../views.ts';
import { dossierParams } from './params.ts';

const idempotencyKey = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/), z.meta({ description: 'la même clé rejouée rend le même dossier, sans en créer un second' }));

export const dossierRoutes = [
  route({
    method: 'POST',
    path: '/dossiers',
    summary: 'Déposer un dossier (porteur)',
    access: 'porteur',
    headers: z.object({ 'Idempotency-Key': idempotencyKey }),
    body: submissionSchema.check(z.meta({ description: 'Le dossier de demande de participation financière' })),
    bodyCheckedBy: 'domain',
    responses: {
      201: { description: 'Dossier créé', schema: dossierSummarySchema },
      200: { description: 'Même clé, même dossier : le dossier déjà créé', schema: dossierSummarySchema },
    },
    errors: [409, 422],
    handle: async (req, deps) => {
      const key = req.headers['idempotency-key'];
      if (!key || !idempotencyKey.safeParse(key).success) {
        throw new HttpError(
          400,
          'cle-idempotence-manquante',
          'En-tête Idempotency-Key obligatoire (8 à 128 caractères parmi lettres, chiffres, « _ . : - »).',
          [{ champ: 'Idempotency-Key', message: 'en-tête obligatoire, 8 à 128 caractères [A-Za-z0-9_.:-]' }],
        );
      }
      if (req.body === undefined) throw new HttpError(400, 'corps-manquant', 'Le dossier est attendu dans le corps de la demande (JSON).');
      requireOwnStructure(req.identity, req.body);
      const { dossier, replayed } = await submitDossier(deps, { porteurId: req.identity.id, idempotencyKey: key, body: req.body });
      if (!replayed) {
        count(METRIC.dossiersFiled);
        req.log('dossier filed', { dossierId: dossier.id });
      }
      return {
        status: replayed ? 200 : 201,
        body: dossierSummary(dossier, deps.catalog),
        headers: { location: `/dossiers/${dossier.id}` },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/dossiers',
    summary: 'Lister ses dossiers (porteur) ou les dossiers d’un dispositif dans un statut (services)',
    access: 'signed-in',
    // Checked by the handler: a porteur gives neither, the services both (one refusal naming both).
    query: z.object({
      dispositif: z.optional(z.string()).check(z.meta({ description: 'code du dispositif (services : obligatoire)' })),
      statut: z
        .optional(z.string())
        .check(z.meta({ description: `statut du dossier (services : obligatoire) : ${DOSSIER_STATUSES.join(', ')}` })),
    }),
    responses: { 200: { description: 'Les dossiers', schema: dossierListSchema } },
    errors: [422],
    handle: async (req, deps) => {
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
  }),
  route({
    method: 'GET',
    path: '/dossiers/{id}',
    summary: 'Lire un dossier avec tout son historique (transitions, tâches, courriels, échéances)',
    access: 'signed-in',
    params: dossierParams,
    responses: { 200: { description: 'Le dossier', schema: dossierDetailSchema } },
    errors: [404],
    handle: async (req, deps) => ({
      status: 200,
      body: await dossierDetail(deps, await visibleDossier(deps, req.identity, req.params.id)),
    }),
  }),
];
