/**
 * The final bilan (qualitative and quantitative), owed after the operation ends.
 * Call: « À l'issue de l'opération, l'organisme porteur du projet devra transmettre un bilan […]
 * dans les délais précisés dans les fiches de présentation en annexe » and « rembourser la
 * totalité des sommes versées si le bilan final d'exécution n'est pas produit dans les délais
 * impartis ». The delay is the dispositif's (catalog: bilanDelayMonths). Kind `bilan` in
 * data/deadline-kinds.json.
 */
import type { IsoDate } from '#domain/time/iso-date.ts';
import { dueDate } from './due-date.ts';

/** The last day to file the bilan of an operation ending on `operationEnd`, for a dispositif's delay in months. */
export function bilanDueDate(operationEnd: IsoDate, delayMonths: number): IsoDate {
  return dueDate('bilan', operationEnd, delayMonths);
}
