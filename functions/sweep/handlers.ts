/** The daily enforcement as a Lambda handler (EventBridge Scheduler on AWS, the platform's scheduler locally). */
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import type { WorkflowDeps } from '#domain/workflow/deps.ts';
import { count, lambdaHandler, logLine, METRIC, timed } from '../observability.ts';

export function dailyEnforcementHandler(deps: WorkflowDeps) {
  return lambdaHandler(async (_event: unknown, context) => {
    const report = await timed('daily-enforcement', () => runDailyEnforcement(deps));
    count(METRIC.suspensions, report.suspended);
    if (report.remindersSent + report.missed + report.suspended > 0) logLine(context, 'info', 'daily enforcement', { ...report });
    return report;
  });
}
