/**
 * The execution phase's actions (workflows/execution.ts): the operation starts with the
 * advance, then the comités de suivi, avenants and annual documents until the operation's end.
 * Execution events are queued by the API (domain/workflow/execution-events.ts) and handled here
 * in order, each once.
 */
import { annualDocumentsDueDate, fiscalYearEndDate, participantListDueDate, type MonthDay } from '#domain/deadlines/index.ts';
import { transition } from '#domain/dossier/lifecycle.ts';
import { addDays, compareDates, daysBetween, yearOf } from '#domain/time/iso-date.ts';
import type { WorkflowDeps } from '../deps.ts';
import { readDetails } from '../decisions.ts';
import { avenantViolations } from '../execution-events.ts';
import { dossierMds, porteurAddress, porteurFacts, queueEmail } from '../notify.ts';
import { scheduleObligation } from '../obligations.ts';
import { changeDossier, loadDossier, workflowOf, type DossierRecord, type ExecutionEvent } from '../state.ts';
import { decidedTask, record, today, type Action, type ActionInput } from './common.ts';
import { conventionOf } from './instruction.ts';

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

const startOperation: Action = async (deps, input) => {
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'start-operation');
    if (!status) return undefined;
    const operation = workflow.operation ?? d.submission.operation;
    const fye = d.submission.porteur.fiscalYearEnd as MonthDay;
    for (const year of fiscalYearsOverlapping(fye, operation.startDate, operation.endDate)) {
      workflow.annualDocuments[String(year)] ??= { dueDate: annualDocumentsDueDate(fye, year) };
    }
    return { workflow, status };
  });
  for (const [year, owed] of Object.entries(workflowOf(dossier).annualDocuments)) {
    await scheduleObligation(deps.repo, {
      dossierId: dossier.id,
      kind: 'annual-documents',
      ref: year,
      dueDate: owed.dueDate,
      data: { fiscalYear: Number(year) },
    });
  }
  await record(deps, dossier.id, 'operation-started', dossier.id);
  return { outcome: 'started' };
};

/** The event the state machine dispatched, of the type its branch handles. */
function eventOf<T extends ExecutionEvent['type']>(
  workflow: { events: ExecutionEvent[] },
  input: ActionInput,
  type: T,
): Extract<ExecutionEvent, { type: T }> {
  const event = workflow.events.find((e) => e.id === input.eventId);
  if (!event) throw new Error(`execution event ${input.eventId} not found`);
  if (event.type !== type) throw new Error(`event ${event.id} is ${event.type}, not ${type}`);
  return event as Extract<ExecutionEvent, { type: T }>;
}

/**
 * Marks an execution event handled, with the state change it brings: each handler's last write.
 * Until then NextExecutionEvent finds the event again, so a handler stopped half-way (a crash;
 * the local runtime re-runs a segment from its last callback, Lambda retries) is run again whole
 * — its timeline events and emails are idempotent — instead of being skipped with its email lost.
 */
async function markProcessed(
  deps: WorkflowDeps,
  dossierId: string,
  eventId: string,
  more?: (w: ReturnType<typeof workflowOf>) => void,
): Promise<void> {
  await changeDossier(deps.repo, dossierId, (workflow) => {
    const event = workflow.events.find((e) => e.id === eventId);
    if (!event || event.processed) return undefined;
    event.processed = true;
    more?.(workflow);
    return { workflow };
  });
}

const nextExecutionEvent: Action = async (deps, input) => {
  const workflow = workflowOf(await loadDossier(deps.repo, input.dossierId));
  const next = workflow.events.find((e) => !e.processed);
  return next ? { outcome: 'event', type: next.type, eventId: next.id } : { outcome: 'none', type: 'none', eventId: '' };
};

/** A comité's date is recorded: the porteur owes the MDS its participant entries and exits 8 days before (J-8). */
const scheduleComite: Action = async (deps, input) => {
  const dossier = await loadDossier(deps.repo, input.dossierId);
  const event = eventOf(workflowOf(dossier), input, 'comite-scheduled');
  const participantListDue = participantListDueDate(event.comiteDate);
  const scheduledOn = today(deps);
  await scheduleObligation(deps.repo, {
    dossierId: dossier.id,
    kind: 'participant-list',
    ref: event.comiteDate,
    dueDate: participantListDue,
    // The notice below tells the porteur today: reminders start tomorrow.
    notBefore: addDays(scheduledOn, 1),
  });
  await record(deps, dossier.id, 'comite-scheduled', event.id, { comiteDate: event.comiteDate, participantListDue });
  await queueEmail(deps.repo, {
    key: `participant-list-notice#${dossier.id}#${event.comiteDate}`,
    kind: 'participant-list-notice',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      comiteDate: event.comiteDate,
      dueDate: participantListDue,
      occasion: 'comite-scheduled',
      daysLeft: Math.max(0, daysBetween(scheduledOn, participantListDue)),
      mds: dossierMds(deps.catalog, dossier),
    },
  });
  await markProcessed(deps, dossier.id, event.id, (workflow) => {
    if (!workflow.comites.some((c) => c.date === event.comiteDate)) workflow.comites.push({ date: event.comiteDate, participantListDue });
  });
  return { outcome: 'scheduled' };
};

