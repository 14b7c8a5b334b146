/**
 * Controls (call, « Suivi et contrôle »: « Le Département se réserve le droit d'effectuer tout
 * contrôle technique, administratif et financier, sur pièces et sur place »): the service records
 * one (on documents or on site, its date, its findings). Pieces found unfounded, it may have the
 * reimbursement of all or part of the sums paid prepared — the call's second ground — which is sent
 * only once it validates it (domain/workflow/reimbursement.ts).
 */
import { createHash } from 'node:crypto';
import { parisDateOf } from '#domain/time/paris.ts';
import type { Uses } from './deps.ts';
import { FieldRefusalError } from './refusal.ts';
import { changeDossier } from './dossier-change.ts';
import { prepareReimbursement, ReimbursementNotPendingError, sendReimbursementDemand } from './reimbursement.ts';
import type { Control, DossierRecord, Reimbursement } from './state.ts';

export interface ControlRequest {
  kind: Control['kind'];
  date: string;
  findings: string;
  unfounded: boolean;
  /** The part of the sums paid to reclaim (pieces unfounded only). */
  reclaimCents?: number;
  actor: string;
  /** The request's idempotency key: the same control recorded twice is one. */
  key: string;
}

/** Records a control, and prepares the reimbursement it calls for: one change, once per key. */
export async function recordControl(
  deps: Uses<'dossiers' | 'commits'>,
  dossier: DossierRecord,
  request: ControlRequest,
): Promise<{ control: Control; reimbursementId?: string }> {
  const today = parisDateOf(deps.clock.now());
  const id = `controle-${createHash('sha256').update(request.key).digest('hex').slice(0, 12)}`;
  const { result } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      const existing = change.workflow.controls.find((c) => c.id === id);
      const reimbursementId = request.reclaimCents === undefined ? undefined : `remboursement-${id}`;
      if (existing) return { control: existing, ...(reimbursementId ? { reimbursementId } : {}) };
      if (request.date > today) throw new FieldRefusalError('date', 'date d’un contrôle effectué attendue (pas à venir)');
      if (!change.workflow.convention?.signedOn)
        throw new FieldRefusalError('dossier', 'un contrôle porte sur un dossier dont la convention est signée');
      if (request.reclaimCents !== undefined && request.reclaimCents > change.amounts.paidCents)
        throw new FieldRefusalError(
          'montantARembourserCents',
          `montant au plus égal au total versé (${change.amounts.paidCents} centimes)`,
        );
      const control: Control = {
        id,
        kind: request.kind,
        date: request.date,
        findings: request.findings,
        unfounded: request.unfounded,
        recordedBy: request.actor,
      };
      change.workflow.controls.push(control);
      change.record('control-recorded', { id, kind: control.kind, date: control.date, unfounded: control.unfounded }, request.actor);
      if (reimbursementId && request.reclaimCents !== undefined)
        prepareReimbursement(
          change,
          { id: reimbursementId, ground: 'control', amountCents: request.reclaimCents, controlId: id },
          today,
          request.actor,
        );
      return { control, ...(reimbursementId ? { reimbursementId } : {}) };
    },
    { read: dossier },
  );
  return result;
}

/**
 * The service validates a control's prepared reimbursement: it is sent (the email, the dossier's
 * state). Until then it stays prepared, shown with the dossier. (The bilan's demand is decided on
 * its task: the bilan workflow waits for it.)
 */
export async function validateControlReimbursement(
  deps: Uses<'dossiers' | 'commits'>,
  dossier: DossierRecord,
  id: string,
  actor: string,
): Promise<Reimbursement> {
  const today = parisDateOf(deps.clock.now());
  const { result } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      const r = change.workflow.reimbursements.find((x) => x.id === id);
      if (r?.ground !== 'control') throw new ReimbursementNotPendingError(dossier.id, id);
      sendReimbursementDemand(deps, change, id, { actor, today });
      return { ...r };
    },
    { read: dossier },
  );
  return result;
}
