/**
 * The builders the machines are written with (workflows/asl.ts): what one human step yields, what
 * every machine gets around its flow, and the mistakes they refuse at generation time.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { action, executionName, humanStep, machine, MACHINES, succeed, type AslState, type MachineSpec } from '#workflows/asl.ts';
import { definitionOf } from '#workflows/definitions.ts';

const none = z.strictObject({});
const review = humanStep('dossier-review', {
  state: 'DossierReview',
  choice: 'ReviewDecision',
  decisions: { accept: { details: none, next: 'Accept' }, refuse: { details: none, next: 'Refuse' } },
  onTimeout: 'escalate',
});
const filing = humanStep('filing', {
  state: 'AwaitFiling',
  decisions: { filed: { details: none, next: review.entry } },
  onTimeout: 'demand-reimbursement',
});
const spec: MachineSpec = {
  comment: 'test',
  start: filing.entry,
  states: [
    filing,
    review,
    action('Accept', 'accept-it', { next: 'Done' }),
    action('Refuse', 'refuse-it', { next: 'Done' }),
    action('Reclaim', 'reclaim', { next: 'Done' }),
    succeed('Done', 'done'),
  ],
  onTimeout: { 'demand-reimbursement': 'Reclaim' },
};

describe('a human step', () => {
  it('is one call yielding its plan, its callback and the routing of its decisions', () => {
    expect(Object.keys(review.states)).toEqual(['PlanDossierReview', 'DossierReview', 'ReviewDecision']);
    expect(review.entry).toBe('PlanDossierReview');
    expect(review.states.PlanDossierReview).toMatchObject({ Parameters: { Payload: { step: 'dossier-review' } }, Next: 'DossierReview' });
    expect(review.states.DossierReview).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSecondsPath: '$.plan.timeoutSeconds',
      Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'StepTimedOut' }],
      Next: 'ReviewDecision',
    });
    expect(review.states.ReviewDecision).toMatchObject({
      Choices: [
        { Variable: '$.decision.decision', StringEquals: 'accept', Next: 'Accept' },
        { Variable: '$.decision.decision', StringEquals: 'refuse', Next: 'Refuse' },
      ],
      Default: 'UnknownDecision',
    });
  });

  it('with one decision, goes straight where it leads', () => {
    expect(Object.keys(filing.states)).toEqual(['PlanFiling', 'AwaitFiling']);
    expect(filing.states.AwaitFiling?.Next).toBe('PlanDossierReview');
  });

  it('with several decisions, needs its choice state', () => {
    expect(() =>
      humanStep('x', {
        state: 'X',
        decisions: { a: { details: none, next: 'A' }, b: { details: none, next: 'B' } },
        onTimeout: 'escalate',
      }),
    ).toThrow(/choice/);
  });
});

describe('a machine', () => {
  const def = machine('bilan', spec);

  it('resumes at each of its steps, and applies each step consequence of a timeout', () => {
    expect(def.States.Route?.Choices).toEqual([
      { Not: { Variable: '$.resumeAt', IsPresent: true }, Next: 'PlanFiling' },
      { Variable: '$.resumeAt', StringEquals: 'filing', Next: 'PlanFiling' },
      { Variable: '$.resumeAt', StringEquals: 'dossier-review', Next: 'PlanDossierReview' },
    ]);
    expect(def.States.StepTimedOut?.Choices).toEqual([
      { Variable: '$.plan.handOver', BooleanEquals: true, Next: 'PrepareHandOver' },
      { Variable: '$.plan.onTimeout', StringEquals: 'demand-reimbursement', Next: 'Reclaim' },
    ]);
    expect(def.States.StepTimedOut?.Default).toBe('EscalateOverdueTask');
  });

  it('refuses a consequence no state applies, a state named twice, a Next to nowhere', () => {
    expect(() => machine('bilan', { ...spec, onTimeout: {} })).toThrow(/demand-reimbursement/);
    expect(() => machine('bilan', { ...spec, onTimeout: { ...spec.onTimeout, 'close-incomplete': 'Done' } })).toThrow(/close-incomplete/);
    expect(() => machine('bilan', { ...spec, states: [...spec.states, succeed('Done', 'again')] })).toThrow(/two states named Done/);
    expect(() => machine('bilan', { ...spec, states: spec.states.slice(0, -1) })).toThrow(/no state named Done/);
  });
});

describe('a chain of Lambda tasks', () => {
  const chained: MachineSpec = {
    ...spec,
    states: [
      filing,
      review,
      action('Accept', 'accept-it', { with: { milestone: 'accepted' }, next: 'Pay' }),
      action('Pay', 'pay-it', { result: { path: '$.payment' }, next: 'Done' }),
      action('Refuse', 'refuse-it', { next: filing.entry }),
      action('Reclaim', 'reclaim', { next: 'Done' }),
      succeed('Done', 'done'),
    ],
  };
  const def = machine('bilan', chained);

  it('runs as one call: the actions in order, each with its own fields, the last one’s result kept', () => {
    expect(def.States.Accept).toMatchObject({
      Parameters: { Payload: { action: 'accept-it', milestone: 'accepted', andThen: [{ action: 'pay-it' }] } },
      ResultSelector: { 'outcome.$': '$.Payload.outcome' },
      ResultPath: '$.payment',
      Next: 'Done',
    });
    expect(def.States.Pay, 'entered from nowhere else').toBeUndefined();
  });

  it('plans the human step it leads to and goes straight to its callback; the plan state stays for the resumes', () => {
    expect(def.States.Refuse).toMatchObject({
      Parameters: { Payload: { action: 'refuse-it', plan: 'filing', 'executionStartedAt.$': '$$.Execution.StartTime' } },
      ResultSelector: { 'step.$': '$.Payload.plan.step', 'timeoutSeconds.$': '$.Payload.plan.timeoutSeconds' },
      ResultPath: '$.plan',
      Next: 'AwaitFiling',
    });
    expect(def.States.PlanFiling).toBeDefined();
  });

  it('plans the step a Choice defaults to in the actions entering it, when their result matches no rule; the state is then ids, result and plan', () => {
    const dispatch = definitionOf('execution').States;
    expect(dispatch.DispatchExecutionEvent?.Default).toBe('AwaitOperationEvent');
    expect(dispatch.PlanOperationMonitor, 'entered from nowhere else').toBeUndefined();
    expect(dispatch.NextExecutionEvent).toMatchObject({
      Parameters: {
        Payload: { plan: 'operation-monitor', planUnless: { type: ['comite-scheduled', 'comite-held', 'avenant-requested'] } },
      },
      ResultSelector: {
        'dossierId.$': '$.Payload.dossierId',
        'generation.$': '$.Payload.generation',
        event: { 'type.$': '$.Payload.type', 'eventId.$': '$.Payload.eventId' },
        'plan.$': '$.Payload.plan',
      },
    });
    expect(dispatch.NextExecutionEvent, 'the default ResultPath: the result is the state').not.toHaveProperty('ResultPath');
  });

  it('ends an execution at the chain to the next machine, with no Succeed state after it', () => {
    expect(definitionOf('instruction').States.StartExecutionPhase).toMatchObject({ End: true });
    expect(definitionOf('instruction').States.InstructionDone).toBeUndefined();
  });
});

describe('execution names', () => {
  /** What Step Functions' States.Format gives for the hand-over's name, dossier `D`, generation 3. */
  const formatted = (state: AslState) => {
    const [, template, args] = /^States\.Format\('(.*)', (.*)\)$/.exec(String(state.Parameters?.['Name.$']))!;
    const values: Record<string, string> = { '$.dossierId': 'D', '$.generation': '3' };
    const queue = args!.split(', ').map((a) => values[a]);
    return template!.replace(/\{\}/g, () => queue.shift()!);
  };

  it.each(MACHINES)('are built by the %s machine as executionName() builds them', (m) => {
    expect(formatted(definitionOf(m).States.HandOver!)).toBe(executionName('D', m, 3));
  });

  it('of the chain start the next machine at its first generation', () => {
    expect(formatted(definitionOf('instruction').States.StartExecutionPhase!)).toBe(executionName('D', 'execution'));
    expect(formatted(definitionOf('execution').States.StartBilanPhase!)).toBe(executionName('D', 'bilan'));
  });
});
