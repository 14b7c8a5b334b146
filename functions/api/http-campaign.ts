/** Lambda entry: the HTTP API's `campaign` routes (functions/api/groups/campaign.ts), behind API Gateway; it calls no engine. */
import { readConfig, tableEnv } from '../config.ts';
import { storeDepsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';
import { campaignGroup } from './groups/campaign.ts';

export const handler = apiHandler(campaignGroup, storeDepsFromConfig(readConfig(tableEnv)));
