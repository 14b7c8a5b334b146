/**
 * One Lambda function of the app: a `NodejsFunction` bundled by esbuild on this machine (never
 * Docker), ESM, Node 24 on ARM, with its own role (CloudWatch Logs writes to its own log group
 * only: no AWS managed policy) and its own log group with the stage's retention. Every other
 * permission is granted by the construct that wires the function to what it uses.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository's root (infra/aws/constructs/ → ../../..): entries are given relative to it. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The Lambda runtime of every function (README: Node 24 everywhere; cdk-nag L1 wants the latest). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * Lets the bundled ESM code `require()` the CommonJS dependencies esbuild keeps as `require`
 * calls (Node built-ins required from CommonJS packages).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface AppFunctionProps {
  /** Entry file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  /** Extra esbuild arguments (the stage's envelope data). */
  readonly esbuildArgs?: Record<string, string>;
}

export class AppFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const entry = join(PROJECT_ROOT, props.entry);
    if (!existsSync(entry)) throw new Error(`${this.node.path}: entry ${props.entry} does not exist`);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.entry}: logs to its own log group; the rest is granted per resource`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // The French texts as UTF-8, not escaped (`\xE9` for é): ≈ 2–5 KB less per bundle.
        charset: nodejs.Charset.UTF8,
        sourceMap: true,
        sourcesContent: false,
        logLevel: nodejs.LogLevel.WARNING,
        // Every dependency inside, at the version the tests ran (NodejsFunction would leave @aws-sdk/* to the runtime).
        externalModules: [],
        ...(props.esbuildArgs ? { esbuildArgs: props.esbuildArgs } : {}),
      },
    });
  }
}
