/**
 * Powertools on one machine (imported first by `npm start`, set by vitest.config.ts for the
 * tests): its log lines and metrics through the process's console (`POWERTOOLS_DEV`: JSON
 * indented for a person), the metrics printed as on AWS (dev mode would silence them). Must be
 * evaluated before functions/observability.ts builds the logger and the metrics.
 */
export const POWERTOOLS_LOCAL_ENV = { POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'false' } as const;

for (const [name, value] of Object.entries(POWERTOOLS_LOCAL_ENV)) process.env[name] ??= value;
