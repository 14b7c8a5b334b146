import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import validator from 'asl-validator';
import { aslText } from '#workflows/asl.ts';
import { buildDefinition } from '#workflows/machines.ts';
import {
  CHAINED_MACHINES,
  MACHINES,
  SUBSTITUTION_KEYS,
  definitionOf,
  placeholdersOf,
  substitute,
  type AslDefinition,
  type AslState,
  type MachineName,
  type Substitutions,
} from '#workflows/definitions.ts';
import { STEPS } from '#domain/workflow/steps.ts';

const AWS_RECOMMENDED_LAMBDA_RETRY = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];
const fakeSubstitutions = Object.fromEntries(
  SUBSTITUTION_KEYS.map((k) => [k, `arn:aws:lambda:eu-west-3:123456789012:function:${k}`]),
) as Substitutions;

const isCallback = (s: AslState) => s.Type === 'Task' && String(s.Resource).endsWith('.waitForTaskToken');
const isLambda = (s: AslState) => s.Type === 'Task' && String(s.Resource).startsWith('arn:aws:states:::lambda:invoke');
const payloadOf = (s: AslState) => (s.Parameters?.Payload ?? {}) as Record<string, unknown>;
/** The human step a state plans: a plan state's, an action's planned in the same call, or a Choice's whose every entrant plans it. */
function plannedStep(def: AslDefinition, name: string): string | undefined {
  const s = def.States[name]!;
  if (s.Type === 'Choice') {
    const steps = new Set(predecessors(def, name).map((p) => plannedStep(def, p)));
    return steps.size === 1 ? [...steps][0] : undefined;
  }
  return (s.Parameters?.FunctionName === '${PlanStepFunctionArn}' ? payloadOf(s).step : payloadOf(s).plan) as string | undefined;
}

/** Every state a state can go to next: Next, Default, Choices, Catch. */
function successors(state: AslState): string[] {
  const out: string[] = [];
  if (typeof state.Next === 'string') out.push(state.Next);
  if (typeof state.Default === 'string') out.push(state.Default);
  for (const c of (state.Choices as { Next: string }[] | undefined) ?? []) out.push(c.Next);
  for (const c of (state.Catch as { Next: string }[] | undefined) ?? []) out.push(c.Next);
  return out;
}

function predecessors(def: AslDefinition, target: string): string[] {
  return Object.entries(def.States)
    .filter(([, s]) => successors(s).includes(target))
    .map(([n]) => n);
}

