/**
 * The entry channels outside E-partenaire (domain/workflow/entry-channels.ts): the individual
 * filing space the service opens for a Word-channel dossier and the porteur files through, and the
 * Démarches simplifiées dossier the instructing service registers.
 */
import * as z from 'zod/mini';
import type { FilingInvitation } from '#domain/ports/records.ts';
import { submissionSchema } from '#domain/submission/index.ts';
import {
  fileThroughInvitation,
  filingInvitationEmailKey,
  invitationState,
  invitationUrl,
  openFilingInvitation,
  registerDemarchesSimplifiees,
} from '#domain/workflow/entry-channels.ts';
import { requireOwnStructure } from '../access.ts';
import { HttpError, notFound } from '../http-errors.ts';
import { actorOf, type Identity } from '../identity.ts';
import { requestKey } from '../request-key.ts';
import { dossierSummarySchema, filingInvitationSchema } from '../responses.ts';
import { type ApiDeps, route } from '../router.ts';
import { porteurSchema } from '#domain/submission/fields.ts';
import { DEMARCHES_SIMPLIFIEES_NUMBER } from '#domain/workflow/entry-channels.ts';
import { body, text } from '../body-parts.ts';
import { dossierSummary } from '../views.ts';

const invitationParams = z.object({ id: z.string().check(z.meta({ description: 'Identifiant de l’espace de dépôt (celui du lien)' })) });

/** An invitation the caller may read: the service's staff, or a porteur of the invited structure (a porteur of another: 404). */
async function readableInvitation(deps: ApiDeps, identity: Identity, id: string): Promise<FilingInvitation> {
  const invitation = await deps.invitations.get(id);
  if (!invitation) throw notFound('espace de dépôt');
  if (identity.kind === 'porteur' && identity.siret !== undefined && identity.siret !== invitation.siret) throw notFound('espace de dépôt');
  return invitation;
}

function invitationView(
  invitation: FilingInvitation,
  state: 'ouvert' | 'utilise' | 'expire',
  extra: { dossierId?: string; emailStatus?: string } = {},
) {
  return {
    id: invitation.id,
    lien: invitationUrl(invitation.id),
    dispositif: invitation.dispositifCode,
    porteur: { nom: invitation.porteurName, siret: invitation.siret, courriel: invitation.email },
    ouvertPar: invitation.openedBy,
    ouvertLe: invitation.openedAt,
    expireLe: invitation.expiresOn,
    etat: state,
    ...(extra.dossierId ? { dossierId: extra.dossierId } : {}),
    ...(extra.emailStatus ? { courriel: { statut: extra.emailStatus } } : {}),
  };
}

const filed = {
  201: { description: 'Dossier créé', schema: dossierSummarySchema },
  200: { description: 'Le même dossier à nouveau : le dossier déjà créé', schema: dossierSummarySchema },
};

// The bodies these routes accept.
/** The structure the service opens an individual filing space for (Word channel: 2.2, 2.11, 2.12, 2.13). */
const invitationBodySchema = body({
  dispositifCode: z
    .string({ error: 'code de dispositif attendu' })
    .check(z.regex(/^[1-9]\.[1-9]\d?$/, { error: 'code de dispositif attendu (ex. 2.11)' })),
  porteur: body({
    nom: text(2, 200),
    siret: porteurSchema.shape.siret,
    courriel: porteurSchema.shape.contactEmail,
  }),
});

/** A dossier received on Démarches simplifiées (3.7), registered by the instructing service with its number. */
const demarchesSimplifieesBodySchema = body({
  numero: z.string({ error: 'numéro de dossier Démarches simplifiées attendu' }).check(
    z.regex(DEMARCHES_SIMPLIFIEES_NUMBER, {
      error: 'numéro de dossier Démarches simplifiées attendu : des chiffres, sans zéro en tête (ex. 18734562)',
    }),
  ),
  dossier: z.unknown().check(z.refine((d) => d !== undefined, { error: 'le dossier reçu est attendu' })),
});

