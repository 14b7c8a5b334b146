/** Lambda entry: the HTTP API's `discretion` routes (functions/api/groups/discretion.ts), behind API Gateway. */
import { engineEnv, readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';
import { discretionGroup } from './groups/discretion.ts';

export const handler = apiHandler(discretionGroup, depsFromConfig(readConfig(engineEnv)));
