/**
 * The HTTP API's groups of routes, one Lambda function each (functions/api/group.ts), and every
 * route, in the order they are matched and documented: adding a route is one declaration in one
 * of functions/api/routes/*.ts, listed in one group.
 */
import type { ApiGroup } from '../group.ts';
import type { Route } from '../router.ts';
import { accountsGroup } from './accounts.ts';
import { campaignGroup } from './campaign.ts';
import { commissionGroup } from './commission.ts';
import { discretionGroup } from './discretion.ts';
import { dossiersGroup } from './dossiers.ts';
import { tasksGroup } from './tasks.ts';

export const API_GROUPS: readonly ApiGroup[] = [dossiersGroup, tasksGroup, discretionGroup, commissionGroup, campaignGroup, accountsGroup];

/**
 * The group that answers a path no route declares (API Gateway's `ANY /{proxy+}`): its router's
 * 404. The smallest function of those without a permission beyond the table's.
 */
export const FALLBACK_GROUP: ApiGroup = campaignGroup;

export const API_ROUTES: readonly Route[] = API_GROUPS.flatMap((g) => g.routes);
