/**
 * Annual documents (call, « Documents annuels »): owed within 6 months after each fiscal year's
 * end; missing, the département suspends its payments (« A défaut, le Département pourra
 * suspendre les contributions financières »), lifted when they arrive.
 */
import { isActive, isPaying } from '#domain/dossier/lifecycle.ts';
import { ANNUAL_DOCUMENT_KEYS, type AnnualDocument } from '#domain/notifications/call-text.ts';
import { deadlineId } from '#domain/ports/records.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { Uses } from './deps.ts';
import { dossierUrl, roleMailbox } from './mailboxes.ts';
import { FieldRefusalError } from './refusal.ts';
import { SANCTIONS, type SanctionPolicy } from './sanctions.ts';
import { decide } from './decide.ts';
import { changeDossier, type DossierChange } from './dossier-change.ts';
import { annualDocumentsRef } from './extensions.ts';
import { annualDocumentsFacts, fiscalYearEndOf, porteurAddress, porteurFacts } from './notify.ts';
import { workflowOf, type DossierRecord } from './state.ts';
import { PAYMENTS_RESUMED } from '#domain/notifications/obligations.ts';
import { PAYMENTS_SUSPENDED } from '#domain/notifications/obligations.ts';
import { SUSPENSION_PROPOSED } from '#domain/notifications/tasks.ts';
import { SUSPENSION_WAIVED } from '#domain/notifications/obligations.ts';
import { AnnualDocumentsNotOwedError } from './errors.ts';

/**
 * The annual documents of `fiscalYear` are late, and the deadline (the daily run's work item)
 * closed as missed — in one commit. Automatic (data/sanctions.json): payments are suspended
 * (once), the porteur told. Proposed: the service instructeur is told, and decides
 * (`suspendByService`, or waives it). Returns whether this call suspended.
 */
export async function suspendPayments(
  deps: Uses<'dossiers' | 'commits'>,
  dossierId: string,
  fiscalYear: number,
  policy: SanctionPolicy = SANCTIONS,
): Promise<boolean> {
  const today = parisDateOf(deps.clock.now());
  const { result } = await changeDossier(deps, dossierId, (change) => {
    const owed = change.workflow.annualDocuments[String(fiscalYear)];
    change.closeDeadline(deadlineId(dossierId, 'annual-documents', annualDocumentsRef(fiscalYear, owed)), 'missed');
    if (!owed || owed.receivedOn || owed.waived || !isPaying(change.read.status)) return false;
    if (change.workflow.suspension?.fiscalYears.includes(fiscalYear)) return false;
    if (policy['payments-suspension'] === 'automatic') return suspend(deps, change, fiscalYear, today);
    if (!owed.suspensionProposedOn) proposeSuspension(deps, change, fiscalYear, today);
    return false;
  });
  return result;
}

/** Payments suspended for the fiscal year's documents, the porteur told. */
function suspend(deps: Uses<never>, change: DossierChange, fiscalYear: number, today: string, actor = 'system', reason?: string): boolean {
  const workflow = change.workflow;
  const d = change.read;
  const owed = workflow.annualDocuments[String(fiscalYear)]!;
  const suspendedOn = workflow.suspension?.since ?? today;
  workflow.suspension = { since: suspendedOn, fiscalYears: [...(workflow.suspension?.fiscalYears ?? []), fiscalYear] };
  change.record('payments-suspended', { fiscalYear, dueDate: owed.dueDate, ...(reason ? { reason } : {}) }, actor);
  change.email(PAYMENTS_SUSPENDED, {
    key: `payments-suspended#${d.id}#${fiscalYear}`,
    to: porteurAddress(d),
    params: {
      ...annualDocumentsFacts(deps.catalog, d, fiscalYear, owed.dueDate),
      suspendedOn,
    },
  });
  return true;
}

/** The suspension is proposed: on the timeline, the service instructeur of the dossier's territory told. */
function proposeSuspension(deps: Uses<never>, change: DossierChange, fiscalYear: number, today: string): void {
  const d = change.read;
  const owed = change.workflow.annualDocuments[String(fiscalYear)]!;
  const dueDate = owed.dueDate;
  change.workflow.annualDocuments[String(fiscalYear)] = { ...owed, suspensionProposedOn: today };
  change.record('payments-suspension-proposed', { fiscalYear, dueDate });
  const mailbox = roleMailbox(deps.catalog, 'service-instructeur', d.territory);
  if (!mailbox) return;
  const facts = porteurFacts(deps.catalog, d);
  change.email(SUSPENSION_PROPOSED, {
    key: `suspension-proposed#${d.id}#${fiscalYear}`,
    to: [mailbox.email],
    params: {
      contact: { name: 'Direction de l’inclusion durable', email: facts.contact.email },
      recipientName: mailbox.name,
      dossierReference: d.reference,
      dispositif: facts.dispositif,
      porteurName: facts.porteurName,
      fiscalYearEnd: fiscalYearEndOf(d, fiscalYear),
      dueDate,
      dossierUrl: dossierUrl(d.id),
    },
  });
}

