/** How amounts and lists read in the French messages of the rules. */
import { lazy } from '#domain/lazy.ts';

// Built on first use (lazy.ts): only a refused submission's message names an amount.
const euros = lazy(() => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }));

/** « 12 345,67 € » from 1234567 cents. */
export function formatCentsFr(cents: number): string {
  return euros().format(cents / 100);
}

/** « a, b et c » (or « a, b ou c »). */
export function listFr(items: readonly string[], conjunction: 'et' | 'ou' = 'et'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
