/** The instructor's inbox, a task, and a decision on it. */
import { taskDossierOf } from '#domain/workflow/create-task.ts';
import { decide } from '#domain/workflow/decide.ts';
import { count, METRIC } from '../../observability.ts';
import { actionableTask } from '../access.ts';
import { actorOf } from '../identity.ts';
import { inboxSchema, taskSchema, taskWithDossierSchema } from '../responses.ts';
import { route } from '../router.ts';
import { decisionBodySchema } from '../schemas.ts';
import { dossierSummary, inboxSummary, taskView } from '../views.ts';
import { taskParams } from './params.ts';

export const taskRoutes = [
  route({
    method: 'GET',
    path: '/taches',
    summary:
      'La boîte de réception : tâches ouvertes du rôle et du territoire de l’appelant, chacune avec ce que la boîte montre de son dossier',
    access: 'staff',
    responses: { 200: { description: 'Les tâches, la plus urgente d’abord', schema: inboxSchema } },
    handle: async (req, deps) => {
      const tasks = await deps.tasks.listOpen(req.identity.role, req.identity.territory);
      const now = deps.clock.now().toISOString();
      // Each task comes with what the inbox shows of its dossier (one query, the console's one request);
      // a task written before its dossier was kept with it has its dossier read, once.
      const missing = [...new Set(tasks.filter((t) => !t.dossier).map((t) => t.dossierId))];
      const read = new Map(
        (await Promise.all(missing.map((id) => deps.dossiers.get(id)))).flatMap((d) => (d ? [[d.id, taskDossierOf(d)] as const] : [])),
      );
      const taches = tasks.map((t) => {
        const dossier = t.dossier ?? read.get(t.dossierId);
        return { ...taskView(t), enRetard: t.dueAt < now, ...(dossier ? { dossier: inboxSummary(dossier) } : {}) };
      });
      return { status: 200, body: { taches } };
    },
  }),
  route({
    method: 'GET',
    path: '/taches/{id}',
    summary: 'Lire une tâche',
    access: 'signed-in',
    params: taskParams,
    responses: { 200: { description: 'La tâche', schema: taskWithDossierSchema } },
    errors: [403, 404],
    handle: async (req, deps) => {
      const { task, dossier } = await actionableTask(deps, req.identity, req.params.id);
      return { status: 200, body: { ...taskView(task), dossier: dossierSummary(dossier, deps.catalog) } };
    },
  }),
  route({
    method: 'POST',
    path: '/taches/{id}/decision',
    summary:
      'Décider (détails selon l’étape : voir le référentiel, etapes.*.decisions.*.details) ; un avis favorable de la Commission Permanente engage l’enveloppe du dispositif avec la décision (409 enveloppe-depassee s’il la dépasse : rien n’est enregistré)',
    access: 'signed-in',
    params: taskParams,
    body: decisionBodySchema,
    responses: { 200: { description: 'La tâche décidée', schema: taskSchema } },
    errors: [403, 404, 409, 422],
    // Three round trips: the task with its dossier, the commit, the hand-over to the execution.
    handle: async (req, deps) => {
      const loaded = await actionableTask(deps, req.identity, req.params.id);
      const { decision, commentaire, details } = req.body;
      const decided = await decide(
        deps,
        { taskId: loaded.task.id, decision, actor: actorOf(req.identity), ...(commentaire ? { comment: commentaire } : {}), details },
        loaded,
      );
      count(METRIC.decisions);
      req.log('decision recorded', {
        dossierId: decided.dossierId,
        taskId: decided.id,
        step: decided.kind,
        decision: decided.decision,
      });
      return { status: 200, body: taskView(decided) };
    },
  }),
];
