/**
 * cdk-nag's AwsSolutions checks, run at every synthesis (app and tests). cdk-nag 3 is a policy
 * validation plugin: `Validations.of(app).addPlugins(...)`; a finding is acknowledged on the
 * construct it concerns with `Validations.of(construct).acknowledge({ id, reason })`. Synthesis
 * fails while any error finding is left unacknowledged, and the report is written to
 * `<cdk.out>/validation-report.json`.
 *
 * Every acknowledgement goes through `acknowledge` below: it refuses an empty reason and records
 * where it was made, so the tests (and the README) can list them.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  /** The construct path it covers (the construct and everything under it). */
  readonly path: string;
  /** The rule, with the finding when the rule reports several (`AwsSolutions-IAM5[Resource::*]`). */
  readonly id: string;
  readonly reason: string;
}

/** The namespace of cdk-nag's AwsSolutions findings in CDK's validation report. */
export const NAG_NAMESPACE = 'AwsSolutions';

const RECORDED = new WeakMap<IConstruct, Acknowledgement[]>();

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/** Acknowledges a cdk-nag finding on a construct (and its children), with the reason written down. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (!/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/.test(id)) throw new Error(`acknowledge: ${JSON.stringify(id)} is not an AwsSolutions rule id`);
  if (reason.trim().length < 20)
    throw new Error(`acknowledge ${id} at ${scope.node.path}: the reason must say why (got ${JSON.stringify(reason)})`);
  // Without its namespace an id would be taken for an annotation's (aws-cdk-lib validation ids).
  Validations.of(scope).acknowledge({ id: `${NAG_NAMESPACE}::${id}`, reason });
  const root = scope.node.root;
  const list = RECORDED.get(root) ?? [];
  list.push({ path: scope.node.path, id, reason });
  RECORDED.set(root, list);
}

/** Every acknowledgement made in this app, in the order they were made. */
export function acknowledgementsOf(app: IConstruct): readonly Acknowledgement[] {
  return RECORDED.get(app.node.root) ?? [];
}
