/** Reading the dispositifs' envelopes (commitments are made by the commit of a favourable decision). */
import type { Envelope } from './records.ts';

export interface EnvelopeStore {
  get(dispositifCode: string): Promise<Envelope | undefined>;
  /** The envelopes of these dispositifs that exist (one round trip per 100). */
  getMany(dispositifCodes: readonly string[]): Promise<Envelope[]>;
  /** The amount committed to a dossier, if any. */
  commitmentOf(dispositifCode: string, dossierId: string): Promise<number | undefined>;
}
