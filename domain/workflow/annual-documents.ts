/**
 * Annual documents (call, « Documents annuels »): owed within 6 months after each fiscal year's
 * end; missing, the département suspends its payments (« A défaut, le Département pourra
 * suspendre les contributions financières »), lifted when they arrive.
 */
import { fiscalYearEndDate, type MonthDay } from '#domain/deadlines/index.ts';
import { isPaying } from '#domain/dossier/lifecycle.ts';
import { deadlineId } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { Uses } from './deps.ts';
import { decide } from './decide.ts';
import { changeDossier, type DossierChange } from './dossier-change.ts';
import { porteurAddress, porteurFacts } from './notify.ts';
import { workflowOf, type DossierRecord } from './state.ts';

function serviceOf(catalog: Uses<never>['catalog'], dispositifCode: string) {
  const dispositif = catalog.dispositifByCode(dispositifCode);
  if (!dispositif) throw new Error(`unknown dispositif ${dispositifCode}`);
  return { name: dispositif.contact.service, email: dispositif.contact.email };
}

/**
 * The annual documents of `fiscalYear` are late: payments are suspended (once), the porteur told,
 * and the deadline (the daily run's work item) closed as missed — in one commit. Returns whether
 * this call suspended.
 */
export async function suspendPayments(deps: Uses<'dossiers' | 'commits'>, dossierId: string, fiscalYear: number): Promise<boolean> {
  const since = parisDateOf(deps.clock.now());
  const { result } = await changeDossier(deps, dossierId, (change) => {
    const workflow = change.workflow;
    const d = change.read;
    change.closeDeadline(deadlineId(dossierId, 'annual-documents', String(fiscalYear)), 'missed');
    const owed = workflow.annualDocuments[String(fiscalYear)];
    if (!owed || owed.receivedOn || !isPaying(d.status)) return false;
    if (workflow.suspension?.fiscalYears.includes(fiscalYear)) return false;
    const suspendedOn = workflow.suspension?.since ?? since;
    workflow.suspension = { since: suspendedOn, fiscalYears: [...(workflow.suspension?.fiscalYears ?? []), fiscalYear] };
    change.record('payments-suspended', { fiscalYear, dueDate: owed.dueDate });
    change.email({
      key: `payments-suspended#${dossierId}#${fiscalYear}`,
      kind: 'payments-suspended',
      to: porteurAddress(d),
      params: {
        ...porteurFacts(deps.catalog, d),
        fiscalYearEnd: fiscalYearEndDate(d.profile.fiscalYearEnd as MonthDay, fiscalYear),
        dueDate: owed.dueDate,
        serviceGestionnaire: serviceOf(deps.catalog, d.dispositifCode),
        suspendedOn,
      },
    });
    return true;
  });
  return result;
}

/**
 * The porteur files the annual documents of `fiscalYear`: the obligation is met; if they were
 * the last missing, the suspension is lifted, the porteur told, and a balance held for it paid.
 */
export async function recordAnnualDocuments(
  deps: Uses<'dossiers' | 'commits' | 'tasks' | 'engine'>,
  dossier: DossierRecord,
  fiscalYear: number,
  actor: string,
): Promise<{ lifted: boolean }> {
  const receivedOn = parisDateOf(deps.clock.now());
  const { result: lifted, dossier: after } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      const workflow = change.workflow;
      const owed = workflow.annualDocuments[String(fiscalYear)];
      if (!owed) throw new AnnualDocumentsNotOwedError(dossier.id, fiscalYear, Object.keys(workflow.annualDocuments).map(Number));
      if (owed.receivedOn) return false;
      workflow.annualDocuments[String(fiscalYear)] = { ...owed, receivedOn };
      change.meet('annual-documents', String(fiscalYear));
      change.record('annual-documents-received', { fiscalYear, receivedOn }, actor);
      return liftSuspension(deps, change, fiscalYear, receivedOn);
    },
    { read: dossier },
  );
  // A balance held while payments were suspended is paid now — also when an earlier call recorded
  // the documents and stopped before this (a retry, a restart): payments no longer suspended is enough.
  if (!workflowOf(after).suspension) {
    const hold = workflowOf(after).steps['payment-hold'];
    if (hold?.taskId && !hold.decided) {
      const found = await deps.tasks.getForDecision(hold.taskId);
      if (found?.dossier && found.task.status === 'open')
        await decide(deps, { taskId: found.task.id, decision: 'lifted', actor: 'system' }, { ...found, dossier: found.dossier });
    }
  }
  return { lifted };
}

/** The fiscal year's documents were the last missing: the suspension is lifted and the porteur told. */
function liftSuspension(deps: Uses<never>, change: DossierChange, fiscalYear: number, receivedOn: string): boolean {
  const workflow = change.workflow;
  const suspension = workflow.suspension;
  if (!suspension?.fiscalYears.includes(fiscalYear)) return false;
  const still = suspension.fiscalYears.filter((y) => y !== fiscalYear);
  if (still.length > 0) {
    workflow.suspension = { ...suspension, fiscalYears: still };
    return false;
  }
  delete workflow.suspension;
  const d = change.read;
  change.record('payments-resumed', { fiscalYear });
  change.email({
    key: `payments-resumed#${d.id}#${fiscalYear}`,
    kind: 'payments-resumed',
    to: porteurAddress(d),
    params: {
      ...porteurFacts(deps.catalog, d),
      fiscalYearEnd: fiscalYearEndDate(d.profile.fiscalYearEnd as MonthDay, fiscalYear),
      documentsReceivedOn: receivedOn,
      resumedOn: receivedOn,
    },
  });
  return true;
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
