/**
 * What happens during the operation and after: comités (date, minutes), the participant list for
 * the MDS, avenants, annual documents, complements, the bilan.
 */
import { createHash } from 'node:crypto';
import { recordAnnualDocuments } from '#domain/workflow/annual-documents.ts';
import { decide } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { changeDossier } from '#domain/workflow/dossier-change.ts';
import { porteurFacts } from '#domain/workflow/notify.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { canonicalJson } from '#domain/timeline/hash-chain.ts';
import { requireInstructor, requirePorteur, visibleDossier } from '../access.ts';
import { HttpError, invalidBody } from '../http-errors.ts';
import { actorOf, type Identity } from '../identity.ts';
import type { ApiRequest, Route } from '../router.ts';
import {
  annualDocumentsBodySchema,
  avenantBodySchema,
  bilanBodySchema,
  comiteBodySchema,
  minutesBodySchema,
  participantsBodySchema,
} from '../schemas.ts';
import { taskView } from '../views.ts';
import type * as z from 'zod';

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw invalidBody(parsed.error);
  return parsed.data;
}

/** The key that makes a retried request land on the same event: the client's, or the body's digest. */
function requestKey(req: ApiRequest, scope: string): string {
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
) {
  const workflow = workflowOf(dossier);
  for (const step of steps) {
    const current = workflow.steps[step];
    if (!current?.taskId || current.decided) continue;
    const found = await deps.tasks.getForDecision(current.taskId);
    if (found?.dossier && found.task.status === 'open')
      return decide(deps, { taskId: found.task.id, decision, actor: actorOf(identity) }, { ...found, dossier: found.dossier });
  }
  throw new HttpError(409, 'rien-d-attendu', missing);
}

export function executionRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/dossiers/:id/comites',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const { date } = parse(comiteBodySchema, req.body);
        const today = deps.clock.now().toISOString().slice(0, 10);
        if (date <= today)
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
    },
    {
      method: 'POST',
      path: '/dossiers/:id/comites/:date/compte-rendu',
      handle: async (req) => {
        requireInstructor(req.identity, ['service-instructeur']);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const { compteRendu } = parse(minutesBodySchema, req.body);
        const comiteDate = req.params.date!;
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
    },
    {
      method: 'POST',
      path: '/dossiers/:id/participants',
      handle: async (req) => {
        requirePorteur(req.identity);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const body = parse(participantsBodySchema, req.body);
        if (!workflowOf(dossier).comites.some((c) => c.date === body.comiteDate)) {
          throw new HttpError(422, 'comite-inconnu', 'Aucun comité n’est prévu à cette date pour ce dossier.', [
            { champ: 'comiteDate', message: 'date d’un comité prévu attendue' },
          ]);
        }
        const territory = deps.catalog.territoryByCode(dossier.territory)!;
        const facts = porteurFacts(deps.catalog, dossier);
        const digest = createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 16);
        // Sent to the MDS, not kept in the dossier: beneficiaries' names stay out of our records (only the email carries them).
        const key = `participant-list#${dossier.id}#${body.comiteDate}#${digest}`;
        await changeDossier(
          deps,
          dossier.id,
          (change) => {
            change.markAs(key).meet('participant-list', body.comiteDate);
            change.email({
              key,
              kind: 'participant-list',
              to: [territory.mds.email],
              params: {
                contact: facts.contact,
                mdsName: territory.mds.name,
                porteurName: facts.porteurName,
                dossierReference: facts.dossierReference,
                dispositif: facts.dispositif,
                comiteDate: body.comiteDate,
                entries: body.entrees.map((p) => ({ firstName: p.prenom, lastName: p.nom, enteredOn: p.dateEntree })),
                exits: body.sorties.map((p) => ({ firstName: p.prenom, lastName: p.nom, exitedOn: p.dateSortie, outcome: p.motifSortie })),
              },
            });
            return undefined;
          },
          { read: dossier },
        );
        return {
          status: 202,
          body: { comite: body.comiteDate, entrees: body.entrees.length, sorties: body.sorties.length, mds: territory.mds.name },
        };
      },
    },
    {
      method: 'POST',
      path: '/dossiers/:id/avenants',
      handle: async (req) => {
        requirePorteur(req.identity);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const body = parse(avenantBodySchema, req.body);
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
    },
    {
      method: 'POST',
      path: '/dossiers/:id/documents-annuels',
      handle: async (req) => {
        requirePorteur(req.identity);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        const { exercice } = parse(annualDocumentsBodySchema, req.body);
        const { lifted } = await recordAnnualDocuments(deps, dossier, exercice, actorOf(req.identity));
        return { status: 200, body: { exercice, suspensionLevee: lifted } };
      },
    },
    {
      method: 'POST',
      path: '/dossiers/:id/complements',
      handle: async (req) => {
        requirePorteur(req.identity);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
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
    },
    {
      method: 'POST',
      path: '/dossiers/:id/bilan',
      handle: async (req) => {
        requirePorteur(req.identity);
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
        parse(bilanBodySchema, req.body);
        const task = await decideOpenPorteurTask(
          deps,
          req.identity,
          dossier,
          ['bilan', 'bilan-complements'],
          'bilan-filed',
          'Aucun bilan n’est attendu pour ce dossier.',
        );
        return { status: 200, body: taskView(task) };
      },
    },
  ];
}
