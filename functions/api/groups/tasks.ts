/** The work on dossiers under way: the services' inbox and decisions, the porteur's and the services' actions on a running dossier. */
import { apiGroup } from '../group.ts';
import { executionRoutes } from '../routes/execution.ts';
import { taskRoutes } from '../routes/tasks.ts';

export const tasksGroup = apiGroup({
  name: 'tasks',
  description: 'HTTP API: tasks and decisions, the actions on a dossier under way (comités, participants, bilan, annual documents)',
  engine: ['sendTaskSuccess'],
  routes: [...taskRoutes, ...executionRoutes],
});
