/** Lambda entry: `plan-step`, called by the state machines (workflows/*.asl.json). */
import { engineEnv, readConfig } from '../config.ts';
import { storeDepsFromConfig } from '../deps.ts';
import { planStepHandler } from './handlers.ts';

export const handler = planStepHandler(storeDepsFromConfig(readConfig(engineEnv)));
