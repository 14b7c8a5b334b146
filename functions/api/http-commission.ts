/** Lambda entry: the HTTP API's `commission` routes (functions/api/groups/commission.ts), behind API Gateway. */
import { engineEnv, readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';
import { commissionGroup } from './groups/commission.ts';

export const handler = apiHandler(commissionGroup, depsFromConfig(readConfig(engineEnv)));
