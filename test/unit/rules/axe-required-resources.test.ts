import { describe, expect, it } from 'vitest';
import { axeRequiredResourcesPresent } from '#domain/rules/index.ts';
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

  it('fails for an axe 5 dossier without FSE+', () => {
    const opts = { dispositifCode: '5.4' };
    const s = dossier((x) => {
      for (const r of x.budget.resources) if (r.source === 'fse') r.source = 'etat';
    }, opts);
    expect(axeRequiredResourcesPresent(s, context({}, opts))).toEqual([
      {
        path: 'budget.resources',
        code: 'BUDGET_REQUIRED_RESOURCE_MISSING',
        message:
          "Les dispositifs de l'axe 5 « Contreparties FSE » exigent parmi les ressources un montant supérieur à 0 de source « fse » (FSE+).",
      },
    ]);
  });

  it('asks nothing of the other axes', () => {
    const s = dossier((x) => (x.budget.resources = x.budget.resources.filter((r) => r.source === 'departement')));
    expect(axeRequiredResourcesPresent(s, context())).toEqual([]);
  });
});
