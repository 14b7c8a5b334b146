/**
 * The services' discretion on a dossier under way: delays, suspension and its lifting, controls,
 * reimbursements. Apart from the tasks' group so that each function stays ≤ 250 KB
 * (bench/packages.ts): both render the obligations' emails, and together they were 262 KB.
 */
import { apiGroup } from '../group.ts';
import { discretionRoutes } from '../routes/discretion.ts';

export const discretionGroup = apiGroup({
  name: 'discretion',
  description: "HTTP API: the services' discretion on a dossier under way (delays, suspension, controls, reimbursements)",
  engine: ['sendTaskSuccess'],
  routes: discretionRoutes,
});
