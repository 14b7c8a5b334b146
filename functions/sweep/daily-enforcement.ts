/** Lambda entry: the daily enforcement, scheduled at 06:00 Europe/Paris. */
import { engineEnv, readConfig } from '../config.ts';
import { storeDepsFromConfig } from '../deps.ts';
import { dailyEnforcementHandler } from './handlers.ts';

export const handler = dailyEnforcementHandler(storeDepsFromConfig(readConfig(engineEnv)));
