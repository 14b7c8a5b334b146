/**
 * Payments of the granted amount, by the dispositif's schedule (data/catalog: installments on
 * events, the last one the balance, « solde », when the bilan is accepted), and their
 * suspension while annual documents are missing (call, « Documents annuels » : « A défaut, le
 * Département pourra suspendre les contributions financières »).
 */
import type { PaymentSchedule } from '#domain/catalog/index.ts';

const LABELS: Record<string, string> = {
  'convention-signed': 'Avance à la signature de la convention',
  'bilan-accepted': 'Solde après acceptation du bilan',
};

export function installmentLabel(milestone: string, percent: number): string {
  return `${LABELS[milestone] ?? milestone} (${percent} %)`;
}

/**
 * The amount owed at `milestone`: its percent of the granted amount, in whole cents; the last
 * installment is what remains, so the installments always add up to the granted amount.
 */
export function installmentCents(
  schedule: PaymentSchedule,
  milestone: string,
  grantedCents: number,
  paidCents: number,
): { cents: number; percent: number } | undefined {
  const index = schedule.installments.findIndex((i) => i.on === milestone);
  const installment = schedule.installments[index];
  if (!installment) return undefined;
  const isLast = index === schedule.installments.length - 1;
  const cents = isLast ? Math.max(0, grantedCents - paidCents) : Math.floor((grantedCents * installment.percent) / 100);
  return { cents, percent: installment.percent };
}
