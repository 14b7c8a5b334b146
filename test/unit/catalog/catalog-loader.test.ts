/** The loader validates the catalog files at load and names the file and field of every problem. */
import { describe, expect, it } from 'vitest';
import { CATALOG_FILES, CatalogError, catalog, createCatalog, type CatalogFiles } from '#domain/catalog/index.ts';

/** Raw JSON, edited freely by the tests. */
type Json = Record<string, any>;

function files(edit: (f: { call: Json; axes: Json; dispositifs: Json; territories: Json; publics: Json }) => void): CatalogFiles {
  const copy = structuredClone(CATALOG_FILES) as { call: Json; axes: Json; dispositifs: Json; territories: Json; publics: Json };
  edit(copy);
  return copy;
}

function loadError(f: CatalogFiles): string {
  try {
    createCatalog(f);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as Error).message;
  }
  throw new Error('expected the catalog to be refused');
}

const index = (code: string) => (CATALOG_FILES.dispositifs as Json).dispositifs.findIndex((d: Json) => d.code === code);

describe('createCatalog', () => {
  it('accepts the shipped files', () => {
    expect(createCatalog(CATALOG_FILES).dispositifs).toHaveLength(50);
  });

  it('refuses a closing day after the call’s 15 September 2026, naming file, dispositif and field', () => {
    const i = index('1.3');
    const message = loadError(files((f) => (f.dispositifs.dispositifs[i].closesOn = '2026-09-16')));
    expect(message).toContain(
      `data/catalog/dispositifs.json: dispositifs[${i}] (1.3).closesOn: after the call's latest closing day (2026-09-15)`,
    );
  });

  it('refuses an opening day before 12 January 2026', () => {
    const message = loadError(files((f) => (f.dispositifs.dispositifs[0].opensOn = '2026-01-11')));
    expect(message).toContain('dispositifs[0] (1.1).opensOn: before the call opens (2026-01-12)');
  });

  it('refuses a date that is not a real calendar day', () => {
    const message = loadError(files((f) => (f.dispositifs.dispositifs[4].closesOn = '2026-02-30')));
    expect(message).toContain('data/catalog/dispositifs.json: dispositifs[4].closesOn: doit être une date réelle au format AAAA-MM-JJ');
  });

  it('refuses a missing title and an unknown field', () => {
    const message = loadError(
      files((f) => {
        delete f.dispositifs.dispositifs[2].title;
        f.dispositifs.dispositifs[3].closingDate = '2026-06-30';
      }),
    );
    expect(message).toContain('data/catalog/dispositifs.json: dispositifs[2].title:');
    expect(message).toMatch(/dispositifs\[3\]: .*closingDate/);
  });

  it('refuses a perimeter naming an unknown territory, and a duplicated code', () => {
    const message = loadError(
      files((f) => {
        f.dispositifs.dispositifs[0].perimeter = ['arrageois', 'lille'];
        f.dispositifs.dispositifs[1].code = '1.1';
      }),
    );
    expect(message).toContain('dispositifs[0] (1.1).perimeter: unknown territory lille');
    expect(message).toContain('dispositifs: dispositif 1.1 defined twice');
  });

  it('refuses a dispositif whose code does not start with its axe', () => {
    const message = loadError(files((f) => (f.dispositifs.dispositifs[0].axe = 2)));
    expect(message).toContain('dispositifs[0] (1.1).code: code does not start with its axe 2');
  });

  it('refuses sessions that overlap or leave the window', () => {
    const i = index('4.1');
    const message = loadError(
      files((f) => {
        f.dispositifs.dispositifs[i].sessions = [
          { opensOn: '2026-01-12', closesOn: '2026-04-30' },
          { opensOn: '2026-04-30', closesOn: '2026-06-30' },
          { opensOn: '2026-09-01', closesOn: '2026-09-30' },
        ];
      }),
    );
    expect(message).toContain(`dispositifs[${i}] (4.1).sessions[1]: overlaps or precedes the previous session`);
    expect(message).toContain(`dispositifs[${i}] (4.1).sessions[2]: outside the dispositif's window 2026-01-12 … 2026-09-15`);
  });

  it('refuses a payment schedule that does not add up to 100 % or ends before the bilan', () => {
    const m1 = loadError(files((f) => (f.dispositifs.defaults.paymentSchedule.installments[0].percent = 60)));
    expect(m1).toContain('data/catalog/dispositifs.json: defaults.paymentSchedule: installment percents must add up to 100');
    const m2 = loadError(files((f) => f.dispositifs.defaults.paymentSchedule.installments.reverse()));
    expect(m2).toContain('the last installment (the balance, « solde ») is paid when the bilan is accepted');
  });

  it('refuses an envelope that is not whole cents', () => {
    const message = loadError(files((f) => (f.dispositifs.defaults.envelopeCents = 1234.5)));
    expect(message).toContain('data/catalog/dispositifs.json: defaults.envelopeCents:');
  });

  it('names territories.json, publics.json, axes.json and call.json when they are wrong', () => {
    expect(loadError(files((f) => (f.territories.territories[1].mds.email = 'not-an-email')))).toContain(
      'data/catalog/territories.json: territories[1].mds.email:',
    );
    expect(loadError(files((f) => f.publics.evidenceRules[0].pieces.push('permis-de-conduire')))).toContain(
      'data/catalog/publics.json: evidenceRules[0].pieces: unknown evidence piece permis-de-conduire',
    );
    expect(loadError(files((f) => (f.axes.axes[4].requiredCofundingAnyOf = ['lottery'])))).toContain(
      'data/catalog/axes.json: axes[4].requiredCofundingAnyOf[0]:',
    );
    expect(loadError(files((f) => (f.call.closesOnLatest = '2026-01-01')))).toContain(
      'data/catalog/call.json: closesOnLatest: before opensOn',
    );
  });

  it('resolves several sessions and records which parameters came from defaults', () => {
    const i = index('4.1');
    const c = createCatalog(
      files((f) => {
        Object.assign(f.dispositifs.dispositifs[i], {
          closesOn: '2026-06-30',
          envelopeCents: 12_000_000,
          sessions: [
            { opensOn: '2026-01-12', closesOn: '2026-02-27' },
            { opensOn: '2026-04-01', closesOn: '2026-06-30' },
          ],
        });
      }),
    );
    const d = c.dispositifByCode('4.1');
    expect(d?.sessions).toHaveLength(2);
    expect(d?.closesOn).toBe('2026-06-30');
    expect(d?.envelopeCents).toBe(12_000_000);
    expect(d?.fromDefaults).not.toContain('sessions');
    expect(d?.fromDefaults).not.toContain('closesOn');
    expect(d?.fromDefaults).not.toContain('envelopeCents');
    expect(d?.fromDefaults).toContain('opensOn');
  });
});

