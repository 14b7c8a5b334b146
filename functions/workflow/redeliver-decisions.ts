/** Lambda entry: `redeliver-decisions`, scheduled every few minutes (see domain/workflow/decide.ts). */
import { engineEnv, readConfig } from '../config.ts';
import { redeliveryDepsFromConfig } from '../deps.ts';
import { redeliverDecisionsHandler } from './handlers.ts';

export const handler = redeliverDecisionsHandler(redeliveryDepsFromConfig(readConfig(engineEnv)));
