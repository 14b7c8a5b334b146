/**
 * The check of the call's catalog (data/catalog/*.json): the call's bounds and channels, the 5
 * axes, the 50 dispositifs, the 9 territories and their MDS, the 4 priority publics and the
 * evidence owed per participant. Every file is checked against its schema, then against the
 * others: a bad file stops the program (or the bundling of a function: checked-files.ts) with a
 * message naming the file and the field, instead of surfacing as a wrong decision.
 *
 * Dispositif parameters the call leaves to its annexes come from the `defaults` block of
 * dispositifs.json (or, for dates, from call.json); data/catalog/README.md explains each default.
 */
import { PARSE_ONCE } from '#domain/parse-once.ts';
import type * as z from 'zod/mini';
import rawCall from '#data/catalog/call.json' with { type: 'json' };
import rawAxes from '#data/catalog/axes.json' with { type: 'json' };
import rawDispositifs from '#data/catalog/dispositifs.json' with { type: 'json' };
import rawTerritories from '#data/catalog/territories.json' with { type: 'json' };
import rawPublics from '#data/catalog/publics.json' with { type: 'json' };
import { compareDates } from '#domain/time/iso-date.ts';
import {
  CATALOG_FILE_NAMES as FILE_NAMES,
  CatalogError,
  catalogOf,
  resolveDispositif,
  type Catalog,
  type CatalogFiles,
  type CheckedCatalogFiles,
} from './catalog-of.ts';
import {
  axesFileSchema,
  callSchema,
  dispositifSchema,
  dispositifsFileSchema,
  publicsFileSchema,
  territoriesFileSchema,
} from './schemas.ts';

export { CatalogError, type Catalog, type CatalogFiles, type CheckedCatalogFiles } from './catalog-of.ts';

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(root)';
}

function parseFile<T>(file: keyof CatalogFiles, schema: z.ZodMiniType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw, PARSE_ONCE);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${FILE_NAMES[file]}: ${fieldPath(i.path)}: ${i.message}`);
    throw new CatalogError(`invalid catalog file ${FILE_NAMES[file]}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Collects cross-file problems, then throws them all at once. */
