/** The daily enforcement as a middy handler (EventBridge Scheduler on AWS, the platform's scheduler locally). */
import middy from '@middy/core';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import type { WorkflowDeps } from '#domain/workflow/deps.ts';

export function dailyEnforcementHandler(deps: WorkflowDeps) {
  return middy(async () => {
    const report = await runDailyEnforcement(deps);
    console.info(JSON.stringify({ level: 'info', message: 'daily enforcement', ...report }));
    return report;
  });
}
