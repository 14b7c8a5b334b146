import { describe, expect, it } from 'vitest';
import { axeRequiredResourcesPresent, checkSubmission } from '#domain/rules/index.ts';
import { context, dossier } from './helpers.ts';

describe('axeRequiredResourcesPresent', () => {
  it('passes for an axe 5 dossier with FSE+ among its resources', () => {
    const opts = { dispositifCode: '5.4' };
    expect(
      axeRequiredResourcesPresent(
        dossier(() => {}, opts),
        context({}, opts),
      ),
    ).toEqual([]);
  });

  it('accepts an axe 5 dossier co-funded by the FTJ instead of FSE+ (« conjointement à l’appel à projets FSE+/FTJ »)', () => {
    const opts = { dispositifCode: '5.7' };
    const s = dossier((x) => {
      for (const r of x.budget.resources)
        if (r.source === 'fse') Object.assign(r, { source: 'ftj', label: 'Fonds pour une transition juste' });
    }, opts);
    expect(s.budget.resources.map((r) => r.source)).toContain('ftj');
    expect(checkSubmission(s, context({}, opts))).toMatchObject({ ok: true });
  });

  it('fails for an axe 5 dossier with neither FSE+ nor FTJ, naming both', () => {
    const opts = { dispositifCode: '5.4' };
    const s = dossier((x) => {
      for (const r of x.budget.resources) if (r.source === 'fse') r.source = 'etat';
    }, opts);
    expect(axeRequiredResourcesPresent(s, context({}, opts))).toEqual([
      {
        path: 'budget.resources',
        code: 'BUDGET_REQUIRED_RESOURCE_MISSING',
        message:
          "Les dispositifs de l'axe 5 « Contreparties FSE » exigent parmi les ressources un montant supérieur à 0 de source « fse » (FSE+) ou « ftj » (FTJ, Fonds pour une transition juste).",
      },
    ]);
  });

  it('asks nothing of the other axes', () => {
    const s = dossier((x) => (x.budget.resources = x.budget.resources.filter((r) => r.source === 'departement')));
    expect(axeRequiredResourcesPresent(s, context())).toEqual([]);
  });
});
