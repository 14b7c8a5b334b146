/**
 * The builders the state machines are written with (workflows/<machine>.ts). `npm run workflows`
 * writes their output to workflows/<machine>.asl.json, the artefact CDK deploys and the local
 * runtime executes; a test checks that regenerating changes nothing.
 *
 * A machine is a list of fragments, each a few named states: `humanStep` (plan → callback →
 * routing of its decisions), `action` (one call of the apply-action function), `choice`,
 * `succeed`, `startPhase` (the chain to the next machine). `machine` adds the entry point
 * (fresh start or resume at a step) and the timeout and hand-over fragment every machine shares.
 * See workflows/README.md.
 */
import type * as z from 'zod/mini';

export const MACHINES = ['instruction', 'execution', 'bilan'] as const;
export type MachineName = (typeof MACHINES)[number];

export interface AslDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, AslState>;
}
export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Next?: string;
  End?: boolean;
  [field: string]: unknown;
}
type Fragment = Record<string, AslState>;

function nameOf(dossier: string, machine: MachineName, generation: string): string {
  return `${dossier}-${machine}-${generation}`;
}

/** Execution names carry the dossier id, the phase and the generation: StartExecution is idempotent by name. */
export function executionName(dossierId: string, machine: MachineName, generation = 1): string {
  return nameOf(dossierId, machine, String(generation));
}

