/**
 * The path a dossier took through its state machines (`GET /dossiers/{id}/parcours`): each
 * execution of its chain with the states it entered, in order, and where a running one stands —
 * read from the engine's execution histories, for the console to draw on the very ASL the engine
 * runs (console/public/js/graph). Who may see the dossier may see its path (ids and state names only).
 */
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { visibleDossier } from '../access.ts';
import type { Route } from '../router.ts';

export function journeyRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/dossiers/:id/parcours',
      handle: async (req) => {
        const dossier = await visibleDossier(deps, req.identity, req.params.id!);
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
    },
  ];
}
