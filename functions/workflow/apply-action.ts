/** Lambda entry: `apply-action`, called by the state machines (workflows/*.asl.json). */
import { engineEnv, readConfig } from '../config.ts';
import { actionDepsFromConfig } from '../deps.ts';
import { applyActionHandler } from './handlers.ts';

export const handler = applyActionHandler(actionDepsFromConfig(readConfig(engineEnv)));