describe.each(MACHINES)('the %s state machine', (machine: MachineName) => {
  const def = definitionOf(machine);
  const states = Object.entries(def.States);

  it('is the file its typed steps generate (run `npm run workflows` after changing workflows/<machine>.ts)', () => {
    expect(readFileSync(new URL(`../../../workflows/${machine}.asl.json`, import.meta.url), 'utf8')).toBe(
      aslText(buildDefinition(machine)),
    );
    expect(definitionOf(machine)).toEqual(buildDefinition(machine));
  });

  it('is valid ASL (asl-validator), before and after substitution', () => {
    const raw = validator(def, { checkArn: false, checkPaths: true });
    expect(raw.errorsText()).toBe('');
    const substituted = validator(substitute(machine, fakeSubstitutions));
    expect(substituted.errorsText()).toBe('');
  });

  it('has a substitution for every placeholder, and nothing left after substitution', () => {
    for (const key of placeholdersOf(machine)) expect(SUBSTITUTION_KEYS).toContain(key);
    expect(JSON.stringify(substitute(machine, fakeSubstitutions))).not.toMatch(/\$\{/);
    expect(() => substitute(machine, { ...fakeSubstitutions, PlanStepFunctionArn: undefined } as unknown as Substitutions)).toThrow(
      /PlanStepFunctionArn/,
    );
  });

  it('reaches every state from StartAt and every Next names a state', () => {
    const seen = new Set<string>();
    const stack = [def.StartAt];
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const state = def.States[name];
      expect(state, `state ${name}`).toBeDefined();
      stack.push(...successors(state!));
    }
    expect([...seen].sort()).toEqual(Object.keys(def.States).sort());
  });

  it('retries the transient Lambda errors AWS recommends on every Lambda task, with a task timeout', () => {
    for (const [name, s] of states.filter(([, s]) => isLambda(s))) {
      const retried = ((s.Retry as { ErrorEquals: string[] }[]) ?? []).flatMap((r) => r.ErrorEquals);
      for (const e of AWS_RECOMMENDED_LAMBDA_RETRY) expect(retried, `${name} retries ${e}`).toContain(e);
      if (!isCallback(s)) expect(s.TimeoutSeconds, `${name} TimeoutSeconds`).toBeTypeOf('number');
    }
  });

  it('gives every human step a planned timeout caught as States.Timeout, entered only from a state that plans it', () => {
    const callbacks = states.filter(([, s]) => isCallback(s));
    expect(callbacks.length).toBeGreaterThan(0);
    for (const [name, s] of callbacks) {
      expect(s.TimeoutSecondsPath, name).toBe('$.plan.timeoutSeconds');
      expect(
        (s.Catch as { ErrorEquals: string[] }[]).some((c) => c.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
      for (const p of predecessors(def, name))
        expect(plannedStep(def, p), `${name} is entered from ${p}, which plans it`).toBe(payloadOf(s).step);
    }
  });

  it('names only steps of its own that the steps data defines, and can resume at each of them', () => {
    const planned = states.map(([name]) => plannedStep(def, name)).filter((step) => step !== undefined);
    const ownSteps = Object.entries(STEPS)
      .filter(([, d]) => d.machine === machine)
      .map(([id]) => id);
    expect(new Set(planned)).toEqual(new Set(ownSteps));
    const route = def.States.Route!;
    const resumable = (route.Choices as { StringEquals?: string }[]).map((c) => c.StringEquals).filter(Boolean);
    expect(new Set(resumable)).toEqual(new Set(ownSteps));
  });

  it('routes exactly the decisions each step allows', () => {
    for (const [name, s] of states.filter(([, s]) => isCallback(s))) {
      const next = def.States[s.Next!]!;
      const step = STEPS[payloadOf(s).step as string]!;
      if (next.Type !== 'Choice') {
        expect(step.decisions, `${name} has a single outcome`).toHaveLength(1);
        continue;
      }
      const routed = (next.Choices as { Variable: string; StringEquals: string }[])
        .filter((c) => c.Variable === '$.decision.decision')
        .map((c) => c.StringEquals);
      expect(new Set(routed), name).toEqual(new Set(step.decisions));
    }
  });

  it('passes ids only to its functions and executions, never personal data', () => {
    const allowed = new Set([
      'action',
      'step',
      'dossierId.$',
      'generation.$',
      'executionName.$',
      'executionStartedAt.$',
      'taskToken.$',
      'dueAt.$',
      'timeoutSeconds.$',
      'step.$',
      'decision.$',
      'request.$',
      'eventId.$',
      'error.$',
      'milestone',
      'andThen',
      'plan',
      'planUnless',
    ]);
    for (const [name, s] of states.filter(([, s]) => isLambda(s))) {
      const { andThen = [], ...payload } = payloadOf(s) as { andThen?: Record<string, unknown>[] };
      for (const key of [payload, ...andThen].flatMap(Object.keys)) expect(allowed, `${name} passes ${key}`).toContain(key);
    }
  });

  it('chains only to machines of the dossier, by the dossier id', () => {
    for (const [, s] of states.filter(([, s]) => s.Resource === 'arn:aws:states:::states:startExecution')) {
      const arn = s.Parameters!.StateMachineArn ?? s.Parameters!['StateMachineArn.$'];
      expect(['$$.StateMachine.Id', ...Object.keys(CHAINED_MACHINES).map((k) => `\${${k}}`)]).toContain(arn);
      expect(String(s.Parameters!['Name.$'])).toMatch(/^States\.Format\('\{\}-[a-z]+-/);
    }
  });
});

describe('the life of every execution', () => {
  /**
   * Proof that no execution outlives the 365 days of a Standard workflow:
   * 1. it waits only in callback tasks (no Wait state), each with the planned timeout, which
   *    the plan step clamps to the life budget (test/unit/workflow/plan-step.test.ts proves that);
   * 2. once the budget is reached the timeout leads to a hand-over;
   * 3. between two waits, the states run are Lambda tasks with a timeout and a bounded Retry,
   *    and Choice/Pass states; the longest such run, with every retry exhausted, is bounded here.
   * So the life is at most budget + the longest wait-free run.
   */
  it('is shorter than 365 days given the budget and the worst case of every non-waiting state', async () => {
    const { EXECUTION_LIFE_BUDGET_DAYS } = await import('#domain/workflow/steps.ts');
    for (const machine of MACHINES) {
      const def = definitionOf(machine);
      expect(
        Object.values(def.States).some((s) => s.Type === 'Wait'),
        `${machine} has no Wait state`,
      ).toBe(false);
      const worst = (s: AslState): number => {
        if (s.Type !== 'Task' || isCallback(s)) return 0;
        const timeout = (s.TimeoutSeconds as number | undefined) ?? 60;
        const retries = (s.Retry as { MaxAttempts?: number; IntervalSeconds?: number; BackoffRate?: number }[] | undefined) ?? [];
        let total = timeout;
        for (const r of retries) {
          const attempts = r.MaxAttempts ?? 3;
          for (let i = 0; i < attempts; i++) total += timeout + (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** i;
        }
        return total;
      };
      // Longest path of non-waiting states (memoised DFS); a cycle of non-waiting states is only
      // allowed through a state running next-execution-event, which consumes one queued event per pass.
      const memo = new Map<string, number>();
      const visiting: string[] = [];
      const longest = (name: string): number => {
        const s = def.States[name]!;
        if (isCallback(s)) return 0;
        if (memo.has(name)) return memo.get(name)!;
        if (visiting.includes(name)) {
          const loop = visiting.slice(visiting.indexOf(name));
          const actions = loop.flatMap((n) => {
            const { action, andThen = [] } = payloadOf(def.States[n]!) as { action?: string; andThen?: { action: string }[] };
            return [action, ...andThen.map((t) => t.action)];
          });
          expect(actions, `${machine}: a loop without a wait must consume an event (${loop.join(' → ')})`).toContain(
            'next-execution-event',
          );
          return 0;
        }
        visiting.push(name);
        const value = worst(s) + Math.max(0, ...successors(s).map(longest));
        visiting.pop();
        memo.set(name, value);
        return value;
      };
      const worstRunSeconds = Math.max(...Object.keys(def.States).map(longest));
      const lifeSeconds = EXECUTION_LIFE_BUDGET_DAYS * 86_400 + worstRunSeconds;
      expect(lifeSeconds, `${machine}: budget + ${worstRunSeconds}s`).toBeLessThan(365 * 86_400);
    }
  });
});
