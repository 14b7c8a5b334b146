/**
 * One Lambda function of the app: bundled on this machine (never Docker) by the app's own
 * bundling step (bundle.ts: esbuild's JS API, the step bench/packages.ts measures), ESM, Node 24
 * on ARM, with its own role (CloudWatch Logs writes to its own log group only: no AWS managed
 * policy) and its own log group with the stage's retention. Every other permission is granted
 * by the construct that wires the function to what it uses.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_HANDLER, type BundleOptions, bundleSync, PROJECT_ROOT } from './bundle.ts';

/** The Lambda runtime of every function (README: Node 24 everywhere; cdk-nag L1 wants the latest). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The function's code: the project bundled by `bundleSync` into the asset's directory. The asset
 * is hashed on that output (as NodejsFunction does: never a fingerprint of the whole project).
 * `tryBundle` never declines (an esbuild error stops the synthesis), so the image CDK's API
 * requires for a Docker fallback is never pulled.
 */
function bundledCode(options: Omit<BundleOptions, 'outdir'>): lambda.AssetCode {
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: RUNTIME.bundlingImage,
      // The entry and alias as data: CDK keys its cache of bundled assets on these options (JSON).
      local: {
        ...options,
        tryBundle: (outdir: string) => {
          bundleSync({ ...options, outdir });
          return true;
        },
      },
    },
  });
}

export interface AppFunctionProps {
  /** Entry file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  /** Import specifiers bundled from another file (the stage's envelope data). */
  readonly alias?: Record<string, string>;
}

export class AppFunction extends Construct {
  readonly function: lambda.Function;
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

    this.function = new lambda.Function(this, 'Function', {
      code: bundledCode({ entry: props.entry, ...(props.alias ? { alias: props.alias } : {}) }),
      // bundle.ts writes index.mjs.
      handler: BUNDLE_HANDLER,
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    });
  }
}
