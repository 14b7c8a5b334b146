/** The shipped catalog against the call's text: what the call says is copied, what it leaves to annexes is a documented default. */
import { describe, expect, it } from 'vitest';
import { catalog } from '#domain/catalog/index.ts';
import { readCallText, dispositifLinesOfCall, normalizeSpaces } from './call-text.ts';

const callText = readCallText();

describe('axes', () => {
  it('are the 5 axes of the call, numbered 1..5, with the call’s titles', () => {
    expect(catalog.axes.map((a) => a.number)).toEqual([1, 2, 3, 4, 5]);
    const inCall = [...callText.matchAll(/^· Axe (\d) : (.+?)\s*$/gm)].map((m) => ({ number: Number(m[1]), title: m[2] }));
    expect(inCall).toHaveLength(5);
    expect(catalog.axes.map((a) => ({ number: a.number, title: a.title }))).toEqual(inCall);
  });

  it('axe 5 (contreparties FSE) requires FSE+ or FTJ among the resources (« conjointement à l’appel à projets FSE+/FTJ »), the others nothing', () => {
    expect(normalizeSpaces(callText)).toContain('répondant conjointement à l’appel à projets FSE+/FTJ');
    expect(catalog.axeByNumber(5)?.requiredCofundingAnyOf).toEqual(['fse', 'ftj']);
    for (const n of [1, 2, 3, 4]) expect(catalog.axeByNumber(n)?.requiredCofundingAnyOf).toEqual([]);
  });
});

