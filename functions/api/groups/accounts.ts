/** Porteur account requests, and the accounts the services open (Cognito on AWS). */
import { apiGroup } from '../group.ts';
import { accountRoutes } from '../routes/accounts.ts';

export const accountsGroup = apiGroup({
  name: 'accounts',
  description: 'HTTP API: porteur account requests, accounts opened in the user pool',
  engine: [],
  routes: accountRoutes,
});
