/**
 * The dossier's lifecycle, in one place: its statuses (with their label, as the console shows
 * them), the transitions the workflows' actions make, and what everyone asks of a status — is the
 * dossier still active, are payments due, does it await the Commission Permanente, how far along
 * is it.
 *
 * Payments suspended for missing annual documents (call, « Documents annuels ») are not a status:
 * the suspension may fall during the execution or the bilan, and the dossier goes on through
 * them (comités, avenants, the bilan's review); only its payments wait. It is kept beside the
 * status (the workflow state's `suspension`), and the console shows it with the payments.
 */

/** The last stage: a dossier there is closed, one way or another, and nothing moves it again. */
const END = 9;

interface StatusSpec {
  /** How far along its life: a status never goes back to a lower stage (the loops — complements, adjournment, bilan complements — stay within one). */
  readonly stage: number;
  /** Payments are due, and may be suspended, while the convention runs. */
  readonly paying?: true;
  /** As the console shows it (French). */
  readonly label: string;
}

const STATUSES = {
  submitted: { stage: 0, label: 'Déposé' },
  'completeness-check': { stage: 1, label: 'Vérification de complétude' },
  'awaiting-complements': { stage: 1, label: 'En attente de compléments' },
  'chief-validation': { stage: 2, label: 'Validation par le chef de SLAI/SLISL' },
  'ready-for-cp': { stage: 3, label: 'Prêt pour la Commission Permanente' },
  'cp-adjourned': { stage: 3, label: 'Ajourné par la Commission Permanente' },
  'cp-favourable': { stage: 4, label: 'Avis favorable de la Commission Permanente' },
  'cp-unfavourable': { stage: END, label: 'Avis défavorable de la Commission Permanente' },
  rejected: { stage: END, label: 'Non validé' },
  incomplete: { stage: END, label: 'Clos pour incomplétude' },
  'convention-drafted': { stage: 5, label: 'Convention à signer' },
  'convention-signed': { stage: 6, paying: true, label: 'Convention signée' },
  'in-execution': { stage: 7, paying: true, label: 'En exécution' },
  'bilan-due': { stage: 8, paying: true, label: 'Bilan attendu' },
  'bilan-review': { stage: 8, paying: true, label: 'Bilan en examen' },
  closed: { stage: END, label: 'Soldé' },
  'reimbursement-demanded': { stage: END, label: 'Remboursement demandé' },
} as const satisfies Record<string, StatusSpec>;

export type DossierStatus = keyof typeof STATUSES;
/** Every status, in the order of a dossier's life (the console lists them so). */
export const DOSSIER_STATUSES = Object.keys(STATUSES) as DossierStatus[];

export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === 'string' && Object.hasOwn(STATUSES, value);
}

/** The statuses awaiting a decision of the Commission Permanente, first examined first. */
export const AWAITING_CP = ['ready-for-cp', 'cp-adjourned'] as const satisfies readonly DossierStatus[];

/**
 * What each action of the workflows (domain/workflow/actions) does to the status, by the action's
 * name: from which statuses, to which.
 */
export const TRANSITIONS = {
  'acknowledge-submission': { from: ['submitted'], to: 'completeness-check' },
  'mark-complete': { from: ['completeness-check'], to: 'chief-validation' },
  'request-complements': { from: ['completeness-check'], to: 'awaiting-complements' },
  'complements-received': { from: ['awaiting-complements'], to: 'completeness-check' },
  'close-incomplete': { from: ['awaiting-complements'], to: 'incomplete' },
  'reject-dossier': { from: ['chief-validation'], to: 'rejected' },
  'mark-ready-for-cp': { from: ['chief-validation'], to: 'ready-for-cp' },
  // Adjourned again at a later session: the same status, a new CP date.
  'record-cp-adjourned': { from: AWAITING_CP, to: 'cp-adjourned' },
  'record-cp-unfavourable': { from: AWAITING_CP, to: 'cp-unfavourable' },
  'record-cp-favourable': { from: AWAITING_CP, to: 'cp-favourable' },
  'draft-convention': { from: ['cp-favourable'], to: 'convention-drafted' },
  'record-convention-signed': { from: ['convention-drafted'], to: 'convention-signed' },
  'start-operation': { from: ['convention-signed'], to: 'in-execution' },
  'end-operation': { from: ['in-execution'], to: 'bilan-due' },
  // The bilan opens in the status the operation's end left.
  'open-bilan': { from: ['bilan-due'], to: 'bilan-due' },
  'bilan-received': { from: ['bilan-due'], to: 'bilan-review' },
  'request-bilan-complements': { from: ['bilan-review'], to: 'bilan-due' },
  // The bilan's complements not sent in time: the service reviews the bilan as filed.
  'bilan-complements-missed': { from: ['bilan-due'], to: 'bilan-review' },
  'close-dossier': { from: ['bilan-review'], to: 'closed' },
  // Call, « Suivi et contrôle »: the bilan not produced in time, every sum paid is reclaimed (once the service validates it).
  'demand-reimbursement': { from: ['bilan-due'], to: 'reimbursement-demanded' },
} as const satisfies Record<string, { from: readonly DossierStatus[]; to: DossierStatus }>;
export type TransitionName = keyof typeof TRANSITIONS;

/**
 * The status the action `name` moves the dossier to; undefined when the dossier is already there
 * or past it — the action ran before and is replayed (a segment re-run after a crash replays every
 * action since its resume point, so it may find the dossier several actions further). From any
 * other status the invariant is broken: it throws, and the action is not retried.
 */
export function transition(dossier: { id: string; status: DossierStatus }, name: TransitionName): DossierStatus | undefined {
  const { from, to } = TRANSITIONS[name];
  if ((from as readonly DossierStatus[]).includes(dossier.status)) return to;
  if (dossier.status === to || stageOf(dossier.status) > stageOf(to)) return undefined;
  throw new Error(`action ${name}: dossier ${dossier.id} is ${dossier.status}, expected one of ${from.join(', ')} or ${to}`);
}

export function stageOf(status: DossierStatus): number {
  return STATUSES[status].stage;
}

/** Still in its life: something may be owed, reminded, decided (not refused, incomplete, closed or reclaimed). */
export function isActive(status: DossierStatus): boolean {
  return stageOf(status) < END;
}

/** The convention runs: payments are due (and may be suspended). */
export function isPaying(status: DossierStatus): boolean {
  return 'paying' in STATUSES[status];
}

/** Awaits a decision of the Commission Permanente (listed for its next session). */
export function awaitsCp(status: DossierStatus): boolean {
  return (AWAITING_CP as readonly DossierStatus[]).includes(status);
}

export function statusLabel(status: DossierStatus): string {
  return STATUSES[status].label;
}
