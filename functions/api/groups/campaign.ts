/** Read-only views: the call's public reference data and the campaign at a glance. */
import { apiGroup } from '../group.ts';
import { campaignRoutes } from '../routes/campaign.ts';

export const campaignGroup = apiGroup({
  name: 'campaign',
  description: 'HTTP API: the reference data (public) and the campaign (read only)',
  engine: [],
  routes: campaignRoutes,
});
