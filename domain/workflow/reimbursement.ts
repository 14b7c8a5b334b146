/**
 * The reimbursement demand (call, « Suivi et contrôle »: « L'organisme pourra être amené à
 * rembourser la totalité des sommes versées si le bilan final d'exécution n'est pas produit dans
 * les délais impartis, ou s'il s'avère après contrôle que les pièces justificatives produites sont
 * non fondées »). Only those two grounds. A financial act: the system prepares it — what is missing
 * since when, the total paid, the amount — and sends it (the email, the dossier's state) only when
 * the instructing service validates it, unless data/sanctions.json makes it automatic. The service
 * may instead grant a delay: a new date, after which it is proposed again.
 */
import { transition } from '#domain/dossier/lifecycle.ts';
import type { Deadline } from '#domain/ports/records.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';
import { conventionOf } from './actions/instruction.ts';
import type { Uses } from './deps.ts';
import type { DossierChange } from './dossier-change.ts';
import { moveBilanDeadline } from './extensions.ts';
import { FieldRefusalError } from './refusal.ts';
import { porteurAddress, porteurFacts } from './notify.ts';
import type { Reimbursement } from './state.ts';
import { REIMBURSEMENT_DEMAND } from '#domain/notifications/obligations.ts';

/** The id of the reimbursement prepared for a missing bilan (one per dossier: its bilan is owed once). */
export const BILAN_MISSING = 'bilan-missing';

/**
 * Prepares a reimbursement demand (again, after a delay): kept in the dossier, on its timeline.
 * A demand already sent is left as it is.
 */
export function prepareReimbursement(
  change: DossierChange,
  proposal: Pick<Reimbursement, 'id' | 'ground' | 'amountCents'> & Partial<Pick<Reimbursement, 'missingSince' | 'controlId'>>,
  today: IsoDate,
  actor = 'system',
): Reimbursement {
  const list = change.workflow.reimbursements;
  const existing = list.find((r) => r.id === proposal.id);
  if (existing?.status === 'demanded' || existing?.status === 'proposed') return existing;
  const prepared: Reimbursement = {
    ...proposal,
    totalPaidCents: change.amounts.paidCents,
    proposedOn: today,
    status: 'proposed',
  };
  if (existing) list.splice(list.indexOf(existing), 1, prepared);
  else list.push(prepared);
  change.record(
    'reimbursement-prepared',
    {
      id: prepared.id,
      ground: prepared.ground,
      amountCents: prepared.amountCents,
      totalPaidCents: prepared.totalPaidCents,
      ...(prepared.missingSince ? { missingSince: prepared.missingSince } : {}),
      ...(prepared.controlId ? { controlId: prepared.controlId } : {}),
    },
    actor,
  );
  return prepared;
}

export class ReimbursementNotPendingError extends FieldRefusalError {
  override name = 'ReimbursementNotPendingError';
  constructor(dossierId: string, id: string) {
    super('remboursement', `aucune demande de remboursement ${id} à décider pour le dossier ${dossierId}`);
  }
}

/**
 * The service validated the demand: it is sent (the email) and kept as demanded. For a missing
 * bilan the dossier ends there (`reimbursement-demanded`) and every obligation still pending is
 * cancelled with it; a control's demand of a part leaves the dossier's life as it is.
 */
export function sendReimbursementDemand(
  deps: Uses<never>,
  change: DossierChange,
  id: string,
  options: { actor: string; today: IsoDate; pending?: readonly Deadline[] },
): void {
  const d = change.read;
  const r = change.workflow.reimbursements.find((x) => x.id === id);
  if (!r) throw new ReimbursementNotPendingError(d.id, id);
  if (r.status === 'demanded') return;
  r.status = 'demanded';
  r.demandedOn = options.today;
  delete r.delayedTo;
  if (r.ground === 'bilan-missing') {
    const status = transition(d, 'demand-reimbursement');
    if (status) change.setStatus(status);
    for (const deadline of options.pending ?? []) change.closeDeadline(deadline.id, 'cancelled');
  }
  const control = r.controlId ? change.workflow.controls.find((c) => c.id === r.controlId) : undefined;
  change.record(
    'reimbursement-demanded',
    {
      id: r.id,
      ground: r.ground,
      amountCents: r.amountCents,
      amountPaidCents: r.totalPaidCents,
      ...(r.missingSince ? { bilanDueDate: r.missingSince } : {}),
      ...(r.controlId ? { controlId: r.controlId } : {}),
    },
    options.actor,
  );
  if (r.amountCents === 0) return; // nothing was paid: nothing to reclaim
  change.email(REIMBURSEMENT_DEMAND, {
    key: `reimbursement-demand#${d.id}#${r.id}`,
    to: porteurAddress(d),
    params: {
      ...porteurFacts(deps.catalog, d),
      conventionReference: conventionOf(d),
      ground: r.ground,
      amountPaidCents: r.totalPaidCents,
      amountCents: r.amountCents,
      ...(r.missingSince ? { bilanDueDate: r.missingSince } : {}),
      ...(control ? { control: { date: control.date, kind: control.kind, findings: control.findings } } : {}),
    },
  });
}

/**
 * The service grants a delay: the demand waits until `to`, then is proposed again. For a missing
 * bilan, the porteur may file it until then (the bilan is due on that day, no grace), and is told.
 */
export function delayReimbursement(
  deps: Uses<never>,
  change: DossierChange,
  id: string,
  delay: { to: IsoDate; reason: string; actor: string; today: IsoDate; deadlines: readonly Deadline[] },
): void {
  const d = change.read;
  const r = change.workflow.reimbursements.find((x) => x.id === id);
  if (!r || r.status === 'demanded') throw new ReimbursementNotPendingError(d.id, id);
  if (r.status === 'delayed' && r.delayedTo === delay.to) return;
  r.status = 'delayed';
  r.delayedTo = delay.to;
  change.record('reimbursement-delayed', { id, to: delay.to, reason: delay.reason }, delay.actor);
  if (r.ground === 'bilan-missing')
    moveBilanDeadline(deps, change, { to: delay.to, reason: delay.reason, deadlines: delay.deadlines, today: delay.today });
}
