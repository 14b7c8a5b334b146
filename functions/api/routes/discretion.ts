/**
 * The instructing service's discretion (call: « le Département pourra suspendre », « pourra être
 * amené à rembourser », « tout contrôle … sur pièces et sur place »): a documented extension of a
 * porteur's deadline before it falls, the suspension pronounced (when data/sanctions.json has it
 * proposed), lifted or waived with a reason, controls recorded, a control's prepared reimbursement
 * validated. Service instructeur of the dossier's territory only; every refusal names its field.
 */
import * as z from 'zod/mini';
import { decideOnSuspension, suspendByService } from '#domain/workflow/annual-documents.ts';
import { recordControl, validateControlReimbursement } from '#domain/workflow/controls.ts';
import { extendDeadline } from '#domain/workflow/extensions.ts';
import { visibleDossier } from '../access.ts';
import { actorOf } from '../identity.ts';
import { requestKey } from '../request-key.ts';
import { controlRecordedSchema, extensionGrantedSchema, reimbursementSentSchema, suspensionDecidedSchema } from '../responses.ts';
import { route } from '../router.ts';
import { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';
import { body, text } from '../body-parts.ts';
import { dossierParams } from './params.ts';

const reimbursementParams = z.extend(dossierParams, {
  rid: z.string().check(z.meta({ description: 'Identifiant de la demande de remboursement' })),
});

// The bodies these routes accept.
/** A documented extension of a porteur's deadline, granted by the service before it falls. */
const extensionBodySchema = body({
  obligation: z.enum(['bilan', 'annual-documents'], { error: 'valeur attendue parmi : bilan, annual-documents' }),
  exercice: z.optional(z.number({ error: 'année attendue' }).check(z.int({ error: 'année attendue' }), z.gte(2000), z.lte(2100))),
  nouvelleDate: isoDate,
  motif: text(3, 2000),
}).check(
  z.refine((b) => b.obligation !== 'annual-documents' || b.exercice !== undefined, {
    path: ['exercice'],
    error: 'exercice obligatoire pour les documents annuels',
  }),
);

/** The service suspends the payments for a fiscal year whose documents are missing (data/sanctions.json: proposed), with its reason. */
const suspensionBodySchema = body({
  exercice: z.number({ error: 'année attendue' }).check(z.int({ error: 'année attendue' }), z.gte(2000), z.lte(2100)),
  motif: text(3, 2000),
});

/** The service lifts the suspension (or, before it falls, waives it for a fiscal year), with its reason. */
const suspensionDecisionBodySchema = body({
  motif: text(3, 2000),
  exercice: z.optional(z.number({ error: 'année attendue' }).check(z.int({ error: 'année attendue' }), z.gte(2000), z.lte(2100))),
});

/**
 * A control (call, « Suivi et contrôle » : « tout contrôle technique, administratif et financier,
 * sur pièces et sur place »); pieces found unfounded, the service may have a reimbursement of all
 * or part of the sums paid prepared.
 */
const controlBodySchema = body({
  type: z.enum(['sur-pieces', 'sur-place'], { error: 'valeur attendue parmi : sur-pieces, sur-place' }),
  date: isoDate,
  constats: text(3, 10_000),
  piecesNonFondees: z._default(z.boolean({ error: 'vrai ou faux attendu' }), false),
  montantARembourserCents: z.optional(
    z
      .number({ error: 'montant en centimes attendu' })
      .check(z.int({ error: 'montant en centimes entiers' }), z.positive({ error: 'le montant doit être positif' })),
  ),
}).check(
  z.refine((b) => b.montantARembourserCents === undefined || b.piecesNonFondees, {
    path: ['montantARembourserCents'],
    error: 'un remboursement n’est demandé qu’après un contrôle établissant des pièces non fondées',
  }),
);

export const discretionRoutes = [
  route({
    method: 'POST',
    path: '/dossiers/{id}/delais',
    summary: 'Accorder un délai documenté (bilan, documents annuels d’un exercice) avant son échéance (service instructeur)',
    access: ['service-instructeur'],
    params: dossierParams,
    body: extensionBodySchema,
    responses: { 200: { description: 'Délai accordé, porteur informé', schema: extensionGrantedSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const body = req.body;
      const granted = await extendDeadline(deps, dossier, {
        obligation: body.obligation,
        ...(body.exercice !== undefined ? { fiscalYear: body.exercice } : {}),
        newDueDate: body.nouvelleDate,
        reason: body.motif,
        actor: actorOf(req.identity),
      });
      return {
        status: 200,
        body: { obligation: body.obligation, ancienneDate: granted.previousDueDate, nouvelleDate: granted.newDueDate },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/suspension',
    summary:
      'Suspendre les versements faute des documents annuels d’un exercice échu (la suspension proposée au service, data/sanctions.json), avec un motif (service instructeur)',
    access: ['service-instructeur'],
    params: dossierParams,
    body: suspensionBodySchema,
    responses: { 200: { description: 'Versements suspendus, porteur informé', schema: suspensionDecidedSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const { exercice, motif } = req.body;
      await suspendByService(deps, dossier, { fiscalYear: exercice, reason: motif, actor: actorOf(req.identity) });
      return { status: 200, body: { suspension: 'prononcee' as const, exercice } };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/suspension/levee',
    summary: 'Lever la suspension des versements avec un motif, ou l’écarter pour un exercice avant qu’elle ne tombe (service instructeur)',
    access: ['service-instructeur'],
    params: dossierParams,
    body: suspensionDecisionBodySchema,
    responses: { 200: { description: 'Suspension levée ou écartée, porteur informé', schema: suspensionDecidedSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const { motif, exercice } = req.body;
      const { outcome } = await decideOnSuspension(deps, dossier, {
        reason: motif,
        ...(exercice !== undefined ? { fiscalYear: exercice } : {}),
        actor: actorOf(req.identity),
        key: `${dossier.id}#${requestKey(req, 'suspension')}`,
      });
      return { status: 200, body: { suspension: outcome === 'lifted' ? ('levee' as const) : ('ecartee' as const) } };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/controles',
    summary:
      'Enregistrer un contrôle sur pièces ou sur place ; pièces non fondées : préparer le remboursement de tout ou partie des sommes versées (service instructeur)',
    access: ['service-instructeur'],
    params: dossierParams,
    body: controlBodySchema,
    responses: { 201: { description: 'Contrôle enregistré', schema: controlRecordedSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const body = req.body;
      const { control, reimbursementId } = await recordControl(deps, dossier, {
        kind: body.type,
        date: body.date,
        findings: body.constats,
        unfounded: body.piecesNonFondees,
        ...(body.montantARembourserCents !== undefined ? { reclaimCents: body.montantARembourserCents } : {}),
        actor: actorOf(req.identity),
        key: `${dossier.id}#${requestKey(req, 'controle')}`,
      });
      return { status: 201, body: { controle: control.id, ...(reimbursementId ? { remboursement: reimbursementId } : {}) } };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/remboursements/{rid}/validation',
    summary: 'Valider la demande de remboursement préparée après un contrôle : elle est envoyée au porteur (service instructeur)',
    access: ['service-instructeur'],
    params: reimbursementParams,
    responses: { 200: { description: 'Demande envoyée', schema: reimbursementSentSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const r = await validateControlReimbursement(deps, dossier, req.params.rid, actorOf(req.identity));
      return { status: 200, body: { remboursement: r.id, statut: r.status, montantCents: r.amountCents } };
    },
  }),
];
