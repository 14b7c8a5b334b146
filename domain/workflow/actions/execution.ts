/**
 * The execution phase's actions (workflows/execution.ts): the operation starts with the
 * advance, then the comités de suivi, avenants and annual documents until the operation's end.
 * Execution events are queued by the API (domain/workflow/execution-events.ts) and handled here
 * in order, each once: a handler's change marks its event processed in the same commit as
 * everything else it does, so it is done whole or not at all.
 */
import { annualDocumentsDueDate, fiscalYearEndDate, participantListDueDate, type MonthDay } from '#domain/deadlines/index.ts';
import { transition } from '#domain/dossier/lifecycle.ts';
import type { Deadline } from '#domain/ports/records.ts';
import { addDays, compareDates, daysBetween, yearOf } from '#domain/time/iso-date.ts';
import { readDetails } from '../decisions.ts';
import type { DossierChange } from '../dossier-change.ts';
import { avenantViolations } from '../execution-events.ts';
import { annualDocumentsRef } from '../extensions.ts';
import { dossierMds, porteurAddress, porteurFacts } from '../notify.ts';
import { pendingRecordsOf } from '../obligations.ts';
import { workflowOf, type DossierRecord, type ExecutionEvent } from '../state.ts';
import { act, decidedTask, readForAction, today, type Action, type ActionDeps, type ActionInput } from './common.ts';
import { conventionOf } from './instruction.ts';
import { AVENANT_ACCEPTED } from '#domain/notifications/convention.ts';
import { AVENANT_REFUSED } from '#domain/notifications/convention.ts';
import { PARTICIPANT_LIST_NOTICE } from '#domain/notifications/participants.ts';

/** The fiscal years whose span overlaps the operation: annual documents are owed for each. */
export function fiscalYearsOverlapping(fiscalYearEnd: MonthDay, start: string, end: string): number[] {
  const years: number[] = [];
  for (let year = yearOf(start); year <= yearOf(end) + 1; year++) {
    const fyEnd = fiscalYearEndDate(fiscalYearEnd, year);
    const fyStart = addDays(fiscalYearEndDate(fiscalYearEnd, year - 1), 1);
    if (compareDates(fyEnd, start) >= 0 && compareDates(fyStart, end) <= 0) years.push(year);
  }
  return years;
}

/**
 * The fiscal years whose annual documents the dossier owes: those overlapping its operation (as an
 * avenant left it). A year owed anew is scheduled; a year no longer overlapping, still unreceived,
 * is dropped with its records cancelled.
 */
function owedFiscalYears(change: DossierChange, deadlines: readonly Deadline[]): void {
  const d = change.read;
  const operation = change.workflow.operation ?? d.profile.operation;
  const fye = d.profile.fiscalYearEnd as MonthDay;
  const years = fiscalYearsOverlapping(fye, operation.startDate, operation.endDate);
  const owed = change.workflow.annualDocuments;
  for (const [year, o] of Object.entries(owed)) {
    if (years.includes(Number(year)) || o.receivedOn) continue;
    for (const record of pendingRecordsOf(deadlines, 'annual-documents', annualDocumentsRef(Number(year), o)))
      change.closeDeadline(record.id, 'cancelled');
    delete owed[year];
  }
  for (const year of years) {
    if (owed[String(year)]) continue;
    owed[String(year)] = { dueDate: annualDocumentsDueDate(fye, year) };
    change.schedule({ kind: 'annual-documents', ref: String(year), dueDate: owed[String(year)]!.dueDate, data: { fiscalYear: year } });
  }
}

const startOperation: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const d = change.read;
      const status = transition(d, 'start-operation');
      if (!status) return { outcome: 'started' };
      owedFiscalYears(change, []);
      change.setStatus(status).record('operation-started');
      return { outcome: 'started' };
    },
    call,
  );

/** The event the state machine dispatched, of the type its branch handles (undefined once processed: the handler ran). */
function pendingEvent<T extends ExecutionEvent['type']>(
  change: DossierChange,
  input: ActionInput,
  type: T,
): Extract<ExecutionEvent, { type: T }> | undefined {
  const event = change.workflow.events.find((e) => e.id === input.eventId);
  if (!event) throw new Error(`execution event ${input.eventId} not found`);
  if (event.type !== type) throw new Error(`event ${event.id} is ${event.type}, not ${type}`);
  if (event.processed) return undefined;
  event.processed = true;
  return event as Extract<ExecutionEvent, { type: T }>;
}

const nextExecutionEvent: Action = async (deps, input, call) => {
  const { dossier } = await readForAction(deps, input, call?.known);
  const next = workflowOf(dossier).events.find((e) => !e.processed);
  return {
    result: next ? { outcome: 'event', type: next.type, eventId: next.id } : { outcome: 'none', type: 'none', eventId: '' },
    dossier,
  };
};

