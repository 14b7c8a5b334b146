/**
 * The operation is evaluated on indicators (call, « Suivi et contrôle » / « Evaluation ») :
 * « À l'issue de l'opération, l'organisme porteur du projet devra transmettre un bilan à la fois
 * qualitatif et quantitatif […] L'évaluation s'effectuera notamment sur la base : des indicateurs
 * mentionnés dans les fiches en annexe ainsi que dans la convention conclue entre le Département et
 * l'organisme ; d'autres indicateurs éventuellement proposés par l'organisme dans le dossier de
 * demande » ; « évaluer l'efficacité de l'opération sur les parcours des bénéficiaires et
 * particulièrement, la nature des sorties » ; « Toutes les dépenses déclarées devront être
 * acquittées au plus tard à la date du dépôt du bilan ».
 *
 * - The convention fixes the indicators: the dispositif's (data/catalog, each with its target
 *   counted from the participants the porteur planned) and every one the porteur proposed in its
 *   dossier (with its own target).
 * - The bilan gives each indicator's achieved value (every one of the convention's, no other), the
 *   exits by nature (the closed list of data/catalog/call.json) and the expenses paid — each by the
 *   bilan's filing date (domain/deadlines/expenses-paid-by.ts).
 * - The service's evaluation sets target against achieved, per indicator.
 */
import * as z from 'zod/mini';
import type { Catalog } from '#domain/catalog/index.ts';
import { checkExpensePayment } from '#domain/deadlines/expenses-paid-by.ts';
import type { DossierProfile } from '#domain/ports/records.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';
import type { Violation } from './violation.ts';

export const conventionIndicatorSchema = z.object({
  /** The dispositif's indicator code, or `propose-<n>` for the porteur's n-th. */
  code: z.string(),
  label: z.string(),
  target: z.number().check(z.int(), z.nonnegative()),
  source: z.enum(['dispositif', 'porteur']),
});
export type ConventionIndicator = z.infer<typeof conventionIndicatorSchema>;

export const evaluationRowSchema = z.extend(conventionIndicatorSchema, {
  achieved: z.number().check(z.int(), z.nonnegative()),
  /** Achieved over target, in whole percent (absent for a target of 0). */
  percent: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type EvaluationRow = z.infer<typeof evaluationRowSchema>;

/** The indicators the convention fixes for a dossier of `dispositifCode`. */
export function conventionIndicators(
  catalog: Catalog,
  dispositifCode: string,
  profile: Pick<DossierProfile, 'participantsPlanned' | 'indicators'>,
): ConventionIndicator[] {
  const dispositif = catalog.dispositifByCode(dispositifCode);
  if (!dispositif) throw new Error(`unknown dispositif ${dispositifCode}`);
  const planned = profile.participantsPlanned ?? 0;
  return [
    ...dispositif.indicators.map((i) => ({
      code: i.code,
      label: i.label,
      target: Math.ceil((planned * i.target.percentOfParticipantsPlanned) / 100),
      source: 'dispositif' as const,
    })),
    ...(profile.indicators ?? []).map((i, n) => ({
      code: `propose-${n + 1}`,
      label: i.name,
      target: i.target,
      source: 'porteur' as const,
    })),
  ];
}

/** What a bilan reports (the API's body, in the domain's words). */
export interface BilanReport {
  achieved: { code: string; value: number }[];
  exits: { nature: string; count: number }[];
  expenses: { label: string; amountCents: number; paidOn: IsoDate }[];
}

/**
 * What is wrong with a bilan filed on `filedOn` against the convention's indicators: an indicator
 * missing, unknown or given twice, a nature of exit given twice, an expense paid after the filing
 * day. Paths are the API's fields (`indicateurs.0.code`, `depenses.2.payeeLe`).
 */
export function bilanReportViolations(indicators: readonly ConventionIndicator[], report: BilanReport, filedOn: IsoDate): Violation[] {
  const violations: Violation[] = [];
  const expected = new Set(indicators.map((i) => i.code));
  const seen = new Set<string>();
  report.achieved.forEach((a, n) => {
    if (!expected.has(a.code))
      violations.push({
        path: `indicateurs.${n}.code`,
        code: 'INDICATOR_NOT_IN_CONVENTION',
        message: `indicateur absent de la convention ; attendus : ${[...expected].join(', ')}`,
      });
    else if (seen.has(a.code))
      violations.push({ path: `indicateurs.${n}.code`, code: 'INDICATOR_TWICE', message: 'indicateur donné deux fois' });
    seen.add(a.code);
  });
  for (const i of indicators)
    if (!seen.has(i.code))
      violations.push({
        path: 'indicateurs',
        code: 'INDICATOR_MISSING',
        message: `la valeur réalisée de l’indicateur « ${i.label} » (${i.code}) est attendue`,
      });
  const natures = new Set<string>();
  report.exits.forEach((e, n) => {
    if (natures.has(e.nature))
      violations.push({ path: `sorties.${n}.nature`, code: 'EXIT_NATURE_TWICE', message: 'nature de sortie donnée deux fois' });
    natures.add(e.nature);
  });
  report.expenses.forEach((e, n) => {
    const check = checkExpensePayment(e.paidOn, filedOn);
    if (!check.ok) violations.push({ path: `depenses.${n}.payeeLe`, code: 'EXPENSE_PAID_AFTER_BILAN', message: check.message });
  });
  return violations;
}

/** The service's evaluation: each indicator of the convention, its target and what was achieved. */
export function evaluate(indicators: readonly ConventionIndicator[], achieved: Readonly<Record<string, number>>): EvaluationRow[] {
  return indicators.map((i) => {
    const value = achieved[i.code] ?? 0;
    return { ...i, achieved: value, ...(i.target > 0 ? { percent: Math.round((value * 100) / i.target) } : {}) };
  });
}