export const entryRoutes = [
  route({
    method: 'POST',
    path: '/invitations-depot',
    summary:
      'Ouvrir un espace de dépôt individualisé pour une structure nommée (dispositifs déposés par dossier Word : 2.2, 2.11, 2.12, 2.13 ; le service qui les reçoit) : le lien est envoyé par courriel, il expire et ne sert qu’une fois',
    // The receiving service of the Word dossiers (the SPSLH) acts as a service instructeur.
    access: ['service-instructeur'],
    body: invitationBodySchema,
    responses: { 201: { description: 'L’espace de dépôt ouvert (le même pour la même demande)', schema: filingInvitationSchema } },
    errors: [422],
    handle: async (req, deps) => {
      const body = req.body;
      // A retried request opens no second space.
      const key = requestKey(req);
      const invitation = await openFilingInvitation(
        deps,
        { dispositifCode: body.dispositifCode, siret: body.porteur.siret, porteurName: body.porteur.nom, email: body.porteur.courriel },
        actorOf(req.identity),
        key,
      );
      return { status: 201, body: invitationView(invitation, 'ouvert'), headers: { location: `/invitations-depot/${invitation.id}` } };
    },
  }),
  route({
    method: 'GET',
    path: '/invitations-depot/{id}',
    summary: 'Lire un espace de dépôt : son dispositif, sa structure, son dernier jour, son état (ouvert, utilise, expire)',
    access: 'signed-in',
    params: invitationParams,
    responses: { 200: { description: 'L’espace de dépôt', schema: filingInvitationSchema } },
    errors: [404],
    handle: async (req, deps) => {
      const invitation = await readableInvitation(deps, req.identity, req.params.id);
      const [{ state, dossier }, email] = await Promise.all([
        invitationState(deps, invitation),
        deps.outbox.get(filingInvitationEmailKey(invitation.id)),
      ]);
      return {
        status: 200,
        body: invitationView(invitation, state, {
          ...(dossier ? { dossierId: dossier.id } : {}),
          ...(email ? { emailStatus: email.status } : {}),
        }),
      };
    },
  }),
  route({
    method: 'POST',
    path: '/invitations-depot/{id}/dossier',
    summary:
      'Déposer le dossier par son espace de dépôt (porteur de la structure invitée) : mêmes règles qu’un dépôt ; le même dossier à nouveau est le dossier déposé (200), un autre est refusé, un espace expiré aussi (409)',
    access: 'porteur',
    params: invitationParams,
    body: submissionSchema.check(z.meta({ description: 'Le dossier de demande de participation financière' })),
    bodyCheckedBy: 'domain',
    responses: filed,
    errors: [404, 409, 422],
    handle: async (req, deps) => {
      const invitation = await readableInvitation(deps, req.identity, req.params.id);
      if (req.body === undefined) throw new HttpError(400, 'corps-manquant', 'Le dossier est attendu dans le corps de la demande (JSON).');
      requireOwnStructure(req.identity, req.body);
      const { dossier, replayed } = await fileThroughInvitation(deps, invitation, req.identity.id, req.body);
      return {
        status: replayed ? 200 : 201,
        body: dossierSummary(dossier, deps.catalog),
        headers: { location: `/dossiers/${dossier.id}` },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/demarches-simplifiees/dossiers',
    summary:
      'Enregistrer un dossier reçu sur Démarches simplifiées (3.7) avec son numéro (service instructeur de son premier territoire) : mêmes règles et même vie qu’un dépôt ; un numéro n’est enregistré qu’une fois',
    access: ['service-instructeur'],
    body: demarchesSimplifieesBodySchema,
    responses: filed,
    errors: [409, 422],
    handle: async (req, deps) => {
      const { numero, dossier: received } = req.body;
      const territories = (received as { territories?: unknown } | null)?.territories;
      const first = Array.isArray(territories) ? territories[0] : undefined;
      const identity = req.identity;
      if (identity.territory !== 'departement' && typeof first === 'string' && first !== identity.territory)
        throw new HttpError(422, 'autre-service-instructeur', 'Ce dossier relève du service instructeur de son premier territoire.', [
          {
            champ: 'dossier.territories.0',
            message: `le service instructeur de ${identity.territory} enregistre les dossiers dont le premier territoire est le sien`,
          },
        ]);
      const { dossier, replayed } = await registerDemarchesSimplifiees(deps, numero, received, actorOf(identity));
      return {
        status: replayed ? 200 : 201,
        body: dossierSummary(dossier, deps.catalog),
        headers: { location: `/dossiers/${dossier.id}` },
      };
    },
  }),
];