/** A comité's date is recorded: the porteur owes the MDS its participant entries and exits 8 days before (J-8). */
const scheduleComite: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const event = pendingEvent(change, input, 'comite-scheduled');
      if (!event) return { outcome: 'scheduled' };
      const d = change.read;
      const participantListDue = participantListDueDate(event.comiteDate);
      const scheduledOn = today(deps);
      if (!change.workflow.comites.some((c) => c.date === event.comiteDate))
        change.workflow.comites.push({ date: event.comiteDate, participantListDue });
      // The notice below tells the porteur today: reminders start tomorrow.
      change.schedule({ kind: 'participant-list', ref: event.comiteDate, dueDate: participantListDue, notBefore: addDays(scheduledOn, 1) });
      change.record('comite-scheduled', { comiteDate: event.comiteDate, participantListDue });
      change.email(PARTICIPANT_LIST_NOTICE, {
        key: `participant-list-notice#${d.id}#${event.comiteDate}`,
        to: porteurAddress(d),
        params: {
          ...porteurFacts(deps.catalog, d),
          comiteDate: event.comiteDate,
          dueDate: participantListDue,
          occasion: 'comite-scheduled',
          daysLeft: Math.max(0, daysBetween(scheduledOn, participantListDue)),
          mds: dossierMds(deps.catalog, d),
        },
      });
      return { outcome: 'scheduled' };
    },
    call,
  );

const recordComiteMinutes: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const event = pendingEvent(change, input, 'comite-held');
      if (!event) return { outcome: 'recorded' };
      const heldOn = event.comiteDate;
      const comite = change.workflow.comites.find((c) => c.date === event.comiteDate);
      if (comite) comite.heldOn = heldOn;
      else change.workflow.comites.push({ date: event.comiteDate, participantListDue: participantListDueDate(event.comiteDate), heldOn });
      change.record('comite-held', { comiteDate: event.comiteDate, minutes: event.minutes });
      return { outcome: 'recorded' };
    },
    call,
  );

function avenantFacts(deps: ActionDeps, dossier: DossierRecord, subject: string) {
  return {
    ...porteurFacts(deps.catalog, dossier),
    conventionReference: conventionOf(dossier),
    avenantSubject: subject,
    decidedOn: today(deps),
  };
}

/**
 * An avenant accepted; one that moves the operation's end recomputes the fiscal years whose annual
 * documents are owed: a year it adds is scheduled, a year it removes (still unreceived) cancelled.
 */
const applyAvenant: Action = async (deps, input, call) => {
  const deadlines = await deps.deadlines.listOfDossier(input.dossierId);
  return act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const event = pendingEvent(change, input, 'avenant-requested');
      if (!event) return { outcome: 'accepted' };
      const d = change.read;
      // Refused when queued; one queued before that check still cannot carry the operation past the call's end.
      const [outOfBounds] = event.newEndDate ? avenantViolations(deps.catalog, d, event.newEndDate) : [];
      if (outOfBounds) return refuse(deps, change, event, outOfBounds.message, 'system');
      if (event.newEndDate && change.workflow.operation) {
        change.workflow.operation = { ...change.workflow.operation, endDate: event.newEndDate };
        owedFiscalYears(change, deadlines);
      }
      change.record('avenant-accepted', { subject: event.subject, newEndDate: event.newEndDate }, task.decidedBy);
      change.email(AVENANT_ACCEPTED, {
        key: `avenant-accepted#${event.id}`,
        to: porteurAddress(d),
        params: { ...avenantFacts(deps, d, event.subject), ...(event.newEndDate ? { newOperationEnd: event.newEndDate } : {}) },
      });
      return { outcome: 'accepted' };
    },
    call,
  );
};

const refuseAvenant: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change, decided) => {
      const task = decidedTask(input, decided);
      const event = pendingEvent(change, input, 'avenant-requested');
      if (!event) return { outcome: 'refused' };
      return refuse(deps, change, event, readDetails('avenant-review', 'refuse', task.details).reason, task.decidedBy);
    },
    call,
  );

function refuse(
  deps: ActionDeps,
  change: DossierChange,
  event: Extract<ExecutionEvent, { type: 'avenant-requested' }>,
  reason: string,
  decidedBy: string | undefined,
) {
  const d = change.read;
  change.record('avenant-refused', { subject: event.subject, reason }, decidedBy);
  change.email(AVENANT_REFUSED, {
    key: `avenant-refused#${event.id}`,
    to: porteurAddress(d),
    params: { ...avenantFacts(deps, d, event.subject), reason, changesExecutionPeriod: event.newEndDate !== undefined },
  });
  return { outcome: 'refused' };
}

const endOperation: Action = (deps, input, call) =>
  act(
    deps,
    input,
    (change) => {
      const status = transition(change.read, 'end-operation');
      if (status) change.setStatus(status).record('operation-ended', { endDate: change.workflow.operation?.endDate });
      return { outcome: 'ended' };
    },
    call,
  );

export const EXECUTION_ACTIONS: Record<string, Action> = {
  'start-operation': startOperation,
  'next-execution-event': nextExecutionEvent,
  'schedule-comite': scheduleComite,
  'record-comite-minutes': recordComiteMinutes,
  'apply-avenant': applyAvenant,
  'refuse-avenant': refuseAvenant,
  'end-operation': endOperation,
};
