/** Every route of the HTTP API, in the order they are matched and documented: adding a route is one declaration in one of these lists. */
import type { Route } from '../router.ts';
import { accountRoutes } from './accounts.ts';
import { campaignRoutes } from './campaign.ts';
import { commissionRoutes } from './commission.ts';
import { dossierRoutes } from './dossiers.ts';
import { entryRoutes } from './entry.ts';
import { executionRoutes } from './execution.ts';
import { journeyRoutes } from './journey.ts';
import { taskRoutes } from './tasks.ts';

export const API_ROUTES: readonly Route[] = [
  ...dossierRoutes,
  ...entryRoutes,
  ...journeyRoutes,
  ...taskRoutes,
  ...executionRoutes,
  ...commissionRoutes,
  ...campaignRoutes,
  ...accountRoutes,
];
