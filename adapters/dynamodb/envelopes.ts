/** The dispositifs' envelopes and the commitment of each dossier (its own item: an envelope's item stays small). */
import type { EnvelopeStore } from '#domain/ports/envelopes.ts';
import { toEnvelope } from './items.ts';
import { keys } from './keys.ts';
import type { DynamoTable } from './table.ts';

export class DynamoEnvelopeStore implements EnvelopeStore {
  readonly #t: DynamoTable;
  constructor(table: DynamoTable) {
    this.#t = table;
  }

  async get(dispositifCode: string) {
    const item = await this.#t.get(keys.envelope(dispositifCode));
    return item ? toEnvelope(item) : undefined;
  }

  async getMany(dispositifCodes: readonly string[]) {
    return (await this.#t.batchGet([...new Set(dispositifCodes)].map(keys.envelope))).map(toEnvelope);
  }

  async commitmentOf(dispositifCode: string, dossierId: string) {
    return (await this.#t.get(keys.commitment(dispositifCode, dossierId)))?.cents as number | undefined;
  }
}
