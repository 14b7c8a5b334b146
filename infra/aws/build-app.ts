/**
 * Builds the CDK app: the stage's configuration from context, the stack, cdk-nag's AwsSolutions
 * checks. Shared by the entry (app.ts, run by `cdk synth`/`cdk deploy`) and the tests.
 */
import { App } from 'aws-cdk-lib';
import { readStageConfig, stackNameOf, type StageConfig } from './config.ts';
import { addNagChecks } from './nag.ts';
import { InclusionStack } from './stack.ts';

export interface BuildAppOptions {
  /** Context values, as `-c key=value` would give them. */
  readonly context?: Record<string, unknown>;
  /** Where the cloud assembly is written (tests: a temporary directory). */
  readonly outdir?: string;
  /**
   * false: do not run esbuild (the `aws:cdk:bundling-stacks` context set to none), for fast
   * assertion tests; the template is the same but for the assets' hashes.
   */
  readonly bundle?: boolean;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: InclusionStack;
  readonly config: StageConfig;
}

export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const context = { ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}), ...options.context };
  const app = new App({
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
  });
  addNagChecks(app);
  const config = readStageConfig(app.node);
  const stack = new InclusionStack(app, stackNameOf(config.stage), {
    config,
    description: `Dossier lifecycle of the inclusion call for projects 2026 (Pas-de-Calais), stage ${config.stage}`,
    terminationProtection: config.stage === 'prod',
    ...(config.account !== undefined || config.region !== undefined ? { env: { account: config.account, region: config.region } } : {}),
  });
  return { app, stack, config };
}