/**
 * The service suspends the payments for a fiscal year whose documents were due and are missing
 * (the suspension proposed to it, or of its own motion), with its reason; the porteur told.
 */
export async function suspendByService(
  deps: Uses<'dossiers' | 'commits'>,
  dossier: DossierRecord,
  request: { fiscalYear: number; reason: string; actor: string },
): Promise<{ suspended: boolean }> {
  const today = parisDateOf(deps.clock.now());
  const { result } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      const year = request.fiscalYear;
      const owed = change.workflow.annualDocuments[String(year)];
      if (change.workflow.suspension?.fiscalYears.includes(year)) return { suspended: true };
      if (!isPaying(change.read.status))
        throw new FieldRefusalError('dossier', 'les versements ne sont dus que pendant l’exécution de la convention');
      if (!owed || owed.receivedOn || owed.dueDate >= today)
        throw new FieldRefusalError('exercice', 'exercice dont les documents annuels, dus, n’ont pas été reçus attendu');
      return { suspended: suspend(deps, change, year, today, request.actor, request.reason) };
    },
    { read: dossier },
  );
  return result;
}

/**
 * The service records annual documents of `fiscalYear` received for this dossier (by default all
 * five): once all five are in, the obligation is met; if they were the last missing, the
 * suspension is lifted, the porteur told, and a balance held for it paid. Never for a fiscal year
 * not yet ended (« dans les 6 mois suivant la fin de l'exercice »).
 */
export async function recordAnnualDocuments(
  deps: Uses<'dossiers' | 'commits' | 'tasks' | 'engine'>,
  dossier: DossierRecord,
  fiscalYear: number,
  actor: string,
  documents: readonly AnnualDocument[] = ANNUAL_DOCUMENT_KEYS,
): Promise<{ complete: boolean; lifted: boolean; documents: AnnualDocument[] }> {
  const today = parisDateOf(deps.clock.now());
  const { result, dossier: after } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      const workflow = change.workflow;
      const d = change.read;
      const yearEnd = fiscalYearEndOf(d, fiscalYear);
      if (yearEnd >= today)
        throw new FieldRefusalError('exercice', `exercice clos le ${yearEnd} : ses documents ne peuvent être reçus qu’après sa clôture`);
      const owed = workflow.annualDocuments[String(fiscalYear)];
      if (!owed) throw new AnnualDocumentsNotOwedError(dossier.id, fiscalYear, Object.keys(workflow.annualDocuments).map(Number));
      const had = (owed.documents ?? (owed.receivedOn ? ANNUAL_DOCUMENT_KEYS : [])) as AnnualDocument[];
      const received = ANNUAL_DOCUMENT_KEYS.filter((k) => had.includes(k) || documents.includes(k));
      const complete = received.length === ANNUAL_DOCUMENT_KEYS.length;
      if (received.length === had.length) return { complete, lifted: false, documents: received };
      workflow.annualDocuments[String(fiscalYear)] = { ...owed, documents: received, ...(complete ? { receivedOn: today } : {}) };
      const added = received.filter((k) => !had.includes(k));
      change.record(
        'annual-documents-received',
        { fiscalYear, documents: added, complete, ...(complete ? { receivedOn: today } : {}) },
        actor,
      );
      if (!complete) return { complete, lifted: false, documents: received };
      change.meet('annual-documents', annualDocumentsRef(fiscalYear, owed));
      return { complete, lifted: liftSuspension(deps, change, fiscalYear, today), documents: received };
    },
    { read: dossier },
  );
  // A balance held while payments were suspended is paid now — also when an earlier call recorded
  // the documents and stopped before this (a retry, a restart): payments no longer suspended is enough.
  if (!workflowOf(after).suspension) await releaseHeldBalance(deps, after);
  return result;
}

/**
 * Call: « la structure devra annuellement … transmettre »: the documents are the structure's, owed
 * once per fiscal year for all its dossiers. Received by the service through one dossier, they are
 * recorded for every active dossier of the same structure (the porteur's dossiers with the same
 * SIRET) that owes that fiscal year — each lifting its own suspension.
 */
export async function recordStructureAnnualDocuments(
  deps: Uses<'dossiers' | 'commits' | 'tasks' | 'engine'>,
  dossier: DossierRecord,
  request: { fiscalYear: number; documents: readonly AnnualDocument[]; actor: string },
): Promise<{ dossierId: string; complete: boolean; lifted: boolean; documents: AnnualDocument[] }[]> {
  const own = await recordAnnualDocuments(deps, dossier, request.fiscalYear, request.actor, request.documents);
  const siblings = (await deps.dossiers.listOfPorteur(dossier.porteurId)).filter(
    (s) => s.id !== dossier.id && s.profile.siret === dossier.profile.siret && isActive(s.status),
  );
  const results = [{ dossierId: dossier.id, ...own }];
  for (const summary of siblings) {
    const sibling = await deps.dossiers.get(summary.id);
    if (!sibling || !workflowOf(sibling).annualDocuments[String(request.fiscalYear)]) continue;
    results.push({
      dossierId: sibling.id,
      ...(await recordAnnualDocuments(deps, sibling, request.fiscalYear, request.actor, request.documents)),
    });
  }
  return results;
}

