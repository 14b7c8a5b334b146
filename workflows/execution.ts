/**
 * Execution of the convention (call, « Suivi et contrôle »): the advance is paid, then the
 * operation monitor waits for what the API posts — comités de suivi scheduled and held, avenants
 * requested — and handles each in order, until the operation ends. Then the bilan phase.
 * Who acts on each step, and when it is due: data/workflow-steps.json.
 */
import * as z from 'zod/mini';
import { none, reason } from '#domain/workflow/decision-fields.ts';
import { action, choice, DECISION, EVENT, humanStep, startPhase, when, type MachineSpec } from './asl.ts';

/** Every event the API posts is handled here, one at a time, before the monitor waits again. */
const NEXT_EVENT = 'NextExecutionEvent';

const avenantReview = humanStep('avenant-review', {
  state: 'AvenantReview',
  choice: 'AvenantDecision',
  decisions: {
    accept: { details: none, next: 'ApplyAvenant' },
    refuse: { details: z.strictObject({ reason }), next: 'RefuseAvenant' },
  },
  onTimeout: 'escalate',
  // The avenant request is an execution event: taken again from the queue (it stays unprocessed until decided).
  resumeAt: NEXT_EVENT,
  taskInput: EVENT,
});

/** The system's own step: a callback woken by the API when an event is queued, timing out at the operation's end. */
const operationMonitor = humanStep('operation-monitor', {
  state: 'AwaitOperationEvent',
  decisions: { wake: { details: none, next: NEXT_EVENT } },
  onTimeout: 'operation-ended',
  resumeAt: NEXT_EVENT,
});

export const EXECUTION = {
  comment:
    'Execution of the convention: advance payment, then the operation monitor (comités de suivi, avenants) until the operation ends. Then the bilan phase starts.',
  start: 'StartOperation',
  states: [
    action('StartOperation', 'start-operation', { next: 'PayAdvance' }),
    action('PayAdvance', 'pay-installment', { with: { milestone: 'convention-signed' }, next: NEXT_EVENT }),
    action(NEXT_EVENT, 'next-execution-event', {
      result: { selector: { 'type.$': '$.Payload.type', 'eventId.$': '$.Payload.eventId' }, path: '$.event' },
      next: 'DispatchExecutionEvent',
    }),
    choice('DispatchExecutionEvent', {
      comment:
        'Events posted by the API (comité scheduled or held, avenant requested) are applied one at a time, oldest first; none left: wait.',
      choices: [
        when('$.event.type', 'comite-scheduled', 'ScheduleComite'),
        when('$.event.type', 'comite-held', 'RecordComiteMinutes'),
        when('$.event.type', 'avenant-requested', avenantReview.entry),
      ],
      default: operationMonitor.entry,
    }),
    action('ScheduleComite', 'schedule-comite', { with: EVENT, next: NEXT_EVENT }),
    action('RecordComiteMinutes', 'record-comite-minutes', { with: EVENT, next: NEXT_EVENT }),
    avenantReview,
    action('ApplyAvenant', 'apply-avenant', { with: { ...EVENT, ...DECISION }, next: NEXT_EVENT }),
    action('RefuseAvenant', 'refuse-avenant', { with: { ...EVENT, ...DECISION }, next: NEXT_EVENT }),
    operationMonitor,
    action('EndOperation', 'end-operation', { next: 'StartBilanPhase' }),
    startPhase('StartBilanPhase', 'bilan'),
  ],
  onTimeout: { 'operation-ended': 'EndOperation' },
} satisfies MachineSpec;
