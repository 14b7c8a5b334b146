/** The dossier's shape: fields present, typed, bounded, with French messages naming the rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidSiret, parseSubmission, UNDERTAKINGS, withSiretCheckDigit, type Submission } from '#domain/submission/index.ts';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { normalizeSpaces, readCallText } from '../catalog/call-text.ts';

function issuesOf(edit: (s: any) => void): { path: string; message: string }[] {
  const s = validSubmissionFixture() as any;
  edit(s);
  const r = parseSubmission(s);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('submission schema', () => {
  it('accepts the fixture for every dispositif', async () => {
    const { catalog } = await import('#domain/catalog/index.ts');
    for (const d of catalog.dispositifs) {
      const r = parseSubmission(validSubmissionFixture({ dispositifCode: d.code }));
      expect(r.success, d.code).toBe(true);
    }
  });

  it('trims texts', () => {
    const s = validSubmissionFixture();
    s.porteur.name = '  Association Exemple  ';
    const r = parseSubmission(s);
    expect(r.success && r.data.porteur.name).toBe('Association Exemple');
  });

  it.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-4-01', '01/04/2026', '2026-04-31'])('refuses %s as a date', (date) => {
    expect(issuesOf((s) => (s.operation.startDate = date))).toEqual([
      { path: 'operation.startDate', message: 'doit être une date réelle au format AAAA-MM-JJ' },
    ]);
  });

  it('accepts 29 February of a leap year', () => {
    expect(issuesOf((s) => (s.operation.endDate = '2028-02-29'))).toEqual([]);
  });

  it('checks the SIRET’s Luhn key', () => {
    const good = withSiretCheckDigit('4420123450001');
    expect(isValidSiret(good)).toBe(true);
    const bad = good.slice(0, 13) + String((Number(good[13]) + 1) % 10);
    expect(isValidSiret(bad)).toBe(false);
    expect(issuesOf((s) => (s.porteur.siret = bad))).toEqual([
      { path: 'porteur.siret', message: 'doit être un numéro SIRET de 14 chiffres valide (clé de contrôle incorrecte)' },
    ]);
    expect(issuesOf((s) => (s.porteur.siret = '1234'))).toEqual([
      { path: 'porteur.siret', message: 'doit être un numéro SIRET de 14 chiffres' },
    ]);
  });

  it('La Poste SIRETs follow the sum-of-digits rule', () => {
    // 3+5+6 = 14; NIC 00049 → 14 + 4 + 9 = 27 (refused), NIC 00051 → 14 + 5 + 1 = 20 (accepted)
    expect(isValidSiret('35600000000049')).toBe(false);
    expect(isValidSiret('35600000000051')).toBe(true); // fails plain Luhn: accepted only by La Poste's rule
  });

  it('refuses a postal code that is not 5 digits, an email that is not one, a fiscal year end that is not MM-DD', () => {
    expect(issuesOf((s) => (s.porteur.sites[0].postalCode = '6200'))).toEqual([
      { path: 'porteur.sites.0.postalCode', message: 'doit être un code postal de 5 chiffres' },
    ]);
    expect(issuesOf((s) => (s.porteur.contactEmail = 'contact@'))).toEqual([
      { path: 'porteur.contactEmail', message: 'doit être une adresse électronique valide' },
    ]);
    expect(issuesOf((s) => (s.porteur.fiscalYearEnd = '06-31'))).toEqual([
      { path: 'porteur.fiscalYearEnd', message: "doit être le jour de clôture de l'exercice au format MM-JJ (par exemple 12-31 ou 06-30)" },
    ]);
    expect(issuesOf((s) => (s.porteur.fiscalYearEnd = '06-30'))).toEqual([]);
  });

  it('refuses amounts that are not whole non-negative cents', () => {
    expect(issuesOf((s) => (s.budget.expenses[0].amountCents = 10.5))).toEqual([
      { path: 'budget.expenses.0.amountCents', message: 'doit être un montant en centimes : nombre entier positif ou nul' },
    ]);
    expect(issuesOf((s) => (s.budget.resources[0].amountCents = -1))).toEqual([
      { path: 'budget.resources.0.amountCents', message: 'doit être un montant en centimes : nombre entier positif ou nul' },
    ]);
    expect(issuesOf((s) => (s.budget.resources[0].source = 'loterie'))[0]?.message).toMatch(
      /^doit être l'une des valeurs : departement, etat, fse/,
    );
  });

  it('bounds every string and list: a 1 MB summary, 10 000 expense lines, 10 territories are refused', () => {
    expect(issuesOf((s) => (s.project.summary = 'x'.repeat(1_000_000)))).toEqual([
      { path: 'project.summary', message: 'doit comporter au plus 5000 caractères' },
    ]);
    expect(issuesOf((s) => (s.budget.expenses = Array.from({ length: 10_000 }, () => ({ label: 'x', amountCents: 1 }))))).toEqual([
      { path: 'budget.expenses', message: 'doit contenir au plus 200 éléments' },
    ]);
    expect(issuesOf((s) => (s.territories = Array.from({ length: 10 }, (_, i) => `t-${'abcdefghij'[i]}`))).map((i) => i.message)).toContain(
      'doit contenir au plus 9 éléments',
    );
    expect(issuesOf((s) => (s.porteur.sites[0].city = 'x'.repeat(101)))[0]?.message).toBe('doit comporter au plus 100 caractères');
  });

  it('refuses duplicates, empty lists, non-positive participant counts', () => {
    expect(issuesOf((s) => (s.territories = ['arrageois', 'arrageois']))).toEqual([
      { path: 'territories', message: 'ne doit pas contenir deux fois le même territoire' },
    ]);
    expect(issuesOf((s) => (s.publics = []))).toEqual([{ path: 'publics', message: 'doit contenir au moins 1 élément' }]);
    expect(issuesOf((s) => (s.participantsPlanned = 0))).toEqual([
      { path: 'participantsPlanned', message: 'doit être un nombre entier supérieur ou égal à 1' },
    ]);
    expect(issuesOf((s) => (s.participantsPlanned = 2.5))).toEqual([
      { path: 'participantsPlanned', message: 'doit être un nombre entier supérieur ou égal à 1' },
    ]);
  });

  it('says a missing field is missing and an unknown field is unexpected', () => {
    expect(issuesOf((s) => delete s.porteur.name)).toEqual([{ path: 'porteur.name', message: 'champ obligatoire' }]);
    expect(issuesOf((s) => delete s.undertakings.monJob62)).toEqual([{ path: 'undertakings.monJob62', message: 'champ obligatoire' }]);
    expect(issuesOf((s) => (s.porteur.nickname = 'x'))).toEqual([{ path: 'porteur', message: 'champ non attendu' }]);
  });

  it('answers in French whatever it is given (no English message leaks)', () => {
    const english = /\b(Invalid|expected|received|Unrecognized|Too (small|big)|must)\b/i;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ porteur: fc.anything(), budget: fc.anything(), operation: fc.anything(), territories: fc.anything() }),
        ),
        (value) => {
          const r = parseSubmission(value);
          if (r.success) return;
          for (const i of r.error.issues) expect(i.message, JSON.stringify(i)).not.toMatch(english);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every declared undertaking quotes the call', () => {
    const text = normalizeSpaces(readCallText()).replace(/[’']/g, "'");
    for (const u of UNDERTAKINGS) expect(text, u.key).toContain(normalizeSpaces(u.callWording).replace(/[’']/g, "'"));
  });

  it('the type is the schema’s: the fixture is a Submission', () => {
    const s: Submission = validSubmissionFixture({ dispositifCode: '2.7', territory: 'ternois' });
    expect(s.territories).toEqual(['ternois']);
  });
});
