/** The Commission Permanente: the secretariat prepares a session and records its decisions. */
import { apiGroup } from '../group.ts';
import { commissionRoutes } from '../routes/commission.ts';

export const commissionGroup = apiGroup({
  name: 'commission',
  description: 'HTTP API: the Commission Permanente (preparation, sessions)',
  engine: ['sendTaskSuccess'],
  routes: commissionRoutes,
});