/** The same name, built by the state machine itself (`States.Format`); a fixed generation, or the state's `$.generation`. */
function executionNameFormat(machine: MachineName, generation?: number): string {
  return generation === undefined
    ? `States.Format('${nameOf('{}', machine, '{}')}', $.dossierId, $.generation)`
    : `States.Format('${nameOf('{}', machine, String(generation))}', $.dossierId)`;
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const START_EXECUTION = 'arn:aws:states:::states:startExecution';

/** The one Retry policy of every Lambda task: the transient errors AWS recommends retrying, 6 attempts from 2 s doubling, full jitter. */
const LAMBDA_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.TooManyRequestsException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];
/** StartExecution (chain, hand-over) is idempotent by name: retried on any failure. */
const START_EXECUTION_RETRY = [
  { ErrorEquals: ['StepFunctions.AWSStepFunctionsException', 'States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 },
];
/** How long one call of a workflow function may take. */
const LAMBDA_TIMEOUT_SECONDS = 60;

/** What every workflow function receives: ids only, never personal data (execution histories are kept and logged). */
const IDS = { 'dossierId.$': '$.dossierId', 'generation.$': '$.generation', 'executionName.$': '$$.Execution.Name' };
/** Payload fields an action may take beyond the ids. */
export const DECISION = { 'decision.$': '$.decision' } as const;
export const EVENT = { 'eventId.$': '$.event.eventId' } as const;

const UNKNOWN_DECISION = 'UnknownDecision';
const UNKNOWN_RESUME_POINT = 'UnknownResumePoint';
const STEP_TIMED_OUT = 'StepTimedOut';
const ESCALATE = 'EscalateOverdueTask';

// ---------------------------------------------------------------------------------------------
// Human steps

/** What the timeout of a human step means (its plan's `onTimeout`): escalate to the service, or the step's own consequence. */
export type OnTimeout = 'escalate' | 'close-incomplete' | 'operation-ended' | 'bilan-missed' | 'review-as-filed';
/** A timeout consequence of the step's own, applied by a state of its machine. */
type Consequence = Exclude<OnTimeout, 'escalate'>;

export interface DecisionSpec {
  /** What the decision carries beyond its name (French messages: the API validates it before anything is written). */
  readonly details: z.ZodMiniType;
  /** The state the decision leads to. */
  readonly next: string;
}

export interface HumanStepSpec<D extends Record<string, DecisionSpec>> {
  /** The callback state's name (a person reads it in the AWS console's graph). */
  readonly state: string;
  /** The Choice state routing the decisions; a step with one decision goes straight to its `next`. */
  readonly choice?: string;
  readonly decisions: D;
  readonly onTimeout: OnTimeout;
  /** Where an escalation or a hand-over resumes it: its plan state unless said otherwise. */
  readonly resumeAt?: string;
  /** Ids the task handler receives beyond the step's (e.g. the execution event the step answers). */
  readonly taskInput?: Record<string, string>;
}

export interface HumanStep<Id extends string = string, D extends Record<string, DecisionSpec> = Record<string, DecisionSpec>>
  extends HumanStepSpec<D> {
  readonly id: Id;
  /** The plan state: where the flow enters the step. */
  readonly entry: string;
  readonly states: Fragment;
}

/** What a plan state keeps of a plan (domain/workflow/plan-step.ts StepPlan) at `from`, written to `$.plan`. */
const planSelector = (from: string) =>
  Object.fromEntries(['step', 'dueAt', 'timeoutSeconds', 'handOver', 'onTimeout'].map((field) => [`${field}.$`, `${from}.${field}`]));

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * A human step: the plan state (its deadline and the callback's timeout, clamped to the
 * execution's life budget), the callback task (the task handler stores a task for the step's
 * role and notifies it; the decision API answers), and the routing of its decisions.
 */
export function humanStep<const Id extends string, const D extends Record<string, DecisionSpec>>(
  id: Id,
  spec: HumanStepSpec<D>,
): HumanStep<Id, D> {
  const entry = `Plan${pascal(id)}`;
  const decisions = Object.entries(spec.decisions);
  if (decisions.length === 0) throw new Error(`step ${id}: no decision`);
  if (decisions.length > 1 && !spec.choice) throw new Error(`step ${id}: several decisions need a choice state`);
  const states: Fragment = {
    [entry]: {
      Type: 'Task',
      Resource: LAMBDA_INVOKE,
      Comment: `Computes the deadline of step '${id}' and the timeout, clamped to this execution's life budget.`,
      Parameters: {
        FunctionName: '${PlanStepFunctionArn}',
        Payload: { step: id, ...IDS, 'executionStartedAt.$': '$$.Execution.StartTime' },
      },
      ResultSelector: planSelector('$.Payload'),
      ResultPath: '$.plan',
      TimeoutSeconds: LAMBDA_TIMEOUT_SECONDS,
      Retry: LAMBDA_RETRY,
      Next: spec.state,
    },
    [spec.state]: {
      Type: 'Task',
      Resource: LAMBDA_INVOKE_CALLBACK,
      Comment:
        'Human step: the task handler stores the token with a task for its role and territory and notifies the assignee; the decision API answers with SendTaskSuccess.',
      Parameters: {
        FunctionName: '${CreateTaskFunctionArn}',
        Payload: {
          'taskToken.$': '$$.Task.Token',
          ...IDS,
          step: id,
          'dueAt.$': '$.plan.dueAt',
          'timeoutSeconds.$': '$.plan.timeoutSeconds',
          ...spec.taskInput,
        },
      },
      TimeoutSecondsPath: '$.plan.timeoutSeconds',
      ResultPath: '$.decision',
      Retry: LAMBDA_RETRY,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: STEP_TIMED_OUT }],
      Next: decisions.length > 1 ? spec.choice! : decisions[0]![1].next,
    },
  };
  // A choice routes several decisions; with one, the callback goes straight where it leads (one transition less).
  if (spec.choice && decisions.length > 1) {
    states[spec.choice] = {
      Type: 'Choice',
      Choices: decisions.map(([decision, { next }]) => when('$.decision.decision', decision, next)),
      Default: UNKNOWN_DECISION,
    };
  }
  return { id, ...spec, entry, states };
}

// ---------------------------------------------------------------------------------------------
// Other states

export interface ActionOptions {
  readonly next: string;
  /** Payload fields beyond the action and the ids (`DECISION`, `EVENT`, a constant…). */
  readonly with?: Record<string, unknown>;
  /** What the state keeps of the result, and where: by default nothing (`ResultPath: null`), its outcome selected. */
  readonly result?: { selector?: Record<string, string> | null; path?: string | null };
  readonly catch?: readonly { ErrorEquals: string[]; ResultPath: string; Next: string }[];
}

/** One call of the apply-action function: the action named in the payload (domain/workflow/apply-action.ts). */
export function action(name: string, actionName: string, options: ActionOptions): Fragment {
  const selector = options.result?.selector === undefined ? { 'outcome.$': '$.Payload.outcome' } : options.result.selector;
  return {
    [name]: {
      Type: 'Task',
      Resource: LAMBDA_INVOKE,
      Parameters: { FunctionName: '${ApplyActionFunctionArn}', Payload: { action: actionName, ...IDS, ...options.with } },
      ...(selector === null ? {} : { ResultSelector: selector }),
      ResultPath: options.result?.path ?? null,
      TimeoutSeconds: LAMBDA_TIMEOUT_SECONDS,
      Retry: LAMBDA_RETRY,
      ...(options.catch ? { Catch: options.catch } : {}),
      Next: options.next,
    },
  };
}

