/**
 * The path a dossier took through its state machines (`GET /dossiers/{id}/parcours`): each
 * execution of its chain with the states it entered, in order, and where a running one stands —
 * read from the engine's execution histories, for the console to draw on the very ASL the engine
 * runs (console/public/js/graph). Who may see the dossier may see its path (ids and state names only).
 */
import { visibleDossier } from '../access.ts';
import { journeySchema } from '../responses.ts';
import { route } from '../router.ts';
import { dossierParams } from './params.ts';

export const journeyRoutes = [
  route({
    method: 'GET',
    path: '/dossiers/{id}/parcours',
    summary:
      'Le parcours du dossier dans ses machines à états : chaque exécution de sa chaîne (instruction, exécution, bilan) avec les états traversés, dans l’ordre, et celui où elle se trouve',
    access: 'signed-in',
    params: dossierParams,
    responses: { 200: { description: 'Les exécutions et leurs états', schema: journeySchema } },
    errors: [404],
    handle: async (req, deps) => {
      const dossier = await visibleDossier(deps, req.identity, req.params.id);
      const executions = await deps.engine.executionsOf(dossier.id);
      return {
        status: 200,
        body: {
          dossierId: dossier.id,
          executions: executions.map((e) => ({
            machine: e.machine,
            nom: e.name,
            generation: e.generation,
            statut: e.status,
            debut: e.startedAt,
            ...(e.stoppedAt ? { fin: e.stoppedAt } : {}),
            etats: e.states.map((s) => ({ nom: s.name, entre: s.enteredAt, ...(s.exitedAt ? { sorti: s.exitedAt } : {}) })),
          })),
        },
      };
    },
  }),
];
