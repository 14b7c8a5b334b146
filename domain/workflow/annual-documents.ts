/**
 * Annual documents (call, « Documents annuels »): owed within 6 months after each fiscal year's
 * end; missing, the département suspends its payments (« A défaut, le Département pourra
 * suspendre les contributions financières »), lifted when they arrive.
 */
import { fiscalYearEndDate, type MonthDay } from '#domain/deadlines/index.ts';
import { isPaying } from '#domain/dossier/lifecycle.ts';
import { DeadlineNotPendingError } from '#domain/ports/errors.ts';
import { deadlineId } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { EngineDeps, WorkflowDeps } from './deps.ts';
import { decide } from './decide.ts';
import { porteurAddress, porteurFacts, queueEmail } from './notify.ts';
import { meetObligation } from './obligations.ts';
import { changeDossier, loadDossier, workflowOf, type DossierRecord } from './state.ts';

function serviceOf(deps: WorkflowDeps, dispositifCode: string) {
  const dispositif = deps.catalog.dispositifByCode(dispositifCode);
  if (!dispositif) throw new Error(`unknown dispositif ${dispositifCode}`);
  return { name: dispositif.contact.service, email: dispositif.contact.email };
}

/** The annual documents of `fiscalYear` are late: payments are suspended (once). Returns whether this call suspended. */
export async function suspendPayments(deps: WorkflowDeps, dossierId: string, fiscalYear: number): Promise<boolean> {
  const since = parisDateOf(deps.clock.now());
  let suspended = false;
  const dossier = await changeDossier(deps.repo, dossierId, (workflow, d) => {
    suspended = false;
    const owed = workflow.annualDocuments[String(fiscalYear)];
    if (!owed || owed.receivedOn || !isPaying(d.status)) return undefined;
    if (workflow.suspension?.fiscalYears.includes(fiscalYear)) return undefined;
    suspended = true;
    workflow.suspension = {
      since: workflow.suspension?.since ?? since,
      fiscalYears: [...(workflow.suspension?.fiscalYears ?? []), fiscalYear],
    };
    return { workflow };
  });
  if (workflowOf(dossier).suspension?.fiscalYears.includes(fiscalYear)) {
    const owed = workflowOf(dossier).annualDocuments[String(fiscalYear)]!;
    await notifySuspension(deps, dossier, fiscalYear, owed.dueDate, since);
  }
  // Last: the deadline is the daily run's work item; closed before the notice, a crash in
  // between would leave the notice never sent.
  try {
    await deps.repo.markDeadline(deadlineId(dossierId, 'annual-documents', String(fiscalYear)), 'missed');
  } catch (error) {
    if (!(error instanceof DeadlineNotPendingError)) throw error;
  }
  return suspended;
}

async function notifySuspension(
  deps: WorkflowDeps,
  dossier: DossierRecord,
  fiscalYear: number,
  dueDate: string,
  since: string,
): Promise<void> {
  const dossierId = dossier.id;
  await deps.repo.appendTimelineEvent(dossierId, {
    type: 'payments-suspended',
    actor: 'system',
    data: { fiscalYear, dueDate },
    idempotencyKey: `payments-suspended#${fiscalYear}`,
  });
  await queueEmail(deps.repo, {
    key: `payments-suspended#${dossierId}#${fiscalYear}`,
    kind: 'payments-suspended',
    to: porteurAddress(dossier),
    dossierId,
    params: {
      ...porteurFacts(deps.catalog, dossier),
      fiscalYearEnd: fiscalYearEndDate(dossier.submission.porteur.fiscalYearEnd as MonthDay, fiscalYear),
      dueDate,
      serviceGestionnaire: serviceOf(deps, dossier.dispositifCode),
      suspendedOn: workflowOf(dossier).suspension?.since ?? since,
    },
  });
}

/**
 * The porteur files the annual documents of `fiscalYear`: the obligation is met; if they were
 * the last missing, the suspension is lifted, the porteur told, and a balance held for it paid.
 */
export async function recordAnnualDocuments(
  deps: EngineDeps,
  dossierId: string,
  fiscalYear: number,
  actor: string,
): Promise<{ lifted: boolean }> {
  const receivedOn = parisDateOf(deps.clock.now());
  const before = await loadDossier(deps.repo, dossierId);
  if (!workflowOf(before).annualDocuments[String(fiscalYear)]) {
    throw new AnnualDocumentsNotOwedError(dossierId, fiscalYear, Object.keys(workflowOf(before).annualDocuments).map(Number));
  }
  let lifted = false;
  const dossier = await changeDossier(deps.repo, dossierId, (workflow) => {
    lifted = false;
    const owed = workflow.annualDocuments[String(fiscalYear)]!;
    const stillSuspended = workflow.suspension?.fiscalYears.filter((y) => y !== fiscalYear) ?? [];
    if (owed.receivedOn && stillSuspended.length === (workflow.suspension?.fiscalYears.length ?? 0)) return undefined;
    workflow.annualDocuments[String(fiscalYear)] = { ...owed, receivedOn: owed.receivedOn ?? receivedOn };
    if (workflow.suspension) {
      if (stillSuspended.length === 0) {
        delete workflow.suspension;
        lifted = true;
      } else workflow.suspension = { ...workflow.suspension, fiscalYears: stillSuspended };
    }
    return { workflow };
  });
  await meetObligation(deps.repo, dossierId, 'annual-documents', String(fiscalYear));
  await deps.repo.appendTimelineEvent(dossierId, {
    type: 'annual-documents-received',
    actor,
    data: { fiscalYear, receivedOn },
    idempotencyKey: `annual-documents-received#${fiscalYear}`,
  });
  const timeline = await deps.repo.listTimeline(dossierId);
  const wasSuspended = timeline.some((e) => e.type === 'payments-suspended' && e.data.fiscalYear === fiscalYear);
  const workflow = workflowOf(dossier);
  if (wasSuspended && !workflow.suspension) {
    await deps.repo.appendTimelineEvent(dossierId, {
      type: 'payments-resumed',
      actor: 'system',
      data: { fiscalYear },
      idempotencyKey: `payments-resumed#${fiscalYear}`,
    });
    await queueEmail(deps.repo, {
      key: `payments-resumed#${dossierId}#${fiscalYear}`,
      kind: 'payments-resumed',
      to: porteurAddress(dossier),
      dossierId,
      params: {
        ...porteurFacts(deps.catalog, dossier),
        fiscalYearEnd: fiscalYearEndDate(dossier.submission.porteur.fiscalYearEnd as MonthDay, fiscalYear),
        documentsReceivedOn: workflow.annualDocuments[String(fiscalYear)]?.receivedOn ?? receivedOn,
        resumedOn: receivedOn,
      },
    });
    // A balance held while payments were suspended is paid now.
    const hold = workflow.steps['payment-hold']?.taskId;
    const task = hold ? await deps.repo.getTask(hold) : undefined;
    if (task?.status === 'open') await decide(deps, { taskId: task.id, decision: 'lifted', actor: 'system' });
  }
  return { lifted: lifted || (wasSuspended && !workflow.suspension) };
}

export class AnnualDocumentsNotOwedError extends Error {
  override name = 'AnnualDocumentsNotOwedError';
  readonly fiscalYear: number;
  readonly owed: number[];
  constructor(dossierId: string, fiscalYear: number, owed: number[]) {
    super(`dossier ${dossierId} owes no annual documents for ${fiscalYear} (owed: ${owed.join(', ') || 'none'})`);
    this.fiscalYear = fiscalYear;
    this.owed = owed;
  }
}
