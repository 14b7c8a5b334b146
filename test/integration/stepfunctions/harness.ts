/**
 * Helpers for the local Step Functions runtime tests: fixture definitions, a runtime (in memory,
 * or on a data directory), and a few waiting helpers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import validator from 'asl-validator';
import { ManualClock } from '#domain/time/clock.ts';
import { LocalStepFunctions, type LocalFunction } from '#infra/local/stepfunctions/index.ts';
import type { AslDefinition } from '#infra/local/stepfunctions/index.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A fixture definition with its `${…}` placeholders filled (as DefinitionSubstitutions does). */
export function fixture(name: string, substitutions: Record<string, string> = {}): AslDefinition {
  const text = readFileSync(`${FIXTURES}${name}.asl.json`, 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, key: string) => {
    const value = substitutions[key];
    if (value === undefined) throw new Error(`fixture ${name}: no substitution for \${${key}}`);
    return value;
  });
  return JSON.parse(text) as AslDefinition;
}

/** Validates a definition as AWS tooling does (asl-validator); returns the errors text, '' if valid. */
export function aslErrors(definition: AslDefinition): string {
  const result = validator(definition, { checkPaths: true, checkArn: true });
  return result.isValid ? '' : result.errorsText('\n');
}

export interface TestRuntime {
  runtime: LocalStepFunctions;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function startTestRuntime(options: {
  functions: Record<string, LocalFunction>;
  clock?: ManualClock;
  machines?: Record<string, AslDefinition>;
  dataDir?: string;
  compactAtBytes?: number;
  parkedRunMaxAgeMs?: number;
}): Promise<TestRuntime & { arns: Record<string, string> }> {
  const clock = options.clock ?? new ManualClock('2026-03-02T08:00:00.000Z');
  const runtime = new LocalStepFunctions({
    clock,
    functions: options.functions,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.compactAtBytes ? { compactAtBytes: options.compactAtBytes } : {}),
    ...(options.parkedRunMaxAgeMs !== undefined ? { parkedRunMaxAgeMs: options.parkedRunMaxAgeMs } : {}),
  });
  const arns: Record<string, string> = {};
  for (const [name, definition] of Object.entries(options.machines ?? {})) arns[name] = runtime.registerStateMachine(name, definition);
  await runtime.start();
  return { runtime, clock, arns, close: () => runtime.close() };
}

/**
 * The callback-decision machine with task handlers as a real one would be: the plan gives a week,
 * `create-task` keeps each task's token (by dossier, in `tokens`), the decision is applied at the clock's time.
 */
export async function startDecisionRuntime(tokens: Map<string, string>): Promise<TestRuntime & { arns: Record<string, string> }> {
  const t: TestRuntime & { arns: Record<string, string> } = await startTestRuntime({
    functions: {
      'plan-step': async () => ({ timeoutSeconds: 7 * 24 * 3600 }),
      'create-task': async (payload) => {
        const { taskToken, dossierId } = payload as { taskToken: string; dossierId: string };
        tokens.set(dossierId, taskToken);
        return {};
      },
      'apply-decision': async () => ({ appliedAt: t.clock.now().toISOString() }),
    },
    machines: { decision: fixture('callback-decision') },
  });
  return t;
}

export const DAY = 24 * 3600 * 1000;

/** Resolves when `predicate` holds (polled every few ms), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
