/**
 * The call's catalog (data/catalog/*.json): the call's bounds and channels, the 5 axes, the 50
 * dispositifs, the 9 territories and their MDS, the 4 priority publics and the evidence owed per
 * participant. Every file is validated when this module loads: a bad file stops the program at
 * once with a message naming the file and the field, instead of surfacing as a wrong decision.
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
  axesFileSchema,
  callSchema,
  dispositifSchema,
  dispositifsFileSchema,
  publicsFileSchema,
  territoriesFileSchema,
  type Axe,
  type Call,
  type Channel,
  type ChannelInfo,
  type Dispositif,
  type DispositifEntry,
  type EvidencePiece,
  type EvidenceRule,
  type PathType,
  type Public,
  type Territory,
} from './schemas.ts';

/** The raw contents of the catalog files, before validation. */
export interface CatalogFiles {
  call: unknown;
  axes: unknown;
  dispositifs: unknown;
  territories: unknown;
  publics: unknown;
}

const FILE_NAMES: Record<keyof CatalogFiles, string> = {
  call: 'data/catalog/call.json',
  axes: 'data/catalog/axes.json',
  dispositifs: 'data/catalog/dispositifs.json',
  territories: 'data/catalog/territories.json',
  publics: 'data/catalog/publics.json',
};

/** A catalog file is invalid; the message names the file and every faulty field. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

export interface Catalog {
  readonly call: Call;
  readonly axes: readonly Axe[];
  readonly dispositifs: readonly Dispositif[];
  readonly territories: readonly Territory[];
  /** Every public: the 4 priority publics, then those the dispositifs' titles name. */
  readonly publics: readonly Public[];
  readonly pathTypes: readonly PathType[];
  readonly evidencePieces: readonly EvidencePiece[];
  readonly evidenceRules: readonly EvidenceRule[];
  axeByNumber(axe: number): Axe | undefined;
  dispositifByCode(code: string): Dispositif | undefined;
  dispositifsOfAxe(axe: number): readonly Dispositif[];
  territoryByCode(code: string): Territory | undefined;
  publicByCode(code: string): Public | undefined;
  evidencePieceByCode(code: string): EvidencePiece | undefined;
  channelInfo(channel: Channel): ChannelInfo;
  /** True when the territory is in the dispositif's perimeter (false for an unknown dispositif or territory). */
  isTerritoryInPerimeter(dispositif: Dispositif | string, territoryCode: string): boolean;
}

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

function resolveDispositif(entry: DispositifEntry, defaults: z.infer<typeof dispositifsFileSchema>['defaults'], call: Call): Dispositif {
  const fromDefaults: string[] = [];
  function pick<V>(name: string, own: V | undefined, fallback: V): V {
    if (own !== undefined) return own;
    fromDefaults.push(name);
    return fallback;
  }
  const opensOn = pick('opensOn', entry.opensOn, call.opensOn);
  const closesOn = pick('closesOn', entry.closesOn, call.closesOnLatest);
  const resolved: Dispositif = {
    code: entry.code,
    title: entry.title,
    axe: entry.axe,
    channel: entry.channel,
    opensOn,
    closesOn,
    // One session covering the whole window unless the fiche defines several.
    sessions: pick('sessions', entry.sessions, [{ opensOn, closesOn }]),
    operationStartsFrom: pick('operationStartsFrom', entry.operationStartsFrom, call.operations.earliestStart),
    operationEndsBy: pick('operationEndsBy', entry.operationEndsBy, call.operations.latestEnd),
    perimeter: pick('perimeter', entry.perimeter, defaults.perimeter),
    publics: pick('publics', entry.publics, defaults.publics),
    envelopeCents: pick('envelopeCents', entry.envelopeCents, defaults.envelopeCents),
    bilanDelayMonths: pick('bilanDelayMonths', entry.bilanDelayMonths, defaults.bilanDelayMonths),
    paymentSchedule: pick('paymentSchedule', entry.paymentSchedule, defaults.paymentSchedule),
    contact: pick('contact', entry.contact, defaults.contact),
    comitesPerYear: pick('comitesPerYear', entry.comitesPerYear, defaults.comitesPerYear),
    indicators: pick('indicators', entry.indicators, defaults.indicators),
    insertionWorksite: entry.insertionWorksite ?? false,
    fromDefaults,
  };
  if (entry.perimeterNote !== undefined) resolved.perimeterNote = entry.perimeterNote;
  return dispositifSchema.parse(resolved, PARSE_ONCE);
}

/**
 * Validates the catalog files and builds the catalog. Throws a CatalogError naming the file and
 * field of every problem. Tests pass modified files to build other catalogs.
 */
export function createCatalog(files: CatalogFiles): Catalog {
  const call = parseFile('call', callSchema, files.call);
  const { axes } = parseFile('axes', axesFileSchema, files.axes);
  const dispositifsFile = parseFile('dispositifs', dispositifsFileSchema, files.dispositifs);
  const { territories } = parseFile('territories', territoriesFileSchema, files.territories);
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

  const dispositifs = dispositifsFile.dispositifs.map((entry, i) => {
    const at = `dispositifs[${i}] (${entry.code})`;
    if (!axeNumbers.has(entry.axe)) problems.add('dispositifs', `${at}.axe`, `unknown axe ${entry.axe}`);
    if (entry.code.split('.')[0] !== String(entry.axe))
      problems.add('dispositifs', `${at}.code`, `code does not start with its axe ${entry.axe}`);
    const d = resolveDispositif(entry, dispositifsFile.defaults, call);
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
    return d;
  });
  problems.throwIfAny();

  const byCode = new Map(dispositifs.map((d) => [d.code, d]));
  const territoryByCode = new Map(territories.map((t) => [t.code, t]));
  const publicByCode = new Map(publics.map((p) => [p.code, p]));
  const pieceByCode = new Map(evidencePieces.map((p) => [p.code, p]));
  const axeByNumber = new Map(axes.map((a) => [a.number, a]));
  const channelByCode = new Map(call.channels.map((c) => [c.code, c]));

  const catalog: Catalog = {
    call,
    axes,
    dispositifs,
    territories,
    publics,
    pathTypes,
    evidencePieces,
    evidenceRules,
    axeByNumber: (n) => axeByNumber.get(n),
    dispositifByCode: (code) => byCode.get(code),
    dispositifsOfAxe: (n) => dispositifs.filter((d) => d.axe === n),
    territoryByCode: (code) => territoryByCode.get(code),
    publicByCode: (code) => publicByCode.get(code),
    evidencePieceByCode: (code) => pieceByCode.get(code),
    channelInfo(channel) {
      const info = channelByCode.get(channel);
      if (!info) throw new CatalogError(`${FILE_NAMES.call}: channels: no description of channel ${channel}`);
      return info;
    },
    isTerritoryInPerimeter(dispositif, territoryCode) {
      const d = typeof dispositif === 'string' ? byCode.get(dispositif) : dispositif;
      return d !== undefined && territoryByCode.has(territoryCode) && d.perimeter.includes(territoryCode);
    },
  };
  return deepFreeze(catalog);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The raw catalog files shipped in data/catalog. */
export const CATALOG_FILES: CatalogFiles = {
  call: rawCall,
  axes: rawAxes,
  dispositifs: rawDispositifs,
  territories: rawTerritories,
  publics: rawPublics,
};

/** The call's catalog, validated at load. */
export const catalog: Catalog = createCatalog(CATALOG_FILES);
