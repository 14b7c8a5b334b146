/**
 * What happens during the operation and after: comités (date, minutes), the participant list for
 * the MDS, avenants, annual documents, complements, the bilan.
 */
import { createHash } from 'node:crypto';
import { recordStructureAnnualDocuments } from '#domain/workflow/annual-documents.ts';
import { decide } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { changeDossier } from '#domain/workflow/dossier-change.ts';
import { dossierMds, porteurFacts } from '#domain/workflow/notify.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { canonicalJson } from '#domain/timeline/hash-chain.ts';
import { bilanReportViolations, conventionIndicators } from '#domain/rules/operation-evaluation.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import * as z from 'zod';
import { instructedDossier, visibleDossier } from '../access.ts';
import { HttpError, type FieldError } from '../http-errors.ts';
import { actorOf, type Identity } from '../identity.ts';
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
 * The territory of each participant: the one given, or the dossier's only one. A territory that is
 * not the dossier's, or none on a dossier of several territories, is refused naming the field.
 */
function participantTerritories(
  body: z.infer<typeof participantsBodySchema>,
  territories: readonly string[],
): { entrees: string[]; sorties: string[] } {
  const fields: FieldError[] = [];
  const resolve = (list: 'entrees' | 'sorties') =>
    body[list].map((p, i) => {
      const given = p.territoire ?? (territories.length === 1 ? territories[0] : undefined);
      if (given !== undefined && territories.includes(given)) return given;
      fields.push({
        champ: `${list}.${i}.territoire`,
        message:
          p.territoire === undefined
            ? `territoire obligatoire : l’opération se déroule sur plusieurs territoires (${territories.join(', ')})`
            : `territoire de l’opération attendu parmi : ${territories.join(', ')}`,
      });
      return '';
    });
  const resolved = { entrees: resolve('entrees'), sorties: resolve('sorties') };
  if (fields.length > 0) throw new HttpError(422, 'donnees-invalides', 'La demande contient des erreurs : voir les champs.', fields);
  return resolved;
}

function countByNature(exits: readonly { motifSortie: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of exits) counts[e.motifSortie] = (counts[e.motifSortie] ?? 0) + 1;
  return counts;
}

/** The key that makes a retried request land on the same event: the client's, or the body's digest. */
export function requestKey(req: { headers: Record<string, string>; body: unknown }, scope: string): string {
  return (
    req.headers['idempotency-key'] ??
    `${scope}:${createHash('sha256')
      .update(canonicalJson(req.body ?? {}))
      .digest('hex')}`
  );
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

const comiteParams = dossierParams.extend({ date: z.string().meta({ description: 'Date du comité (AAAA-MM-JJ)' }) });

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
      const event = await queueExecutionEvent(
        deps,
        dossier.id,
        requestKey(req, 'comite'),
        { type: 'comite-scheduled', comiteDate: date },
        dossier,
      );
      return { status: 202, body: { evenement: event.id, comite: date } };
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
      const event = await queueExecutionEvent(
        deps,
        dossier.id,
        requestKey(req, `minutes:${comiteDate}`),
        { type: 'comite-held', comiteDate, minutes: compteRendu },
        dossier,
      );
      return { status: 202, body: { evenement: event.id } };
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
      if (!workflowOf(dossier).comites.some((c) => c.date === body.comiteDate)) {
        throw new HttpError(422, 'comite-inconnu', 'Aucun comité n’est prévu à cette date pour ce dossier.', [
          { champ: 'comiteDate', message: 'date d’un comité prévu attendue' },
        ]);
      }
      // Call: each entry and exit goes to « la Maison du Département Solidarité du territoire concerné »:
      // on several territories, each MDS is sent the participants of its own territory (and nothing of the others').
      const mdsList = dossierMds(deps.catalog, dossier);
      const territoryOf = participantTerritories(
        body,
        mdsList.map((m) => m.territory),
      );
      const facts = porteurFacts(deps.catalog, dossier);
      const digest = createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 16);
      // Sent to the MDS, not kept in the dossier: beneficiaries' names stay out of our records (only the email carries them).
      // One commit: every MDS's email and the obligation met, once for this very list (its marker).
      const sent = mdsList.map((mds) => {
        const entries = body.entrees.filter((_, i) => territoryOf.entrees[i] === mds.territory);
        const exits = body.sorties.filter((_, i) => territoryOf.sorties[i] === mds.territory);
        return { mds, entries, exits };
      });
      await changeDossier(
        deps,
        dossier.id,
        (change) => {
          change.markAs(`participant-list#${body.comiteDate}#${digest}`).meet('participant-list', body.comiteDate);
          // Counted without names for the evaluation (« la nature des sorties »); the last list of a comité replaces the one before.
          const comite = change.workflow.comites.find((c) => c.date === body.comiteDate);
          if (comite) comite.participants = { entries: body.entrees.length, exitsByNature: countByNature(body.sorties) };
          for (const { mds, entries, exits } of sent) {
            change.email({
              key: `participant-list#${dossier.id}#${body.comiteDate}#${mds.territory}#${digest}`,
              kind: 'participant-list',
              to: [mds.email],
              params: {
                contact: facts.contact,
                mdsName: mds.name,
                porteurName: facts.porteurName,
                dossierReference: facts.dossierReference,
                dispositif: facts.dispositif,
                comiteDate: body.comiteDate,
                entries: entries.map((p) => ({ firstName: p.prenom, lastName: p.nom, enteredOn: p.dateEntree })),
                exits: exits.map((p) => ({ firstName: p.prenom, lastName: p.nom, exitedOn: p.dateSortie, outcome: p.motifSortie })),
              },
            });
          }
          return undefined;
        },
        { read: dossier },
      );
      return {
        status: 202,
        body: {
          comite: body.comiteDate,
          entrees: body.entrees.length,
          sorties: body.sorties.length,
          mds: sent.map(({ mds, entries, exits }) => ({
            territoire: mds.territory,
            nom: mds.name,
            entrees: entries.length,
            sorties: exits.length,
          })),
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
      const event = await queueExecutionEvent(
        deps,
        dossier.id,
        requestKey(req, 'avenant'),
        {
          type: 'avenant-requested',
          subject: body.objet,
          ...(body.nouvelleDateFin ? { newEndDate: body.nouvelleDateFin } : {}),
          ...(body.justificationAlea ? { hazardJustification: body.justificationAlea } : {}),
        },
        dossier,
      );
      return { status: 202, body: { evenement: event.id } };
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
