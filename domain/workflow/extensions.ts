/**
 * The instructing service's discretion over the porteur's deadlines (call: « le Département
 * pourra suspendre », « pourra être amené à rembourser »): scheduled enforcement stays, but before a
 * deadline falls the service may grant a documented extension — a reason, a new date — on the
 * timeline, the porteur told. Once fallen, it is refused: what remains is the service's say on the
 * sanction (waive or lift a suspension, delay a reimbursement demand).
 *
 * Extendable: the final bilan (its sanction, the reimbursement demand, is prepared only after the
 * new date) and the annual documents of a fiscal year (the suspension falls after the new date).
 */
import type { Deadline } from '#domain/ports/records.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { Uses } from './deps.ts';
import { FieldRefusalError } from './refusal.ts';
import { changeDossier, type DossierChange } from './dossier-change.ts';
import { porteurAddress, porteurFacts } from './notify.ts';
import { movedRef, pendingRecordsOf } from './obligations.ts';
import type { DossierRecord, WorkflowState } from './state.ts';
import { DEADLINE_EXTENDED } from '#domain/notifications/obligations.ts';

export const EXTENDABLE_OBLIGATIONS = ['bilan', 'annual-documents'] as const;
export type ExtendableObligation = (typeof EXTENDABLE_OBLIGATIONS)[number];

export interface ExtensionRequest {
  obligation: ExtendableObligation;
  /** The fiscal year, for annual documents. */
  fiscalYear?: number;
  newDueDate: IsoDate;
  reason: string;
  actor: string;
}

/** The bilan's ref in the deadline records, as the dossier's extensions moved it. */
export function bilanRef(bilan: WorkflowState['bilan']): string {
  return bilan?.extendedTo ? movedRef('final', bilan.extendedTo) : 'final';
}

/** A fiscal year's annual documents' ref in the deadline records. */
export function annualDocumentsRef(fiscalYear: number, owed: { dueDate: IsoDate; extendedFrom?: IsoDate } | undefined): string {
  return owed?.extendedFrom ? movedRef(String(fiscalYear), owed.dueDate) : String(fiscalYear);
}

/**
 * The bilan is due on `to` (no grace): its deadline records moved there, the porteur told. Used by
 * an extension and by a delay of the reimbursement demand.
 */
export function moveBilanDeadline(
  deps: Uses<never>,
  change: DossierChange,
  move: { to: IsoDate; reason: string; deadlines: readonly Deadline[]; today: IsoDate },
): void {
  const bilan = change.workflow.bilan;
  if (!bilan) throw new Error(`dossier ${change.read.id}: no bilan owed`);
  const previous = bilan.extendedTo ?? bilan.dueDate;
  if (previous === move.to) return;
  for (const record of pendingRecordsOf(move.deadlines, 'bilan', bilanRef(bilan))) change.closeDeadline(record.id, 'cancelled');
  bilan.extendedTo = move.to;
  change.schedule({ kind: 'bilan', ref: bilanRef(bilan), dueDate: move.to, notBefore: move.today });
  tellPorteur(deps, change, { obligation: 'bilan', previous, to: move.to, reason: move.reason });
}

function tellPorteur(
  deps: Uses<never>,
  change: DossierChange,
  x: { obligation: ExtendableObligation; about?: string; previous: IsoDate; to: IsoDate; reason: string },
): void {
  const d = change.read;
  change.email(DEADLINE_EXTENDED, {
    key: `deadline-extended#${d.id}#${x.obligation}#${x.about ?? ''}#${x.to}`,
    to: porteurAddress(d),
    params: {
      ...porteurFacts(deps.catalog, d),
      obligation: x.obligation,
      ...(x.about ? { about: x.about } : {}),
      previousDueDate: x.previous,
      newDueDate: x.to,
      reason: x.reason,
    },
  });
}

/** Grants an extension: refused (naming the field) once the deadline has fallen, or for a date not later. */
export async function extendDeadline(
  deps: Uses<'dossiers' | 'commits' | 'deadlines'>,
  dossier: DossierRecord,
  request: ExtensionRequest,
): Promise<{ previousDueDate: IsoDate; newDueDate: IsoDate }> {
  const deadlines = await deps.deadlines.listOfDossier(dossier.id);
  const today = parisDateOf(deps.clock.now());
  const { result } = await changeDossier(
    deps,
    dossier.id,
    (change) => {
      const workflow = change.workflow;
      let previous: IsoDate;
      if (request.obligation === 'bilan') {
        const bilan = workflow.bilan;
        if (!bilan || bilan.filedOn) throw new FieldRefusalError('obligation', 'aucun bilan n’est attendu pour ce dossier');
        previous = bilan.extendedTo ?? bilan.dueDate;
      } else {
        const year = request.fiscalYear;
        const owed = year === undefined ? undefined : workflow.annualDocuments[String(year)];
        if (year === undefined || !owed || owed.receivedOn) {
          const open = Object.entries(workflow.annualDocuments).filter(([, o]) => !o.receivedOn);
          throw new FieldRefusalError(
            'exercice',
            `exercice dont les documents annuels sont attendus : ${open.map(([y]) => y).join(', ') || 'aucun'}`,
          );
        }
        previous = owed.dueDate;
      }
      // Granted already (a retried request): nothing more.
      const granted =
        request.obligation === 'bilan' ? workflow.bilan?.extendedTo : workflow.annualDocuments[String(request.fiscalYear)]?.extendedFrom;
      if (granted && previous === request.newDueDate) return { previousDueDate: previous, newDueDate: previous };
      if (previous < today) throw new FieldRefusalError('obligation', `délai échu le ${previous} : il ne peut plus être prolongé`);
      if (request.newDueDate <= previous)
        throw new FieldRefusalError('nouvelleDate', `date postérieure à l’échéance actuelle (${previous}) attendue`);
      const recorded = {
        obligation: request.obligation,
        previousDueDate: previous,
        newDueDate: request.newDueDate,
        reason: request.reason,
      };
      if (request.obligation === 'bilan') {
        moveBilanDeadline(deps, change, { to: request.newDueDate, reason: request.reason, deadlines, today });
        change.record('deadline-extended', recorded, request.actor);
      } else {
        const year = request.fiscalYear as number;
        const owed = workflow.annualDocuments[String(year)]!;
        for (const record of pendingRecordsOf(deadlines, 'annual-documents', annualDocumentsRef(year, owed)))
          change.closeDeadline(record.id, 'cancelled');
        const moved = { ...owed, dueDate: request.newDueDate, extendedFrom: owed.extendedFrom ?? owed.dueDate };
        workflow.annualDocuments[String(year)] = moved;
        change.schedule({
          kind: 'annual-documents',
          ref: annualDocumentsRef(year, moved),
          dueDate: moved.dueDate,
          notBefore: today,
          data: { fiscalYear: year },
        });
        change.record('deadline-extended', { ...recorded, fiscalYear: year }, request.actor);
        tellPorteur(deps, change, {
          obligation: 'annual-documents',
          about: `exercice ${year}`,
          previous,
          to: request.newDueDate,
          reason: request.reason,
        });
      }
      return { previousDueDate: previous, newDueDate: request.newDueDate };
    },
    { read: dossier },
  );
  return result;
}