describe('catalog lookups', () => {
  it('find dispositifs, territories, publics and axes by code', () => {
    expect(catalog.dispositifByCode('5.4')?.title).toBe('Contrepartie FSE _ Coach jeunesse');
    expect(catalog.dispositifByCode('6.1')).toBeUndefined();
    expect(catalog.territoryByCode('henin-carvin')?.mds.name).toBe("Maison du Département Solidarité d'Hénin-Carvin");
    expect(catalog.territoryByCode('lille')).toBeUndefined();
    expect(catalog.publicByCode('beneficiaires-rsa')?.label).toMatch(/RSA/);
    expect(catalog.axeByNumber(3)?.title).toBe('Parcours insertion emploi');
    expect(catalog.channelInfo('spslh-word').howToFile).toContain('spslh@pasdecalais.fr');
  });

  it('isTerritoryInPerimeter follows the dispositif’s perimeter', () => {
    expect(catalog.isTerritoryInPerimeter('2.7', 'calaisis')).toBe(true);
    expect(catalog.isTerritoryInPerimeter('2.7', 'boulonnais')).toBe(false);
    expect(catalog.isTerritoryInPerimeter('3.5', 'lens-lievin')).toBe(true);
    expect(catalog.isTerritoryInPerimeter('3.5', 'ternois')).toBe(false);
    expect(catalog.isTerritoryInPerimeter('1.1', 'ternois')).toBe(true);
    expect(catalog.isTerritoryInPerimeter('9.9', 'ternois')).toBe(false);
    expect(catalog.isTerritoryInPerimeter('1.1', 'lille')).toBe(false);
  });

  it('is frozen: nobody changes the call at run time', () => {
    const d = catalog.dispositifByCode('1.1');
    expect(() => {
      (d as { envelopeCents: number }).envelopeCents = 1;
    }).toThrow(TypeError);
    expect(() => (catalog.dispositifs as unknown as unknown[]).push({})).toThrow(TypeError);
  });
});
