/** Filing and reading dossiers: the porteur's submission and every entry channel (which start the instruction), a dossier, the list, its path through the machines. */
import { apiGroup } from '../group.ts';
import { dossierRoutes } from '../routes/dossiers.ts';
import { entryRoutes } from '../routes/entry.ts';
import { journeyRoutes } from '../routes/journey.ts';

export const dossiersGroup = apiGroup({
  name: 'dossiers',
  description: 'HTTP API: dossiers filed (every entry channel) and read, their path through the machines',
  engine: ['startExecution', 'executionsOf'],
  routes: [...dossierRoutes, ...entryRoutes, ...journeyRoutes],
});
