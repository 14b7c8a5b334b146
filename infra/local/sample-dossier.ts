/**
 * A valid dossier for any dispositif and territory (tests, the demo campaign): every rule of the call passes
 * with it, under the context `validSubmissionContext` gives. Each call returns a fresh object,
 * free to mutate.
 */
import { catalog as defaultCatalog, RESOURCE_SOURCE_LABELS, type Catalog, type Dispositif } from '#domain/catalog/index.ts';
import { conventionIndicators, type RuleContext } from '#domain/rules/index.ts';
import { UNDERTAKING_KEYS, withSiretCheckDigit, type Submission, type UndertakingKey } from '#domain/submission/index.ts';
import { compareDates, type IsoDate } from '#domain/time/iso-date.ts';
import { startOfParisDay } from '#domain/time/paris.ts';

export interface FixtureOptions {
  /** Default `1.1`. */
  dispositifCode?: string;
  /** Where the operation runs; default the first territory of the dispositif's perimeter. */
  territory?: string;
  catalog?: Catalog;
}

/** A real town of each territory, so the porteur's site looks like one. */
const TOWNS: Record<string, { postalCode: string; city: string }> = {
  arrageois: { postalCode: '62000', city: 'Arras' },
  audomarois: { postalCode: '62500', city: 'Saint-Omer' },
  boulonnais: { postalCode: '62200', city: 'Boulogne-sur-Mer' },
  calaisis: { postalCode: '62100', city: 'Calais' },
  montreuillois: { postalCode: '62170', city: 'Montreuil-sur-Mer' },
  ternois: { postalCode: '62130', city: 'Saint-Pol-sur-Ternoise' },
  artois: { postalCode: '62400', city: 'Béthune' },
  'lens-lievin': { postalCode: '62300', city: 'Lens' },
  'henin-carvin': { postalCode: '62110', city: 'Hénin-Beaumont' },
};

/** A SIRET passing the Luhn check. */
export const FIXTURE_SIRET = withSiretCheckDigit('7821234560001');

function fixtureDispositif(options: FixtureOptions): { catalog: Catalog; dispositif: Dispositif } {
  const catalog = options.catalog ?? defaultCatalog;
  const code = options.dispositifCode ?? '1.1';
  const dispositif = catalog.dispositifByCode(code);
  if (!dispositif) throw new Error(`fixture: unknown dispositif ${code}`);
  return { catalog, dispositif };
}

function later(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}
function earlier(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function validSubmissionFixture(options: FixtureOptions = {}): Submission {
  const { catalog, dispositif } = fixtureDispositif(options);
  const territory = options.territory ?? dispositif.perimeter[0];
  if (!territory || !catalog.isTerritoryInPerimeter(dispositif, territory)) {
    throw new Error(`fixture: territory ${territory} is not in the perimeter of dispositif ${dispositif.code}`);
  }
  const town = TOWNS[territory] ?? { postalCode: '62000', city: 'Arras' };
  const cofunder = catalog.axeByNumber(dispositif.axe)?.requiredCofundingAnyOf[0] ?? 'etat';
  const undertakings = Object.fromEntries(UNDERTAKING_KEYS.map((k) => [k, true])) as Record<UndertakingKey, boolean>;
  return {
    porteur: {
      name: 'Association Solidarité Exemple 62',
      siret: FIXTURE_SIRET,
      legalForm: 'association',
      contactEmail: 'contact@solidarite-exemple62.fr',
      sites: [{ kind: 'siege', address: '12 rue de la République', postalCode: town.postalCode, city: town.city }],
      fiscalYearEnd: '12-31',
    },
    dispositifCode: dispositif.code,
    project: {
      title: `Projet pour le dispositif ${dispositif.code}`,
      summary: 'Accompagnement individualisé et collectif des participants vers une insertion durable.',
    },
    territories: [territory],
    publics: [dispositif.publics[0] ?? 'beneficiaires-rsa'],
    operation: {
      startDate: later(dispositif.operationStartsFrom, '2026-04-01'),
      endDate: earlier(dispositif.operationEndsBy, '2027-03-31'),
      insertionWorksite: false,
    },
    participantsPlanned: 40,
    budget: {
      expenses: [
        { label: "Frais de personnel (2 ETP d'accompagnateurs)", amountCents: 6_000_000 },
        { label: 'Frais de fonctionnement', amountCents: 1_500_000 },
      ],
      resources: [
        { label: 'Participation du Département du Pas-de-Calais', amountCents: 4_500_000, source: 'departement' },
        { label: RESOURCE_SOURCE_LABELS[cofunder], amountCents: 2_500_000, source: cofunder },
        { label: 'Fonds propres', amountCents: 500_000, source: 'autofinancement' },
      ],
    },
    undertakings,
  };
}

/** 10:00 Paris time on the first day of the dispositif's first session: a day when filing is open. */
export function instantInWindow(dispositif: Dispositif): Date {
  const first = dispositif.sessions[0];
  if (!first) throw new Error(`fixture: dispositif ${dispositif.code} has no session`);
  return new Date(startOfParisDay(first.opensOn).getTime() + 10 * 3_600_000);
}

/** The context under which `validSubmissionFixture(options)` passes: filing open, by the dispositif's channel. */
export function validSubmissionContext(options: FixtureOptions = {}): RuleContext {
  const { catalog, dispositif } = fixtureDispositif(options);
  return { catalog, now: instantInWindow(dispositif), channel: dispositif.channel };
}

/**
 * A final bilan (the body of POST /dossiers/{id}/bilan): each indicator of the convention
 * achieved as given (default: its target), one exit in durable employment, the operation's
 * expenses paid on `paidOn` (at the latest the day the bilan is filed).
 */
export function sampleBilan(
  indicators: readonly { code: string; target: number }[] = [],
  paidOn: IsoDate = '2027-03-31',
  achieved: (indicator: { code: string; target: number }) => number = (i) => i.target,
) {
  return {
    resume: 'Bilan qualitatif et quantitatif de l’opération : accompagnement conforme à la convention.',
    indicateurs: indicators.map((i) => ({ code: i.code, realise: achieved(i) })),
    sorties: [{ nature: 'emploi-durable', nombre: 1 }],
    depenses: [
      { libelle: 'Salaires de l’accompagnateur', montantCents: 5_500_000, payeeLe: paidOn },
      { libelle: 'Frais de fonctionnement', montantCents: 1_500_000, payeeLe: paidOn },
    ],
  };
}

/** The bilan of a dossier filed as `validSubmissionFixture` files it (its convention's indicators: its dispositif's), for the benches. */
export function sampleBilanOf(dispositifCode: string, paidOn?: IsoDate) {
  const filed = validSubmissionFixture({ dispositifCode });
  return sampleBilan(conventionIndicators(fixtureDispositif({ dispositifCode }).catalog, dispositifCode, filed), paidOn);
}
