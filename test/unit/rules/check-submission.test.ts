import { describe, expect, it } from 'vitest';
import { catalog } from '#domain/catalog/index.ts';
import { budgetIsBalanced, checkSubmission, registerRule, RULES, type Violation } from '#domain/rules/index.ts';
import { validSubmissionContext, validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { context, dossier } from './helpers.ts';

const violationsOf = (raw: unknown, ctx = context()): Violation[] => {
  const r = checkSubmission(raw, ctx);
  return r.ok ? [] : r.violations;
};

describe('checkSubmission', () => {
  it('accepts the fixture for every dispositif and every territory of its perimeter', () => {
    let checked = 0;
    for (const d of catalog.dispositifs) {
      for (const territory of d.perimeter) {
        const opts = { dispositifCode: d.code, territory };
        const r = checkSubmission(validSubmissionFixture(opts), validSubmissionContext(opts));
        expect(r.ok ? [] : r.violations, `${d.code} ${territory}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50 * 3);
  });

  it('returns the parsed dossier when it is valid', () => {
    const raw = validSubmissionFixture();
    raw.project.title = `  ${raw.project.title}  `;
    const r = checkSubmission(raw, context());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.submission.project.title).toBe(raw.project.title.trim());
  });

  it('reports every rule’s violations at once', () => {
    const s = dossier((x) => {
      x.dispositifCode = '2.7';
      x.territories = ['boulonnais'];
      x.publics = ['retraites'];
      x.porteur.sites = [{ kind: 'siege', address: '1 place du Théâtre', postalCode: '59000', city: 'Lille' }];
      x.operation.startDate = '2025-12-01';
      x.budget.resources = [{ label: 'Autofinancement', amountCents: 100, source: 'autofinancement' }];
      x.undertakings.insurance = false;
    });
    const codes = violationsOf(s, context({ now: new Date('2026-09-20T10:00:00Z') })).map((v) => v.code);
    expect(codes).toEqual([
      'SUBMISSION_CLOSED',
      'PORTEUR_NOT_IN_PAS_DE_CALAIS',
      'TERRITORY_OUTSIDE_PERIMETER',
      'PUBLIC_UNKNOWN',
      'PUBLIC_NOT_TARGETED',
      'OPERATION_STARTS_TOO_EARLY',
      'BUDGET_UNBALANCED',
      'BUDGET_NO_DEPARTEMENT_PARTICIPATION',
      'UNDERTAKING_NOT_DECLARED',
    ]);
  });

  it('refuses a dispositif filed on the wrong channel, and an unknown one, without running rules that need it', () => {
    const spslh = dossier(() => {}, { dispositifCode: '2.11' });
    expect(violationsOf(spslh, context({ channel: 'e-partenaire' })).map((v) => v.code)).toEqual(['DISPOSITIF_FILED_ELSEWHERE']);
    expect(violationsOf(dossier((x) => (x.dispositifCode = '6.1'))).map((v) => v.code)).toEqual(['DISPOSITIF_UNKNOWN']);
  });

  it('maps schema issues to MISSING_FIELD, UNKNOWN_FIELD and INVALID_FIELD with their paths, in French', () => {
    const raw = dossier() as any;
    delete raw.porteur.siret;
    raw.porteur.website = 'https://example.org';
    raw.operation.endDate = '2026-02-30';
    expect(violationsOf(raw)).toEqual([
      { path: 'porteur.siret', code: 'MISSING_FIELD', message: 'champ obligatoire' },
      { path: 'porteur.website', code: 'UNKNOWN_FIELD', message: 'champ non attendu' },
      { path: 'operation.endDate', code: 'INVALID_FIELD', message: 'doit être une date réelle au format AAAA-MM-JJ' },
    ]);
  });

  it('still runs the rules whose parts are well-formed when others are not', () => {
    const raw = dossier((x) => (x.budget.resources[0]!.amountCents += 1)) as any;
    raw.operation.endDate = '2026-02-30'; // operation malformed: its rules are skipped
    raw.undertakings.monJob62 = false; // reads operation too: skipped
    raw.territories = ['lille'];
    const v = violationsOf(raw);
    expect(v.map((x) => x.code)).toEqual(['INVALID_FIELD', 'TERRITORY_UNKNOWN', 'BUDGET_UNBALANCED']);
    expect(v[0]?.path).toBe('operation.endDate');
  });

  it('refuses what is not a dossier at all', () => {
    expect(violationsOf(undefined)).toEqual([{ path: '', code: 'MISSING_FIELD', message: 'champ obligatoire' }]);
    expect(violationsOf('dossier')).toEqual([{ path: '', code: 'INVALID_FIELD', message: 'doit être un objet' }]);
    expect(violationsOf([])).toEqual([{ path: '', code: 'INVALID_FIELD', message: 'doit être un objet' }]);
    const empty = violationsOf({});
    expect(empty.every((v) => v.code === 'MISSING_FIELD')).toBe(true);
    expect(empty.map((v) => v.path)).toEqual([
      'porteur',
      'dispositifCode',
      'project',
      'territories',
      'publics',
      'operation',
      'participantsPlanned',
      'budget',
      'undertakings',
    ]);
  });

  it('registers every rule once, each reading declared parts', () => {
    expect(RULES.map((r) => r.name)).toEqual([
      'dispositifExists',
      'filedThroughDispositifChannel',
      'submittedWithinWindow',
      'porteurHasSiteInPasDeCalais',
      'territoriesInPerimeter',
      'dispositifPublicsTargeted',
      'operationWithinCallPeriod',
      'budgetIsBalanced',
      'departementParticipationRequested',
      'axeRequiredResourcesPresent',
      'requiredUndertakingsDeclared',
    ]);
    // A rule registered without a part it reads does not compile:
    // @ts-expect-error territoriesInPerimeter also reads dispositifCode
    registerRule(['territories'], (s: Pick<import('#domain/submission/index.ts').Submission, 'territories' | 'dispositifCode'>) =>
      s.dispositifCode ? [] : [],
    );
    expect(registerRule(['budget'], budgetIsBalanced).reads).toEqual(['budget']);
  });
});