class Problems {
  readonly #lines: string[] = [];
  add(file: keyof CatalogFiles, field: string, message: string): void {
    this.#lines.push(`  ${FILE_NAMES[file]}: ${field}: ${message}`);
  }
  throwIfAny(): void {
    if (this.#lines.length) throw new CatalogError(`inconsistent catalog:\n${this.#lines.join('\n')}`);
  }
}

function duplicates(values: readonly (string | number)[]): (string | number)[] {
  const seen = new Set<string | number>();
  const dup = new Set<string | number>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/**
 * Checks the catalog files, each against its schema, then against each other: their contents as
 * the schemas give them. Throws a CatalogError naming the file and field of every problem.
 */
export function checkCatalogFiles(files: CatalogFiles): CheckedCatalogFiles {
  const call = parseFile('call', callSchema, files.call);
  const axesFile = parseFile('axes', axesFileSchema, files.axes);
  const { axes } = axesFile;
  const dispositifsFile = parseFile('dispositifs', dispositifsFileSchema, files.dispositifs);
  const territoriesFile = parseFile('territories', territoriesFileSchema, files.territories);
  const { territories } = territoriesFile;
  const publicsFile = parseFile('publics', publicsFileSchema, files.publics);
  const { publics, pathTypes, evidencePieces, evidenceRules } = publicsFile;

  const problems = new Problems();
  const cmp = compareDates;

  // call.json
  if (cmp(call.opensOn, call.closesOnLatest) > 0) problems.add('call', 'closesOnLatest', 'before opensOn');
  if (cmp(call.operations.earliestStart, call.operations.latestEnd) >= 0)
    problems.add('call', 'operations.latestEnd', 'not after operations.earliestStart');
  for (const d of duplicates(call.channels.map((c) => c.code))) problems.add('call', 'channels', `channel ${d} described twice`);
  for (const d of duplicates(call.evaluation.exitNatures.map((n) => n.code)))
    problems.add('call', 'evaluation.exitNatures', `exit nature ${d} listed twice`);

  // unique codes
  for (const d of duplicates(axes.map((a) => a.number))) problems.add('axes', 'axes', `axe ${d} defined twice`);
  for (const d of duplicates(territories.map((t) => t.code))) problems.add('territories', 'territories', `territory ${d} defined twice`);
  for (const d of duplicates(territories.map((t) => t.mds.email))) problems.add('territories', 'territories', `MDS email ${d} used twice`);
  for (const d of duplicates(publics.map((p) => p.code))) problems.add('publics', 'publics', `public ${d} defined twice`);
  for (const d of duplicates(evidencePieces.map((p) => p.code))) problems.add('publics', 'evidencePieces', `piece ${d} defined twice`);
  for (const d of duplicates(evidenceRules.map((r) => r.code))) problems.add('publics', 'evidenceRules', `rule ${d} defined twice`);
  for (const d of duplicates(dispositifsFile.dispositifs.map((x) => x.code)))
    problems.add('dispositifs', 'dispositifs', `dispositif ${d} defined twice`);

  const territoryCodes = new Set(territories.map((t) => t.code));
  const publicCodes = new Set(publics.map((p) => p.code));
  const pieceCodes = new Set(evidencePieces.map((p) => p.code));
  const pathCodes = new Set(pathTypes.map((p) => p.code));
  const axeNumbers = new Set(axes.map((a) => a.number));

  evidenceRules.forEach((rule, i) => {
    for (const p of rule.pieces)
      if (!pieceCodes.has(p)) problems.add('publics', `evidenceRules[${i}].pieces`, `unknown evidence piece ${p}`);
    for (const p of rule.when.publics ?? [])
      if (!publicCodes.has(p)) problems.add('publics', `evidenceRules[${i}].when.publics`, `unknown public ${p}`);
    for (const p of rule.when.paths ?? [])
      if (!pathCodes.has(p)) problems.add('publics', `evidenceRules[${i}].when.paths`, `unknown path type ${p}`);
  });

  const checkCodes = (field: string, codes: readonly string[], known: Set<string>, what: string) => {
    for (const c of codes) if (!known.has(c)) problems.add('dispositifs', field, `unknown ${what} ${c}`);
    for (const d of duplicates(codes)) problems.add('dispositifs', field, `${what} ${d} listed twice`);
  };
  checkCodes('defaults.perimeter', dispositifsFile.defaults.perimeter, territoryCodes, 'territory');
  checkCodes('defaults.publics', dispositifsFile.defaults.publics, publicCodes, 'public');
  const priorityCodes = new Set(publics.filter((p) => p.priority).map((p) => p.code));
  for (const c of dispositifsFile.defaults.publics)
    if (publicCodes.has(c) && !priorityCodes.has(c))
      problems.add('dispositifs', 'defaults.publics', `${c} is not a priority public of the call`);

  dispositifsFile.dispositifs.forEach((entry, i) => {
    const at = `dispositifs[${i}] (${entry.code})`;
    if (!axeNumbers.has(entry.axe)) problems.add('dispositifs', `${at}.axe`, `unknown axe ${entry.axe}`);
    if (entry.code.split('.')[0] !== String(entry.axe))
      problems.add('dispositifs', `${at}.code`, `code does not start with its axe ${entry.axe}`);
    const d = resolveDispositif(entry, dispositifsFile.defaults, call);
    dispositifSchema.parse(d, PARSE_ONCE);
    if (entry.perimeter) checkCodes(`${at}.perimeter`, entry.perimeter, territoryCodes, 'territory');
    if (entry.publics) checkCodes(`${at}.publics`, entry.publics, publicCodes, 'public');
    if (cmp(d.opensOn, call.opensOn) < 0) problems.add('dispositifs', `${at}.opensOn`, `before the call opens (${call.opensOn})`);
    if (cmp(d.closesOn, call.closesOnLatest) > 0)
      problems.add('dispositifs', `${at}.closesOn`, `after the call's latest closing day (${call.closesOnLatest})`);
    if (cmp(d.opensOn, d.closesOn) > 0) problems.add('dispositifs', `${at}.closesOn`, 'before opensOn');
    if (cmp(d.operationStartsFrom, call.operations.earliestStart) < 0)
      problems.add('dispositifs', `${at}.operationStartsFrom`, `before the call's earliest start (${call.operations.earliestStart})`);
    if (cmp(d.operationEndsBy, call.operations.latestEnd) > 0)
      problems.add('dispositifs', `${at}.operationEndsBy`, `after the call's latest end (${call.operations.latestEnd})`);
    if (cmp(d.operationStartsFrom, d.operationEndsBy) >= 0)
      problems.add('dispositifs', `${at}.operationEndsBy`, 'not after operationStartsFrom');
    d.sessions.forEach((s, j) => {
      const field = `${at}.sessions[${j}]`;
      if (cmp(s.opensOn, s.closesOn) > 0) problems.add('dispositifs', field, 'closesOn before opensOn');
      if (cmp(s.opensOn, d.opensOn) < 0 || cmp(s.closesOn, d.closesOn) > 0)
        problems.add('dispositifs', field, `outside the dispositif's window ${d.opensOn} … ${d.closesOn}`);
      const previous = d.sessions[j - 1];
      if (previous && cmp(s.opensOn, previous.closesOn) <= 0)
        problems.add('dispositifs', field, 'overlaps or precedes the previous session (sessions are in order, disjoint)');
    });
  });
  problems.throwIfAny();

  return {
    call,
    axes: axesFile,
    dispositifs: dispositifsFile,
    territories: territoriesFile,
    publics: publicsFile,
  };
}

/**
 * Checks the catalog files and builds the catalog. Throws a CatalogError naming the file and
 * field of every problem. Tests pass modified files to build other catalogs.
 */
export function createCatalog(files: CatalogFiles): Catalog {
  return catalogOf(checkCatalogFiles(files));
}

/** The raw catalog files shipped in data/catalog. */
export const CATALOG_FILES: CatalogFiles = {
  call: rawCall,
  axes: rawAxes,
  dispositifs: rawDispositifs,
  territories: rawTerritories,
  publics: rawPublics,
};
