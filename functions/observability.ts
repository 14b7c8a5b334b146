/**
 * What every function tells about itself, with Powertools for AWS Lambda: one Logger (structured
 * JSON lines; the request id and function name from the Lambda context, the dossier id and the
 * API's route given with the lines that concern them: `logLine`) and one Metrics (CloudWatch embedded metric
 * format: a JSON line per invocation that CloudWatch turns into metrics on AWS, and that reads as
 * it is on the local platform's output). Ids only: no name, no address, no free text of a dossier
 * (test/integration/reliability/campaign-faults.test.ts checks every line).
 *
 * Tracer (X-Ray) is left out: it pulls the X-Ray SDK into every bundle for SDK-call subsegments
 * (see the README's measure); the functions' own X-Ray segments come from Lambda's active tracing.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

const SERVICE = 'inclusion-aap';

export const logger = new Logger({ serviceName: SERVICE });
export const metrics = new Metrics({ namespace: 'InclusionAap', serviceName: SERVICE });

/** The metrics the functions publish (EMF names; each counted where the use case's result says it happened). */
export const METRIC = {
  dossiersFiled: 'DossiersFiled',
  decisions: 'Decisions',
  emailsSent: 'EmailsSent',
  emailsFailed: 'EmailsFailed',
  suspensions: 'Suspensions',
  sweepDuration: 'SweepDuration',
  transitionsPublished: 'TransitionsPublished',
} as const;

export const count = (name: (typeof METRIC)[keyof typeof METRIC], value = 1) => {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
};

/** How long a scheduled sweep took (the daily enforcement, the outbox, the redelivery), by sweep. */
export async function timed<T>(sweep: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const single = metrics.singleMetric();
    single.addDimension('sweep', sweep);
    single.addMetric(METRIC.sweepDuration, MetricUnit.Milliseconds, Math.round(performance.now() - started));
  }
}

/** Publishes the invocation's metrics, if it has any (Powertools' logMetrics would warn at each invocation that has none). */
const publishMetrics = () => {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};

/** The invocation whose context the logger holds: the last one started, or that last wrote a line (see `logLine`). */
let loggedInvocation: Context | undefined;

/**
 * The invocation's log lines keyed by its context (request id, function, cold start), the keys a
 * handler appends reset after it: what Powertools' `injectLambdaContext(logger, { resetKeys: true })`
 * does for these functions, without what it adds to every invocation that they never use — the
 * debug-log sampling drawn again (no sample rate is set), the event logged in full when an
 * environment variable asks (a dossier's personal data, which no log line may carry), log buffering
 * and the cleanup hook of early-returning Powertools middlewares (none here). ≈ 1 % of the local
 * platform's main thread per API request.
 */
const logContext = {
  before: (request: { context: Context }) => {
    logger.addContext(request.context);
    loggedInvocation = request.context;
  },
  after: () => logger.resetKeys(),
  onError: () => logger.resetKeys(),
};

/**
 * One log line of the invocation `context`, with its own keys (the dossier, the route…): given with
 * the line rather than appended to the logger, and the logger's context set again to this
 * invocation's if another one set it meanwhile. On AWS a function's process runs one invocation at
 * a time, and nothing changes; the local platform runs every function's invocations at once in one
 * process, sharing one logger, where a line written after another invocation had started carried
 * that one's ids and keys (a "decision recorded" with the function_arn of apply-action). Without a
 * context (a test calling a handler's core), the line as the logger has it. An error goes in
 * `attributes.error`, as `logger.error(message, error)` puts it.
 */
export function logLine(
  context: Context | undefined,
  level: 'info' | 'warn' | 'error',
  message: string,
  attributes: Record<string, unknown>,
): void {
  if (context !== undefined && context !== loggedInvocation) {
    logger.addContext(context);
    loggedInvocation = context;
  }
  logger[level](message, attributes);
}

/**
 * A Lambda handler as every function is: middy, its log lines keyed by the invocation (request id,
 * function, cold start; the keys a handler appends are reset after it), its metrics published once
 * it returns or fails.
 */
export function lambdaHandler<E, R>(handle: (event: E, context: Context) => Promise<R>) {
  return middy(handle).use(logContext).use({ after: publishMetrics, onError: publishMetrics });
}