/** A Choice rule: `variable` equals the string `value`. */
export function when(variable: string, value: string, next: string) {
  return { Variable: variable, StringEquals: value, Next: next };
}

export function choice(name: string, spec: { comment?: string; choices: unknown[]; default: string }): Fragment {
  return { [name]: { Type: 'Choice', ...(spec.comment ? { Comment: spec.comment } : {}), Choices: spec.choices, Default: spec.default } };
}

export function succeed(name: string, comment: string): Fragment {
  return { [name]: { Type: 'Succeed', Comment: comment } };
}

/**
 * The chain: the dossier goes on in the first execution of the next machine (named after the
 * dossier: idempotent). This execution ends there (no Succeed state after it: one transition less).
 */
export function startPhase(name: string, machine: MachineName): Fragment {
  return {
    [name]: {
      Type: 'Task',
      Resource: START_EXECUTION,
      Comment: `Chain: the dossier goes on in its ${machine} execution (name carries the dossier id: StartExecution is idempotent by name); this one ends.`,
      Parameters: {
        StateMachineArn: `\${${pascal(machine)}StateMachineArn}`,
        'Name.$': executionNameFormat(machine, 1),
        Input: { 'dossierId.$': '$.dossierId', generation: 1, 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
      },
      ResultPath: null,
      Retry: START_EXECUTION_RETRY,
      End: true,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The machine

export interface MachineSpec {
  readonly comment: string;
  /** The first state of a fresh execution. */
  readonly start: string;
  /** The states of the flow in reading order: fragments and human steps (the entry point resumes at each step). */
  readonly states: readonly (Fragment | HumanStep)[];
  /** The state applying each timeout consequence of its steps other than `escalate`. */
  readonly onTimeout: Partial<Record<Consequence, string>>;
}

const isHumanStep = (f: Fragment | HumanStep): f is HumanStep => 'entry' in f && 'decisions' in f;

/** The human steps of a machine, in the order its flow lists them. */
export function stepsOf(spec: MachineSpec): HumanStep[] {
  return spec.states.filter(isHumanStep);
}

/**
 * A whole machine: the entry point, the flow, then the fragment every machine shares — a human
 * step's timeout (hand over, the step's consequence, or escalate and resume the same step), the
 * hand-over to the next generation of this machine, and the two failures.
 */
export function machine(name: MachineName, spec: MachineSpec): AslDefinition {
  const steps = stepsOf(spec);
  const consequences = [...new Set(steps.map((s) => s.onTimeout))].filter((c): c is Consequence => c !== 'escalate');
  for (const c of consequences) if (!spec.onTimeout[c]) throw new Error(`${name}: no state applies the timeout consequence ${c}`);
  for (const c of Object.keys(spec.onTimeout)) {
    if (!consequences.includes(c as Consequence)) throw new Error(`${name}: no step times out with ${c}`);
  }

  const fragments: Fragment[] = [
    choice('Route', {
      comment:
        'Entry point: a fresh start, or a hand-over from an earlier execution of this dossier resuming at a step. (`Not IsPresent true` rather than `IsPresent false`: same meaning on AWS, and aws-local-stepfunctions 3.0.0 never matches `IsPresent: false`.)',
      choices: [
        { Not: { Variable: '$.resumeAt', IsPresent: true }, Next: spec.start },
        ...steps.map((s) => when('$.resumeAt', s.id, s.resumeAt ?? s.entry)),
      ],
      default: UNKNOWN_RESUME_POINT,
    }),
    ...spec.states.map((f) => (isHumanStep(f) ? f.states : f)),
    choice(STEP_TIMED_OUT, {
      comment:
        "A human step reached its timeout: hand over to a fresh execution if the life budget was the limit, else apply the step's own consequence.",
      choices: [
        { Variable: '$.plan.handOver', BooleanEquals: true, Next: 'PrepareHandOver' },
        ...consequences.map((c) => when('$.plan.onTimeout', c, spec.onTimeout[c]!)),
      ],
      default: ESCALATE,
    }),
    action(ESCALATE, 'escalate-overdue-task', { with: { 'step.$': '$.plan.step' }, result: { selector: null }, next: 'ResumeStep' }),
    {
      ResumeStep: {
        Type: 'Pass',
        Comment: 'Back to the same step with nothing but ids in the state.',
        Parameters: { 'dossierId.$': '$.dossierId', 'generation.$': '$.generation', 'resumeAt.$': '$.plan.step' },
        Next: 'Route',
      },
      PrepareHandOver: {
        Type: 'Pass',
        Comment: 'This execution nears its life budget (Standard executions live at most one year): continue in a new one.',
        Parameters: { 'dossierId.$': '$.dossierId', 'generation.$': 'States.MathAdd($.generation, 1)', 'resumeAt.$': '$.plan.step' },
        Next: 'HandOver',
      },
      HandOver: {
        Type: 'Task',
        Resource: START_EXECUTION,
        Comment: 'The dossier goes on in the next execution of this machine, at the same step; this one ends.',
        Parameters: {
          'StateMachineArn.$': '$$.StateMachine.Id',
          'Name.$': executionNameFormat(name),
          Input: {
            'dossierId.$': '$.dossierId',
            'generation.$': '$.generation',
            'resumeAt.$': '$.resumeAt',
            'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
          },
        },
        ResultPath: null,
        Retry: START_EXECUTION_RETRY,
        End: true,
      },
    },
    {
      [UNKNOWN_RESUME_POINT]: { Type: 'Fail', Error: UNKNOWN_RESUME_POINT, Cause: 'resumeAt names no step of this machine' },
      [UNKNOWN_DECISION]: { Type: 'Fail', Error: UNKNOWN_DECISION, Cause: 'the task returned a decision this step does not allow' },
    },
  ];
  const written: Fragment = {};
  for (const fragment of fragments) {
    for (const [stateName, state] of Object.entries(fragment)) {
      if (stateName in written) throw new Error(`${name}: two states named ${stateName}`);
      written[stateName] = state;
    }
  }
  for (const [stateName, state] of Object.entries(written)) {
    for (const target of targetsOf(state)) if (!(target in written)) throw new Error(`${name}.${stateName}: no state named ${target}`);
  }
  return { Comment: spec.comment, StartAt: 'Route', States: reachableFrom('Route', planAtChoiceDefaults(foldLambdaChains(written))) };
}

// ---------------------------------------------------------------------------------------------
// Fewer state transitions (each one is billed): what the flow writes as a chain of Lambda tasks
// runs as one task calling apply-action once.

const isCallOf = (fn: string) => (state: AslState | undefined) =>
  state?.Resource === LAMBDA_INVOKE && (state.Parameters as { FunctionName?: string } | undefined)?.FunctionName === fn;
const isAction = isCallOf('${ApplyActionFunctionArn}');
const isPlan = isCallOf('${PlanStepFunctionArn}');
const payloadOf = (state: AslState) => (state.Parameters as { Payload: Record<string, unknown> }).Payload;
const IDS_KEYS = new Set(Object.keys(IDS));

/**
 * An action whose result is discarded runs, in the same call, the actions that follow it
 * (`andThen`: each with its own payload fields; the last one's result is the task's, its Retry and
 * TimeoutSeconds the same) and plans the human step it leads to (`plan`: what the plan state
 * would return, written to `$.plan`, the task going straight to the step's callback). A follower
 * with a Catch of its own is not folded; the leader's Catch names errors only its action throws
 * (EnvelopeExceededError). The states folded away stay where something else enters them.
 */
function foldLambdaChains(states: Fragment): Fragment {
  const out: Fragment = { ...states };
  for (const [stateName, state] of Object.entries(states)) {
    if (!isAction(state)) continue;
    const { ResultSelector, ResultPath, Next, TimeoutSeconds, Retry, Catch, ...head } = state;
    const payload = { ...payloadOf(state) };
    const andThen: Record<string, unknown>[] = [];
    let result = { ResultSelector, ResultPath };
    let next = Next!;
    while (isAction(states[next]) && !states[next]!.Catch && result.ResultPath === null && !(next === stateName || andThen.length > 8)) {
      const follower = states[next]!;
      andThen.push(Object.fromEntries(Object.entries(payloadOf(follower)).filter(([key]) => !IDS_KEYS.has(key))));
      result = { ResultSelector: follower.ResultSelector, ResultPath: follower.ResultPath };
      next = follower.Next!;
    }
    if (andThen.length) payload.andThen = andThen;
    const plan = states[next];
    if (isPlan(plan) && result.ResultPath === null) {
      payload.plan = payloadOf(plan!).step;
      payload['executionStartedAt.$'] = '$$.Execution.StartTime';
      result = { ResultSelector: planSelector('$.Payload.plan'), ResultPath: '$.plan' };
      next = plan!.Next!;
    }
    out[stateName] = {
      ...head,
      Parameters: { ...head.Parameters, Payload: payload },
      ...(result.ResultSelector ? { ResultSelector: result.ResultSelector } : {}),
      ResultPath: result.ResultPath,
      TimeoutSeconds,
      Retry,
      ...(Catch ? { Catch } : {}),
      Next: next,
    } as AslState;
  }
  return out;
}

/**
 * A Choice routing on one field of the result its entering actions write (`<ResultPath>.<field>`
 * equals one of its values), whose default is a human step's plan state: each entering action
 * plans that step in the same call when its result matches no rule (`plan` and `planUnless`),
 * and the default goes straight to the step's callback. Its result then holds the plan too: the
 * state becomes the ids, that result and the plan (`ResultPath: '$'`, the ids echoed by the
 * function) — what comes after such a Choice reads nothing else. Applied only when every state
 * entering the Choice is such an action.
 */
function planAtChoiceDefaults(states: Fragment): Fragment {
  const out: Fragment = { ...states };
  for (const [choiceName, choiceState] of Object.entries(states)) {
    const plan = states[choiceState.Default as string];
    if (choiceState.Type !== 'Choice' || !isPlan(plan)) continue;
    const entrants = Object.entries(states).filter(([, s]) => targetsOf(s).includes(choiceName));
    const path = entrants[0]?.[1].ResultPath;
    const rules = choiceState.Choices as { Variable?: string; StringEquals?: string }[];
    const field = rules[0]?.Variable?.slice(`${path}.`.length);
    const routable =
      typeof path === 'string' &&
      path.startsWith('$.') &&
      entrants.every(([, s]) => isAction(s) && s.Next === choiceName && s.ResultPath === path && !s.Catch && s.ResultSelector) &&
      rules.every((r) => r.Variable === `${path}.${field}` && typeof r.StringEquals === 'string');
    if (!routable) continue;
    const step = payloadOf(plan!).step;
    const unless = rules.map((r) => r.StringEquals);
    for (const [name, state] of entrants) {
      // No ResultPath: its default, `$` — written out, aws-local-stepfunctions 3.0.0 stores the result under a key `$`.
      const { ResultPath: _, ...rest } = state;
      out[name] = {
        ...rest,
        Parameters: {
          ...state.Parameters,
          Payload: { ...payloadOf(state), plan: step, planUnless: { [field!]: unless }, 'executionStartedAt.$': '$$.Execution.StartTime' },
        },
        ResultSelector: {
          'dossierId.$': '$.Payload.dossierId',
          'generation.$': '$.Payload.generation',
          [path.slice(2)]: state.ResultSelector,
          'plan.$': '$.Payload.plan',
        },
      };
    }
    out[choiceName] = { ...choiceState, Default: plan!.Next };
  }
  return out;
}

/** The states reachable from `start` (Next, Default, Choices, Catch), in their written order. */
function reachableFrom(start: string, states: Fragment): Fragment {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const stateName = stack.pop()!;
    if (seen.has(stateName)) continue;
    seen.add(stateName);
    stack.push(...targetsOf(states[stateName]!));
  }
  return Object.fromEntries(Object.entries(states).filter(([stateName]) => seen.has(stateName)));
}

/** Every state a state may go to: Next, Default, the Choices' and the Catchers' Next. */
function targetsOf(state: AslState): string[] {
  const rules = [...((state.Choices as { Next: string }[] | undefined) ?? []), ...((state.Catch as { Next: string }[] | undefined) ?? [])];
  return [state.Next, state.Default as string | undefined, ...rules.map((r) => r.Next)].filter((t): t is string => t !== undefined);
}

/** A definition as its file holds it. */
export function aslText(definition: AslDefinition): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}