/** A balance held while payments were suspended is paid now: the bilan phase's hold is decided `lifted`. */
async function releaseHeldBalance(deps: Uses<'tasks' | 'dossiers' | 'commits' | 'engine'>, dossier: DossierRecord): Promise<void> {
  const hold = workflowOf(dossier).steps['payment-hold'];
  if (!hold?.taskId || hold.decided) return;
  const found = await deps.tasks.getForDecision(hold.taskId);
  if (found?.dossier && found.task.status === 'open')
    await decide(deps, { taskId: found.task.id, decision: 'lifted', actor: 'system' }, { ...found, dossier: found.dossier });
}

/**
 * The instructing service lifts the suspension with a reason (documents received by mail, an
 * exceptional circumstance) — or, before it falls, waives it for a fiscal year. On the timeline,
 * the porteur told; a balance held for it is paid (the lifecycle: a suspension holds payments, not
 * the dossier). A request retried finds it done and changes nothing.
 */
export async function decideOnSuspension(
  deps: Uses<'dossiers' | 'commits' | 'tasks' | 'engine'>,
  dossier: DossierRecord,
  request: { reason: string; fiscalYear?: number; actor: string; key: string },
): Promise<{ outcome: 'lifted' | 'waived' }> {
  const today = parisDateOf(deps.clock.now());
  const { result, dossier: after } = await changeDossier(
    deps,
    dossier.id,
    (change): { outcome: 'lifted' | 'waived' } => {
      const workflow = change.workflow;
      // The same request again (a retry): answered as the first time, nothing more written.
      const done = Object.values(workflow.annualDocuments).find((o) => o.waived?.key === request.key);
      if (done) return { outcome: done.waived?.lifted ? 'lifted' : 'waived' };
      const d = change.read;
      const waiver = { on: today, reason: request.reason, by: request.actor, key: request.key };
      const suspension = workflow.suspension;
      if (suspension && (request.fiscalYear === undefined || suspension.fiscalYears.includes(request.fiscalYear))) {
        delete workflow.suspension;
        for (const year of suspension.fiscalYears) {
          const owed = workflow.annualDocuments[String(year)];
          if (owed) workflow.annualDocuments[String(year)] = { ...owed, waived: { ...waiver, lifted: true } };
        }
        change.record('payments-resumed', { fiscalYears: suspension.fiscalYears, reason: request.reason }, request.actor);
        change.email(PAYMENTS_RESUMED, {
          key: `payments-resumed#${d.id}#lifted#${today}`,
          to: porteurAddress(d),
          params: {
            ...porteurFacts(deps.catalog, d),
            fiscalYearEnd: fiscalYearEndOf(d, suspension.fiscalYears[0]!),
            resumedOn: today,
            reason: request.reason,
          },
        });
        return { outcome: 'lifted' };
      }
      const year = request.fiscalYear;
      if (year === undefined)
        throw new FieldRefusalError('exercice', 'aucune suspension en cours : indiquez l’exercice dont la suspension est écartée');
      const owed = workflow.annualDocuments[String(year)];
      const open = Object.entries(workflow.annualDocuments)
        .filter(([, o]) => !o.receivedOn && !o.waived)
        .map(([y]) => y);
      if (!owed || owed.receivedOn || owed.waived)
        throw new FieldRefusalError('exercice', `exercice dont les documents annuels sont attendus : ${open.join(', ') || 'aucun'}`);
      workflow.annualDocuments[String(year)] = { ...owed, waived: waiver };
      change.record('suspension-waived', { fiscalYear: year, reason: request.reason }, request.actor);
      change.email(SUSPENSION_WAIVED, {
        key: `suspension-waived#${d.id}#${year}`,
        to: porteurAddress(d),
        params: {
          ...annualDocumentsFacts(deps.catalog, d, year, owed.dueDate),
          waivedOn: today,
          reason: request.reason,
        },
      });
      return { outcome: 'waived' };
    },
    { read: dossier },
  );
  if (result.outcome === 'lifted') await releaseHeldBalance(deps, after);
  return result;
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
  change.email(PAYMENTS_RESUMED, {
    key: `payments-resumed#${d.id}#${fiscalYear}`,
    to: porteurAddress(d),
    params: {
      ...porteurFacts(deps.catalog, d),
      fiscalYearEnd: fiscalYearEndOf(d, fiscalYear),
      documentsReceivedOn: receivedOn,
      resumedOn: receivedOn,
    },
  });
  return true;
}
