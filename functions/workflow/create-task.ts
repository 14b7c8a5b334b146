/** Lambda entry: `create-task`, called by the state machines (workflows/*.asl.json). */
import { engineEnv, readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { createTaskHandler } from './handlers.ts';

export const handler = createTaskHandler(depsFromConfig(readConfig(engineEnv)));