describe('dispositifs', () => {
  const listed = dispositifLinesOfCall(callText);

  it('are exactly 50', () => {
    expect(catalog.dispositifs).toHaveLength(50);
    expect(listed.size).toBe(50);
  });

  it('have the codes and titles of the call’s numbered lists, verbatim', () => {
    expect(new Set(catalog.dispositifs.map((d) => d.code))).toEqual(new Set(listed.keys()));
    for (const d of catalog.dispositifs) {
      expect(d.title, d.code).toBe(listed.get(d.code));
      // the line as the call prints it: code, whitespace, title, optional trailing whitespace
      const line = new RegExp(`^${d.code.replace('.', '\\.')}\\s+${d.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm');
      expect(callText, d.code).toMatch(line);
    }
  });

  it('are counted per axe as the call announces (5, 13, 14, 7, 11)', () => {
    const announced = [...callText.matchAll(/^\s*(\d+) dispositifs sont proposés au sein de cet axe/gm)].map((m) => Number(m[1]));
    expect(announced).toEqual([5, 13, 14, 7, 11]);
    expect([1, 2, 3, 4, 5].map((n) => catalog.dispositifsOfAxe(n).length)).toEqual(announced);
    for (const d of catalog.dispositifs) expect(d.code.startsWith(`${d.axe}.`)).toBe(true);
  });

  it('file on E-partenaire except the call’s exceptions: 2.2, 2.11, 2.12, 2.13 (spslh Word) and 3.7 (Démarches simplifiées)', () => {
    const start = callText.search(/excepté\s+pour\s+les\s+dispositifs\s+suivants/);
    const end = callText.indexOf('Pour la plateforme dématérialisée');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const exceptionsSection = callText.slice(start, end);
    const spslhInCall = [...exceptionsSection.matchAll(/^·\s+(\d\.\d+)\s+FSL/gm)].map((m) => m[1]);
    expect(spslhInCall).toEqual(['2.2', '2.11', '2.12', '2.13']);
    expect(exceptionsSection).toMatch(/^·\s+3\.7\s.*\n.*Démarche simplifiée/m);
    const byChannel = (c: string) => catalog.dispositifs.filter((d) => d.channel === c).map((d) => d.code);
    expect(byChannel('spslh-word')).toEqual(spslhInCall);
    expect(byChannel('demarches-simplifiees')).toEqual(['3.7']);
    expect(byChannel('e-partenaire')).toHaveLength(45);
    expect(catalog.dispositifByCode('2.2')?.contact.email).toBe('spslh@pasdecalais.fr');
  });

  it('open on 12 January 2026 and close no later than 15 September 2026, by default on that day', () => {
    expect(callText).toContain('du 12 janvier 2026 au 15 septembre 2026 maximum');
    expect(catalog.call.opensOn).toBe('2026-01-12');
    expect(catalog.call.closesOnLatest).toBe('2026-09-15');
    for (const d of catalog.dispositifs) {
      expect(d.opensOn).toBe('2026-01-12');
      expect(d.closesOn <= '2026-09-15').toBe(true);
      expect(d.closesOn).toBe('2026-09-15');
      expect(d.sessions).toEqual([{ opensOn: d.opensOn, closesOn: d.closesOn }]);
      expect(d.fromDefaults).toEqual(expect.arrayContaining(['opensOn', 'closesOn', 'sessions', 'envelopeCents', 'bilanDelayMonths']));
    }
  });

  it('let operations run from 1 January 2026 to 31 December 2027', () => {
    expect(callText).toContain('démarrer au minimum au 1er janvier 2026 et se clôtureront au maximum au 31 décembre 2027');
    for (const d of catalog.dispositifs) {
      expect([d.operationStartsFrom, d.operationEndsBy]).toEqual(['2026-01-01', '2027-12-31']);
    }
  });

  it('have the perimeters the call gives: 2.7 by its title, 3.5 the ERBM, the whole département otherwise (2.4–2.6 included)', () => {
    const perimeter = (code: string) => [...(catalog.dispositifByCode(code)?.perimeter ?? [])].sort();
    expect(perimeter('2.7')).toEqual(['arrageois', 'calaisis', 'ternois']);
    expect(catalog.dispositifByCode('2.7')?.perimeterNote).toMatch(/hors Communauté urbaine d'Arras/);
    expect(perimeter('3.5')).toEqual(
      catalog.territories
        .filter((t) => t.erbm)
        .map((t) => t.code)
        .sort(),
    );
    // « Le périmètre d'intervention couvre l'ensemble du Département » unless a fiche narrows it: nothing inferred for 2.4–2.6.
    expect(normalizeSpaces(callText)).toContain('Le périmètre d’intervention couvre l’ensemble du Département');
    for (const code of ['2.4', '2.5', '2.6']) expect(catalog.dispositifByCode(code)?.fromDefaults, code).toContain('perimeter');
    const limited = new Set(['2.7', '3.5']);
    for (const d of catalog.dispositifs.filter((x) => !limited.has(x.code))) expect(d.perimeter, d.code).toHaveLength(9);
  });

  it('carry the documented defaults for what the annexes would give', () => {
    for (const d of catalog.dispositifs) {
      expect(Number.isInteger(d.envelopeCents) && d.envelopeCents > 0).toBe(true);
      expect(d.bilanDelayMonths).toBe(3);
      expect(d.paymentSchedule.installments).toEqual([
        { on: 'convention-signed', percent: 50 },
        { on: 'bilan-accepted', percent: 50 },
      ]);
      expect(d.contact.email).toMatch(/@pasdecalais\.fr$/);
    }
    expect(catalog.dispositifByCode('2.7')?.fromDefaults).not.toContain('perimeter');
    expect(catalog.dispositifByCode('1.1')?.fromDefaults).toContain('perimeter');
    expect(catalog.dispositifByCode('2.2')?.fromDefaults).not.toContain('contact');
  });
});

describe('territories', () => {
  it('are the 9 territories of the call, the last three ERBM, each with its MDS', () => {
    expect(catalog.territories.map((t) => t.name)).toEqual([
      'Arrageois',
      'Audomarois',
      'Boulonnais',
      'Calaisis',
      'Montreuillois',
      'Ternois',
      'Artois',
      'Lens-Liévin',
      'Hénin-Carvin',
    ]);
    expect(catalog.territories.filter((t) => t.erbm).map((t) => t.code)).toEqual(['artois', 'lens-lievin', 'henin-carvin']);
    for (const t of catalog.territories) {
      expect(t.mds.name).toMatch(/^Maison du Département Solidarité (de l'|du |de |d')/);
      expect(t.mds.email).toBe(`mds-${t.code}@pasdecalais.fr`);
      expect(t.mds.emailIsDefault).toBe(true);
      // the name as the call spells it, hyphen or space
      expect(normalizeSpaces(callText).replace(/[-\s]/g, '')).toContain(t.name.replace(/-/g, ''));
    }
  });
});

describe('publics', () => {
  it('are the 4 priority publics of the call, then the publics dispositif titles name, each in the call’s words', () => {
    expect(catalog.publics.filter((p) => p.priority).map((p) => p.code)).toEqual([
      'beneficiaires-rsa',
      'jeunes-moins-26-precarite',
      'sortants-rsa-en-parcours',
      'difficultes-logement',
    ]);
    const text = normalizeSpaces(callText);
    for (const p of catalog.publics) expect(text, p.code).toContain(normalizeSpaces(p.callWording));
  });

  it('each dispositif serves the publics its title names, the 4 priority publics when it names none', () => {
    const priority = catalog.publics.filter((p) => p.priority).map((p) => p.code);
    for (const d of catalog.dispositifs) {
      if (d.fromDefaults.includes('publics')) expect(d.publics, d.code).toEqual(priority);
      for (const code of d.publics) expect(catalog.publicByCode(code), `${d.code} ${code}`).toBeDefined();
    }
    for (const code of ['1.1', '1.2', '1.3', '1.4', '5.1', '5.2', '5.3'])
      expect(catalog.dispositifByCode(code)?.publics, code).toEqual(['beneficiaires-rsa']);
    for (const code of ['4.1', '4.5', '4.6', '4.7', '2.9', '5.4'])
      expect(catalog.dispositifByCode(code)?.publics, code).toEqual(expect.arrayContaining(['jeunes', 'jeunes-moins-26-precarite']));
  });

  it('evidence rules quote the call', () => {
    const text = normalizeSpaces(callText);
    for (const r of catalog.evidenceRules) expect(text, r.code).toContain(normalizeSpaces(r.callWording));
  });
});
