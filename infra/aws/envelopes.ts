/**
 * The stage's envelope data (context `envelopesFile`): the amount of each dispositif's envelope,
 * known from the fiches dispositif, without editing `data/catalog/dispositifs.json`.
 *
 * The functions read the catalog from `#data/catalog/dispositifs.json`, bundled by esbuild. For
 * a stage with an envelopes file, the app writes a copy of that file with the stage's
 * `envelopeCents` set on the listed dispositifs, checks it with the catalog's check (a bad file
 * stops `cdk synth` with its message), and has esbuild bundle that copy in its place (an alias:
 * constructs/bundle.ts, whose bundling checks the files it bundles). Dispositifs the file does not list keep
 * their entry (or the catalog's documented default).
 *
 * File format:
 *   { "$comment": "fiches dispositif reçues le …", "envelopes": { "1.1": 12000000, "2.7": 45000000 } }
 * (euro cents, integers).
 *
 * Envelopes are initialised in the table from the catalog the first time a dossier of the
 * dispositif is committed (`initEnvelope`); an envelope already in the table keeps its total.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CATALOG_FILES, createCatalog } from '#domain/catalog/catalog.ts';

/** The import specifier the catalog loader uses for the dispositifs (domain/catalog/catalog.ts). */
export const DISPOSITIFS_SPECIFIER = '#data/catalog/dispositifs.json';

export class EnvelopesFileError extends Error {
  override name = 'EnvelopesFileError';
}

interface DispositifsFile {
  dispositifs: { code: string; envelopeCents?: number; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** Reads `{ envelopes: { code: cents } }` and checks the shape (the catalog loader checks the amounts). */
export function readEnvelopes(file: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EnvelopesFileError(`envelopesFile ${file}: ${(error as Error).message}`);
  }
  const envelopes = (parsed as { envelopes?: unknown } | null)?.envelopes;
  if (typeof envelopes !== 'object' || envelopes === null || Array.isArray(envelopes)) {
    throw new EnvelopesFileError(`envelopesFile ${file}: expected { "envelopes": { "<dispositif code>": <euro cents> } }`);
  }
  const out: Record<string, number> = {};
  for (const [code, cents] of Object.entries(envelopes)) {
    if (typeof cents !== 'number' || !Number.isSafeInteger(cents) || cents <= 0) {
      throw new EnvelopesFileError(
        `envelopesFile ${file}: envelopes["${code}"] must be a positive integer of euro cents, got ${JSON.stringify(cents)}`,
      );
    }
    out[code] = cents;
  }
  return out;
}

/** The dispositifs file with the given envelopes applied, checked by the catalog loader. */
export function dispositifsWithEnvelopes(envelopes: Record<string, number>, source = 'envelopesFile'): DispositifsFile {
  const base = structuredClone(CATALOG_FILES.dispositifs) as DispositifsFile;
  const known = new Set(base.dispositifs.map((d) => d.code));
  const unknown = Object.keys(envelopes).filter((code) => !known.has(code));
  if (unknown.length > 0) throw new EnvelopesFileError(`${source}: unknown dispositif code(s) ${unknown.join(', ')}`);
  for (const entry of base.dispositifs) {
    const cents = envelopes[entry.code];
    if (cents !== undefined) entry.envelopeCents = cents;
  }
  try {
    createCatalog({ ...CATALOG_FILES, dispositifs: base });
  } catch (error) {
    throw new EnvelopesFileError(`${source}: ${(error as Error).message}`);
  }
  return base;
}

/**
 * For a stage with an envelopes file: the esbuild alias that bundles the stage's dispositifs in
 * place of the repository's. Without one: no alias (the repository's file is bundled).
 */
export function envelopeAliases(envelopesFile: string | undefined, cwd = process.cwd()): Record<string, string> {
  if (envelopesFile === undefined) return {};
  const file = isAbsolute(envelopesFile) ? envelopesFile : resolve(cwd, envelopesFile);
  const merged = `${JSON.stringify(dispositifsWithEnvelopes(readEnvelopes(file), `envelopesFile ${file}`), null, 2)}\n`;
  const digest = createHash('sha256').update(merged).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'inclusion-aap-cdk');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `dispositifs-${digest}.json`);
  writeFileSync(out, merged);
  return { [DISPOSITIFS_SPECIFIER]: out };
}
