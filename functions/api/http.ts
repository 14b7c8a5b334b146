/** Lambda entry: the HTTP API (API Gateway HTTP API, JWT authorizer). */
import { readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';

export const handler = apiHandler(depsFromConfig(readConfig()));
