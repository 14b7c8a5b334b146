/**
 * The catalog built from its checked files (`checkCatalogFiles`, catalog.ts): the dispositifs
 * with their parameters resolved from the defaults, and the lookups. Nothing is validated here and
 * no zod is loaded: a function's bundle carries the files as checked when it was bundled
 * (checked-files.ts), so its cold start only builds the lookups.
 */
import type {
  Axe,
  AxesFile,
  Call,
  Channel,
  ChannelInfo,
  Dispositif,
  DispositifEntry,
  DispositifsFile,
  EvidencePiece,
  EvidenceRule,
  PathType,
  Public,
  PublicsFile,
  TerritoriesFile,
  Territory,
} from './schemas.ts';

/** The raw contents of the catalog files, before validation. */
export interface CatalogFiles {
  call: unknown;
  axes: unknown;
  dispositifs: unknown;
  territories: unknown;
  publics: unknown;
}

/** The catalog files as their schemas give them, checked against each other (catalog.ts). */
export interface CheckedCatalogFiles {
  call: Call;
  axes: AxesFile;
  dispositifs: DispositifsFile;
  territories: TerritoriesFile;
  publics: PublicsFile;
}

/** Each catalog file, as the project's root names it (and its import specifier, `#` + this). */
export const CATALOG_FILE_NAMES: Record<keyof CatalogFiles, string> = {
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

/**
 * A dispositif with every parameter resolved: its own, else the file's `defaults`, else (dates) the
 * call's. Its fields in the order of `dispositifSchema` (catalog.ts checks the result against it).
 */
export function resolveDispositif(entry: DispositifEntry, defaults: DispositifsFile['defaults'], call: Call): Dispositif {
  const fromDefaults: string[] = [];
  function pick<V>(name: string, own: V | undefined, fallback: V): V {
    if (own !== undefined) return own;
    fromDefaults.push(name);
    return fallback;
  }
  const opensOn = pick('opensOn', entry.opensOn, call.opensOn);
  const closesOn = pick('closesOn', entry.closesOn, call.closesOnLatest);
  // One session covering the whole window unless the fiche defines several.
  const sessions = pick('sessions', entry.sessions, [{ opensOn, closesOn }]);
  const operationStartsFrom = pick('operationStartsFrom', entry.operationStartsFrom, call.operations.earliestStart);
  const operationEndsBy = pick('operationEndsBy', entry.operationEndsBy, call.operations.latestEnd);
  const perimeter = pick('perimeter', entry.perimeter, defaults.perimeter);
  const publics = pick('publics', entry.publics, defaults.publics);
  const envelopeCents = pick('envelopeCents', entry.envelopeCents, defaults.envelopeCents);
  const bilanDelayMonths = pick('bilanDelayMonths', entry.bilanDelayMonths, defaults.bilanDelayMonths);
  const paymentSchedule = pick('paymentSchedule', entry.paymentSchedule, defaults.paymentSchedule);
  const contact = pick('contact', entry.contact, defaults.contact);
  const comitesPerYear = pick('comitesPerYear', entry.comitesPerYear, defaults.comitesPerYear);
  const indicators = pick('indicators', entry.indicators, defaults.indicators);
  return {
    code: entry.code,
    title: entry.title,
    axe: entry.axe,
    channel: entry.channel,
    perimeter,
    publics,
    envelopeCents,
    bilanDelayMonths,
    paymentSchedule,
    contact,
    comitesPerYear,
    indicators,
    opensOn,
    closesOn,
    operationStartsFrom,
    operationEndsBy,
    sessions,
    ...(entry.perimeterNote !== undefined ? { perimeterNote: entry.perimeterNote } : {}),
    insertionWorksite: entry.insertionWorksite ?? false,
    fromDefaults,
  };
}

/** The catalog of checked files (`checkCatalogFiles`): its dispositifs resolved, its lookups, deeply frozen. */
export function catalogOf(files: CheckedCatalogFiles): Catalog {
  const { call } = files;
  const { axes } = files.axes;
  const { territories } = files.territories;
  const { publics, pathTypes, evidencePieces, evidenceRules } = files.publics;
  const dispositifs = files.dispositifs.dispositifs.map((entry) => resolveDispositif(entry, files.dispositifs.defaults, call));

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
      if (!info) throw new CatalogError(`${CATALOG_FILE_NAMES.call}: channels: no description of channel ${channel}`);
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