const recordComiteMinutes: Action = async (deps, input) => {
  const event = eventOf(workflowOf(await loadDossier(deps.repo, input.dossierId)), input, 'comite-held');
  const heldOn = event.comiteDate;
  await record(deps, input.dossierId, 'comite-held', event.id, { comiteDate: event.comiteDate, minutes: event.minutes });
  await markProcessed(deps, input.dossierId, event.id, (workflow) => {
    const comite = workflow.comites.find((c) => c.date === event.comiteDate);
    if (comite) comite.heldOn = heldOn;
    else workflow.comites.push({ date: event.comiteDate, participantListDue: participantListDueDate(event.comiteDate), heldOn });
  });
  return { outcome: 'recorded' };
};

function avenantFacts(deps: WorkflowDeps, dossier: DossierRecord, subject: string) {
  return {
    ...porteurFacts(deps.catalog, dossier),
    conventionReference: conventionOf(dossier),
    avenantSubject: subject,
    decidedOn: today(deps),
  };
}

const applyAvenant: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const dossier = await loadDossier(deps.repo, input.dossierId);
  const event = eventOf(workflowOf(dossier), input, 'avenant-requested');
  // Refused when queued; one queued before that check still cannot carry the operation past the call's end.
  const [outOfBounds] = event.newEndDate ? avenantViolations(deps.catalog, dossier, event.newEndDate) : [];
  if (outOfBounds) return refuse(deps, dossier, event, outOfBounds.message, 'system');
  await record(deps, dossier.id, 'avenant-accepted', event.id, { subject: event.subject, newEndDate: event.newEndDate }, task.decidedBy);
  await queueEmail(deps.repo, {
    key: `avenant-accepted#${event.id}`,
    kind: 'avenant-accepted',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...avenantFacts(deps, dossier, event.subject),
      ...(event.newEndDate ? { newOperationEnd: event.newEndDate } : {}),
    },
  });
  await markProcessed(deps, dossier.id, event.id, (workflow) => {
    if (event.newEndDate && workflow.operation) workflow.operation = { ...workflow.operation, endDate: event.newEndDate };
  });
  return { outcome: 'accepted' };
};

const refuseAvenant: Action = async (deps, input) => {
  const task = await decidedTask(deps, input);
  const { reason } = readDetails('avenant-review', 'refuse', task.details);
  const dossier = await loadDossier(deps.repo, input.dossierId);
  return refuse(deps, dossier, eventOf(workflowOf(dossier), input, 'avenant-requested'), reason, task.decidedBy);
};

async function refuse(
  deps: WorkflowDeps,
  dossier: DossierRecord,
  event: Extract<ExecutionEvent, { type: 'avenant-requested' }>,
  reason: string,
  decidedBy: string | undefined,
) {
  await record(deps, dossier.id, 'avenant-refused', event.id, { subject: event.subject, reason }, decidedBy);
  await queueEmail(deps.repo, {
    key: `avenant-refused#${event.id}`,
    kind: 'avenant-refused',
    to: porteurAddress(dossier),
    dossierId: dossier.id,
    params: {
      ...avenantFacts(deps, dossier, event.subject),
      reason,
      changesExecutionPeriod: event.newEndDate !== undefined,
    },
  });
  await markProcessed(deps, dossier.id, event.id);
  return { outcome: 'refused' };
}

const endOperation: Action = async (deps, input) => {
  const dossier = await changeDossier(deps.repo, input.dossierId, (workflow, d) => {
    const status = transition(d, 'end-operation');
    return status && { workflow, status };
  });
  await record(deps, dossier.id, 'operation-ended', dossier.id, { endDate: workflowOf(dossier).operation?.endDate });
  return { outcome: 'ended' };
};

export const EXECUTION_ACTIONS: Record<string, Action> = {
  'start-operation': startOperation,
  'next-execution-event': nextExecutionEvent,
  'schedule-comite': scheduleComite,
  'record-comite-minutes': recordComiteMinutes,
  'apply-avenant': applyAvenant,
  'refuse-avenant': refuseAvenant,
  'end-operation': endOperation,
};
