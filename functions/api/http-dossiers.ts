/** Lambda entry: the HTTP API's `dossiers` routes (functions/api/groups/dossiers.ts), behind API Gateway. */
import { engineEnv, readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';
import { dossiersGroup } from './groups/dossiers.ts';

export const handler = apiHandler(dossiersGroup, depsFromConfig(readConfig(engineEnv)));
