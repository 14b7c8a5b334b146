/**
 * A favourable decision of the Commission Permanente takes its amount from the dispositif's
 * envelope (call: each dispositif's « enveloppe » in its fiche, the catalog's `envelopeCents`): it
 * is committed with the decision itself, in the same transaction — so the secretariat learns in
 * the answer whether it fitted, and two decisions can never together exceed the envelope.
 */
import type { Catalog } from '#domain/catalog/index.ts';
import type { EnvelopeCommitment, JsonObject, Task } from '#domain/ports/records.ts';
import { readDetails } from './decisions.ts';
import type { DossierRecord } from './state.ts';

export function envelopeCommitmentOf(
  catalog: Catalog,
  dossier: DossierRecord,
  task: Pick<Task, 'kind'>,
  decision: string,
  details: JsonObject,
): EnvelopeCommitment | undefined {
  if (task.kind !== 'cp-decision' || decision !== 'favourable') return undefined;
  const dispositif = catalog.dispositifByCode(dossier.dispositifCode);
  if (!dispositif) throw new Error(`dossier ${dossier.id}: unknown dispositif ${dossier.dispositifCode}`);
  const { amountCents } = readDetails('cp-decision', 'favourable', details);
  return { dispositifCode: dispositif.code, totalCents: dispositif.envelopeCents, dossierId: dossier.id, cents: amountCents };
}
