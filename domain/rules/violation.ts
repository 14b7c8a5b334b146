/** What a rule returns, and what it receives besides the dossier. */
import type { Catalog, Channel } from '#domain/catalog/index.ts';

/** One thing wrong with a dossier. */
export interface Violation {
  /** Where, as a dotted path into the dossier (`budget.resources`, `territories.1`); `` for the whole dossier. */
  path: string;
  /** Stable, machine-readable (`BUDGET_UNBALANCED`): clients and tests rely on it. */
  code: string;
  /** For the porteur, in French. */
  message: string;
}

export interface RuleContext {
  catalog: Catalog;
  /** The instant of submission (Paris calendar day taken with parisDateOf). */
  now: Date;
  /**
   * The channel the dossier arrives by: `e-partenaire` (the default: the porteur's own filing
   * through this system) or, when a service registers a dossier received elsewhere, `spslh-word`
   * or `demarches-simplifiees`.
   */
  channel?: Channel;
}
