/** Lambda entry: the HTTP API's `tasks` routes (functions/api/groups/tasks.ts), behind API Gateway. */
import { engineEnv, readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';
import { tasksGroup } from './groups/tasks.ts';

export const handler = apiHandler(tasksGroup, depsFromConfig(readConfig(engineEnv)));
