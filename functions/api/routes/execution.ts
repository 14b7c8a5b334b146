/**
 * What happens during the operation and after: comités (date, minutes), the participant list for
 * the MDS, avenants, annual documents, complements, the bilan.
 */
import { recordStructureAnnualDocuments } from '#domain/workflow/annual-documents.ts';
import { decide } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { type NewEvent, queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { sendParticipantList } from '#domain/workflow/participant-list.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { bilanReportViolations, conventionIndicators } from '#domain/rules/operation-evaluation.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import * as z from 'zod/mini';
import { instructedDossier, visibleDossier } from '../access.ts';
import { HttpError } from '../http-errors.ts';
import { actorOf, type Identity } from '../identity.ts';
import { requestKey } from '../request-key.ts';
import { annualDocumentsRecordedSchema, eventQueuedSchema, participantsSentSchema, taskSchema } from '../responses.ts';
import { route } from '../router.ts';
import {
  annualDocumentsBodySchema,
  avenantBodySchema,
  bilanBodySchema,
  comiteBodySchema,
  minutesBodySchema,
  participantsBodySchema,
} from '../schemas.ts';
import { taskView } from '../views.ts';
import { dossierParams } from './params.ts';

/**
 * Hands an event to the dossier's execution, once: the key that makes a retried request land on
 * the same event is the client's Idempotency-Key, or the body's digest.
 */
async function queueOnce(
  deps: EngineDeps,
  dossier: DossierRecord,
  req: { headers: Record<string, string>; body: unknown },
  scope: string,
  event: NewEvent,
) {
  return (await queueExecutionEvent(deps, dossier.id, requestKey(req, scope), event, dossier)).id;
}

async function decideOpenPorteurTask(
  deps: EngineDeps,
  identity: Identity,
  dossier: DossierRecord,
  steps: string[],
  decision: string,
  missing: string,
  details?: unknown,
) {
  const workflow = workflowOf(dossier);
  for (const step of steps) {
    const current = workflow.steps[step];
    if (!current?.taskId || current.decided) continue;
    const found = await deps.tasks.getForDecision(current.taskId);
    if (found?.dossier && found.task.status === 'open')
      return decide(
        deps,
        { taskId: found.task.id, decision, actor: actorOf(identity), ...(details === undefined ? {} : { details }) },
        { ...found, dossier: found.dossier },
      );
  }
  throw new HttpError(409, 'rien-d-attendu', missing);
}

/** A participant as the domain names it (the list's digest is of defined fields only). */
const person = (p: { prenom: string; nom: string; territoire?: string | undefined }) => ({
  firstName: p.prenom,
  lastName: p.nom,
  ...(p.territoire === undefined ? {} : { territory: p.territoire }),
});

const comiteParams = z.extend(dossierParams, { date: z.string().check(z.meta({ description: 'Date du comité (AAAA-MM-JJ)' })) });

export const executionRoutes = [
  route({
    method: 'POST',
    path: '/dossiers/{id}/comites',
    summary: 'Enregistrer la date d’un comité de suivi (service instructeur)',
    access: ['service-instructeur'],
    params: dossierParams,
    body: comiteBodySchema,
    responses: { 202: { description: 'Enregistré', schema: eventQueuedSchema } },
    errors: [403, 404, 409, 422],
    handle: async (req, deps) => {
      const dossier = await instructedDossier(deps, req.identity, req.params.id);
      const { date } = req.body;
      // Dates are Paris calendar days: from midnight Paris time (22:00 or 23:00 UTC) today is the next day.
      if (date <= parisDateOf(deps.clock.now()))
        throw new HttpError(422, 'date-passee', 'La date du comité doit être à venir.', [
          { champ: 'date', message: 'date à venir attendue' },
        ]);
      const evenement = await queueOnce(deps, dossier, req, 'comite', { type: 'comite-scheduled', comiteDate: date });
      return { status: 202, body: { evenement, comite: date } };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/comites/{date}/compte-rendu',
    summary: 'Enregistrer le compte rendu d’un comité',
    access: ['service-instructeur'],
    params: comiteParams,
    body: minutesBodySchema,
    responses: { 202: { description: 'Enregistré', schema: eventQueuedSchema } },
    errors: [403, 404, 409, 422],
    handle: async (req, deps) => {
      const dossier = await instructedDossier(deps, req.identity, req.params.id);
      const { compteRendu } = req.body;
      const comiteDate = req.params.date;
      if (!workflowOf(dossier).comites.some((c) => c.date === comiteDate))
        throw new HttpError(404, 'introuvable', `Aucun comité le ${comiteDate} pour ce dossier.`);
      const evenement = await queueOnce(deps, dossier, req, `minutes:${comiteDate}`, {
        type: 'comite-held',
        comiteDate,
        minutes: compteRendu,
      });
      return { status: 202, body: { evenement } };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/participants',
    summary: 'Transmettre à la MDS les entrées et sorties de participants avant un comité (porteur)',
    access: 'porteur',
    params: dossierParams,
    body: participantsBodySchema,
    responses: { 202: { description: 'Transmis', schema: participantsSentSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const body = req.body;
      const sent = await sendParticipantList(deps, dossier, {
        comiteDate: body.comiteDate,
        entries: body.entrees.map((p) => ({ ...person(p), enteredOn: p.dateEntree })),
        exits: body.sorties.map((p) => ({ ...person(p), exitedOn: p.dateSortie, outcome: p.motifSortie })),
      });
      return {
        status: 202,
        body: {
          comite: body.comiteDate,
          entrees: body.entrees.length,
          sorties: body.sorties.length,
          mds: sent.map((m) => ({ territoire: m.territory, nom: m.name, entrees: m.entries, sorties: m.exits })),
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/avenants',
    summary: 'Demander un avenant (porteur)',
    access: 'porteur',
    params: dossierParams,
    body: avenantBodySchema,
    responses: { 202: { description: 'Demande enregistrée', schema: eventQueuedSchema } },
    errors: [404, 409, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const body = req.body;
      const evenement = await queueOnce(deps, dossier, req, 'avenant', {
        type: 'avenant-requested',
        subject: body.objet,
        ...(body.nouvelleDateFin ? { newEndDate: body.nouvelleDateFin } : {}),
        ...(body.justificationAlea ? { hazardJustification: body.justificationAlea } : {}),
      });
      return { status: 202, body: { evenement } };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/documents-annuels',
    summary:
      'Enregistrer les documents annuels d’un exercice clos reçus par le service (chacun nommé), pour tous les dossiers de la structure (service instructeur)',
    access: ['service-instructeur'],
    params: dossierParams,
    body: annualDocumentsBodySchema,
    responses: { 200: { description: 'Enregistré', schema: annualDocumentsRecordedSchema } },
    errors: [404, 422],
    handle: async (req, deps) => {
      // Sent by mail to the service gestionnaire (the call): the service records what it received, for the whole structure.
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const { exercice, documents } = req.body;
      const [own, ...others] = await recordStructureAnnualDocuments(deps, dossier, {
        fiscalYear: exercice,
        documents,
        actor: actorOf(req.identity),
      });
      return {
        status: 200,
        body: {
          exercice,
          documentsRecus: own!.documents,
          complet: own!.complete,
          suspensionLevee: own!.lifted,
          autresDossiers: others.map((o) => ({ dossier: o.dossierId, complet: o.complete, suspensionLevee: o.lifted })),
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/complements',
    summary: 'Déclarer les compléments transmis (porteur)',
    access: 'porteur',
    params: dossierParams,
    responses: { 200: { description: 'Enregistré', schema: taskSchema } },
    errors: [404, 409],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const task = await decideOpenPorteurTask(
        deps,
        req.identity,
        dossier,
        ['complements'],
        'complements-provided',
        'Aucun complément n’est attendu pour ce dossier.',
      );
      return { status: 200, body: taskView(task) };
    },
  }),
  route({
    method: 'POST',
    path: '/dossiers/{id}/bilan',
    summary:
      'Déposer le bilan final, qualitatif et quantitatif (porteur) : la valeur réalisée de chaque indicateur de la convention, les sorties par nature, le bilan qualitatif, les dépenses acquittées au plus tard le jour du dépôt',
    access: 'porteur',
    params: dossierParams,
    body: bilanBodySchema,
    responses: { 200: { description: 'Bilan déposé', schema: taskSchema } },
    errors: [404, 409, 422],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const bilan = req.body;
      // Against the convention's indicators, each expense paid by today, the filing day (call: « au plus tard à la date du dépôt du bilan »).
      const indicators =
        workflowOf(dossier).convention?.indicators ?? conventionIndicators(deps.catalog, dossier.dispositifCode, dossier.profile);
      const violations = bilanReportViolations(
        indicators,
        {
          achieved: bilan.indicateurs.map((i) => ({ code: i.code, value: i.realise })),
          exits: bilan.sorties.map((e) => ({ nature: e.nature, count: e.nombre })),
          expenses: bilan.depenses.map((e) => ({ label: e.libelle, amountCents: e.montantCents, paidOn: e.payeeLe })),
        },
        parisDateOf(deps.clock.now()),
      );
      if (violations.length > 0)
        throw new HttpError(
          422,
          'bilan-invalide',
          'Le bilan ne répond pas à la convention ou à l’appel à projets : voir les champs.',
          violations.map((v) => ({ champ: v.path, code: v.code, message: v.message })),
        );
      const task = await decideOpenPorteurTask(
        deps,
        req.identity,
        dossier,
        ['bilan', 'bilan-complements'],
        'bilan-filed',
        'Aucun bilan n’est attendu pour ce dossier.',
        bilan,
      );
      return { status: 200, body: taskView(task) };
    },
  }),
];
