/** The instructor's inbox, a task, and a decision on it. */
import { taskDossierOf } from '#domain/workflow/create-task.ts';
import { decide } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { actionableTask, requireInstructor } from '../access.ts';
import { actorOf } from '../identity.ts';
import { invalidBody } from '../http-errors.ts';
import type { Route } from '../router.ts';
import { decisionBodySchema } from '../schemas.ts';
import { dossierSummary, inboxSummary, taskView } from '../views.ts';

export function taskRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/taches',
      handle: async (req) => {
        requireInstructor(req.identity);
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
    },
    {
      method: 'GET',
      path: '/taches/:id',
      handle: async (req) => {
        const { task, dossier } = await actionableTask(deps, req.identity, req.params.id!);
        return { status: 200, body: { ...taskView(task), dossier: dossierSummary(dossier, deps.catalog) } };
      },
    },
    {
      method: 'POST',
      path: '/taches/:id/decision',
      // Three round trips: the task with its dossier, the commit, the hand-over to the execution.
      handle: async (req) => {
        const loaded = await actionableTask(deps, req.identity, req.params.id!);
        const parsed = decisionBodySchema.safeParse(req.body ?? {});
        if (!parsed.success) throw invalidBody(parsed.error);
        const { decision, commentaire, details } = parsed.data;
        const decided = await decide(
          deps,
          { taskId: loaded.task.id, decision, actor: actorOf(req.identity), ...(commentaire ? { comment: commentaire } : {}), details },
          loaded,
        );
        return { status: 200, body: taskView(decided) };
      },
    },
  ];
}
