/**
 * The entry channels outside E-partenaire (domain/workflow/entry-channels.ts): the individual
 * filing space the service opens for a Word-channel dossier and the porteur files through, and the
 * Démarches simplifiées dossier the instructing service registers.
 */
import { createHash } from 'node:crypto';
import type * as z from 'zod';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import {
  fileThroughInvitation,
  filingInvitationEmailKey,
  invitationState,
  invitationUrl,
  openFilingInvitation,
  registerDemarchesSimplifiees,
} from '#domain/workflow/entry-channels.ts';
import type { FilingInvitation } from '#domain/ports/records.ts';
import { canonicalJson } from '#domain/timeline/hash-chain.ts';
import { requireInstructor, requireOwnStructure, requirePorteur } from '../access.ts';
import { HttpError, invalidBody, notFound } from '../http-errors.ts';
import { actorOf, type Identity } from '../identity.ts';
import type { ApiRequest, Route } from '../router.ts';
import { demarchesSimplifieesBodySchema, invitationBodySchema } from '../schemas.ts';
import { dossierSummary } from '../views.ts';

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}

/** The client's idempotency key, or the body's digest: a retried request lands on the same result. */
function requestKey(req: ApiRequest): string {
  return (
    req.headers['idempotency-key'] ??
    createHash('sha256')
      .update(canonicalJson(req.body ?? {}))
      .digest('hex')
  );
}

/** An invitation the caller may read: the service's staff, or a porteur of the invited structure (a porteur of another: 404). */
async function readableInvitation(deps: EngineDeps, identity: Identity, id: string): Promise<FilingInvitation> {
  const invitation = await deps.invitations.get(id);
  if (!invitation) throw notFound('espace de dépôt');
  if (identity.kind === 'porteur' && identity.siret !== undefined && identity.siret !== invitation.siret) throw notFound('espace de dépôt');
  return invitation;
}

function invitationView(invitation: FilingInvitation, state: string, extra: { dossierId?: string; emailStatus?: string } = {}) {
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

export function entryRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/invitations-depot',
      handle: async (req) => {
        // The receiving service of the Word dossiers (the SPSLH) acts as a service instructeur.
        requireInstructor(req.identity, ['service-instructeur']);
        const body = parse(invitationBodySchema, req.body);
        const invitation = await openFilingInvitation(
          deps,
          { dispositifCode: body.dispositifCode, siret: body.porteur.siret, porteurName: body.porteur.nom, email: body.porteur.courriel },
          actorOf(req.identity),
          requestKey(req),
        );
        return { status: 201, body: invitationView(invitation, 'ouvert'), headers: { location: `/invitations-depot/${invitation.id}` } };
      },
    },
    {
      method: 'GET',
      path: '/invitations-depot/:id',
      handle: async (req) => {
        const invitation = await readableInvitation(deps, req.identity, req.params.id!);
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
    },
    {
      method: 'POST',
      path: '/invitations-depot/:id/dossier',
      handle: async (req) => {
        requirePorteur(req.identity);
        const invitation = await readableInvitation(deps, req.identity, req.params.id!);
        if (req.body === undefined)
          throw new HttpError(400, 'corps-manquant', 'Le dossier est attendu dans le corps de la demande (JSON).');
        requireOwnStructure(req.identity, req.body);
        const { dossier, replayed } = await fileThroughInvitation(deps, invitation, req.identity.id, req.body);
        return {
          status: replayed ? 200 : 201,
          body: dossierSummary(dossier, deps.catalog),
          headers: { location: `/dossiers/${dossier.id}` },
        };
      },
    },
    {
      method: 'POST',
      path: '/demarches-simplifiees/dossiers',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const body = parse(demarchesSimplifieesBodySchema, req.body);
        const territories = (body.dossier as { territories?: unknown } | null)?.territories;
        const first = Array.isArray(territories) ? territories[0] : undefined;
        const identity = req.identity;
        if (identity.territory !== 'departement' && typeof first === 'string' && first !== identity.territory)
          throw new HttpError(422, 'autre-service-instructeur', 'Ce dossier relève du service instructeur de son premier territoire.', [
            {
              champ: 'dossier.territories.0',
              message: `le service instructeur de ${identity.territory} enregistre les dossiers dont le premier territoire est le sien`,
            },
          ]);
        const { dossier, replayed } = await registerDemarchesSimplifiees(deps, body.numero, body.dossier, actorOf(identity));
        return {
          status: replayed ? 200 : 201,
          body: dossierSummary(dossier, deps.catalog),
          headers: { location: `/dossiers/${dossier.id}` },
        };
      },
    },
  ];
}
