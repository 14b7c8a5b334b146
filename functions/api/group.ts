/**
 * The HTTP API is served by several Lambda functions, one per group of routes (functions/api/groups/):
 * a group is declared once — its name, its routes, the workflow engine's calls they make — and from
 * that declaration follow its function and entry (infra/aws/constructs/functions.ts `api-<name>`,
 * functions/api/http-<name>.ts), its IAM permissions and environment, its API Gateway routes
 * (infra/aws/constructs/api.ts) and the local API server's dispatch (infra/local/api-gateway-routes.ts).
 */
import type { EngineDeps, WorkflowDeps, WorkflowEngine } from '#domain/workflow/deps.ts';
import type { Route } from './router.ts';

/** A call of the workflow engine (Step Functions): each is one IAM grant of the function that makes it. */
export type EngineCall = keyof WorkflowEngine;

export interface ApiGroup {
  /** Its function is `api-<name>`, its entry functions/api/http-<name>.ts. */
  readonly name: string;
  /** The function's description (English, as the other functions'). */
  readonly description: string;
  /** The engine's calls its routes make: its function's only Step Functions permissions, and the only calls its engine lets through. */
  readonly engine: readonly EngineCall[];
  readonly routes: readonly Route[];
}

/** Declares a group (typed: `engine` names the engine's methods). */
export const apiGroup = (group: ApiGroup): ApiGroup => group;

/** The group opens porteur accounts (its routes `need` the account requests' dependencies): the user pool's id and grants. */
export const needsAccounts = (group: ApiGroup): boolean => group.routes.some((r) => r.needs === 'accounts');

/** What a group's function is given: the stores, clock and catalog, and the engine if its routes call it. */
export type GroupDeps = WorkflowDeps & { engine?: WorkflowEngine };

/**
 * The engine as the group's function may call it: a call the group does not declare fails as IAM
 * would refuse it on AWS (AccessDenied), here and locally alike, so a route that starts calling the
 * engine without its group declaring it fails its tests instead of failing on AWS.
 */
export function grantedEngine(group: ApiGroup, engine: WorkflowEngine | undefined): WorkflowEngine {
  if (group.engine.length > 0 && !engine)
    throw new Error(`api-${group.name}: its routes call the engine (${group.engine.join(', ')}): give it one`);
  const refuse = (call: EngineCall) => () =>
    Promise.reject(new Error(`api-${group.name} may not call the engine's ${call} (functions/api/groups/${group.name}.ts: engine)`));
  return {
    startExecution: group.engine.includes('startExecution') ? engine!.startExecution.bind(engine) : refuse('startExecution'),
    sendTaskSuccess: group.engine.includes('sendTaskSuccess') ? engine!.sendTaskSuccess.bind(engine) : refuse('sendTaskSuccess'),
    executionsOf: group.engine.includes('executionsOf') ? engine!.executionsOf.bind(engine) : refuse('executionsOf'),
  };
}

/** The group's dependencies as its routes see them. */
export const groupEngineDeps = (group: ApiGroup, deps: GroupDeps): EngineDeps => ({ ...deps, engine: grantedEngine(group, deps.engine) });
