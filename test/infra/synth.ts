/**
 * Synthesises the CDK app for the infra tests: offline, into a temporary directory, cdk-nag
 * included (a finding left unacknowledged makes the synthesis throw with the report).
 * `bundle: false` skips esbuild (the `aws:cdk:bundling-stacks` context) for the assertion tests;
 * bundling.test.ts runs it for real.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp, type BuildAppOptions, type BuiltApp } from '#infra/aws/build-app.ts';

export interface Synthesized extends BuiltApp {
  readonly template: Template;
  readonly json: CfnTemplate;
  readonly outdir: string;
  readonly assemblyDir: string;
  readonly validationReport: ValidationReport;
  readonly ms: number;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: IConstruct): string;
  cleanup(): void;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface ValidationViolation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
  acknowledgedId?: string;
  reason?: string;
  acknowledgedAt?: string;
}
export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: ValidationViolation[];
    suppressedViolations?: ValidationViolation[];
  }[];
}

export function synthesize(options: Omit<BuildAppOptions, 'outdir'> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'inclusion-cdk-test-'));
  const started = performance.now();
  const built = buildApp({ bundle: false, ...options, outdir });
  const assembly = built.app.synth();
  const ms = performance.now() - started;
  console.info(`infra: synthesis ${options.bundle === true ? 'with' : 'without'} esbuild bundling took ${Math.round(ms)} ms`);
  const template = Template.fromStack(built.stack);
  const json = template.toJSON() as CfnTemplate;
  const validationReport = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return {
    ...built,
    template,
    json,
    outdir,
    assemblyDir: assembly.directory,
    validationReport,
    ms,
    logicalId: (construct) => {
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      return built.stack.getLogicalId(element);
    },
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The resources of a type, by logical id. */
export function resourcesOf(json: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

/** The statements of every inline policy attached to a role (by the role's logical id). */
export function statementsOfRole(
  json: CfnTemplate,
  roleLogicalId: string,
): { Action: string | string[]; Resource: unknown; Effect: string; Sid?: string }[] {
  return resourcesOf(json, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties?.Roles as unknown[] | undefined)?.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement ?? []);
}

export const actionsOf = (statement: { Action: string | string[] }): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
export const resourcesOfStatement = (statement: { Resource: unknown }): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
