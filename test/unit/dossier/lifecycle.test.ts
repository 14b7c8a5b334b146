/**
 * The dossier's lifecycle (domain/dossier/lifecycle.ts): every status is reached, the transitions
 * only move forward, a replayed action is recognised, and the console shows the lifecycle's own
 * labels.
 */
import { describe, expect, it } from 'vitest';
import {
  AWAITING_CP,
  DOSSIER_STATUSES,
  isActive,
  isPaying,
  stageOf,
  statusLabel,
  transition,
  TRANSITIONS,
  type DossierStatus,
  type TransitionName,
} from '#domain/dossier/lifecycle.ts';
import { catalog } from '#domain/catalog/shipped-catalog.ts';
import { ACTIONS } from '#domain/workflow/apply-action.ts';
import { campaignRoutes } from '#functions/api/routes/campaign.ts';
import type { ApiDeps, Route } from '#functions/api/router.ts';

const transitions = Object.entries(TRANSITIONS) as [TransitionName, { from: readonly DossierStatus[]; to: DossierStatus }][];
const dossier = (status: DossierStatus) => ({ id: 'D1', status });

describe('the statuses', () => {
  it('are each set by a transition, but the first (a filing creates the dossier submitted): none exists that nothing sets', () => {
    const reached = new Set<DossierStatus>(['submitted', ...transitions.map(([, t]) => t.to)]);
    expect(DOSSIER_STATUSES.filter((s) => !reached.has(s))).toEqual([]);
  });

  it('that end a life are left by no transition; a transition never goes back to an earlier stage', () => {
    for (const [name, { from, to }] of transitions) {
      for (const status of from) {
        expect(isActive(status), `${name} leaves ${status}`).toBe(true);
        expect(stageOf(to), `${name}: ${status} → ${to}`).toBeGreaterThanOrEqual(stageOf(status));
      }
    }
    expect(DOSSIER_STATUSES.filter((s) => !isActive(s)).sort()).toEqual(
      ['cp-unfavourable', 'closed', 'incomplete', 'reimbursement-demanded', 'rejected'].sort(),
    );
  });

  it('pay while the convention runs (call: payments follow its signature), until the bilan is settled', () => {
    expect(DOSSIER_STATUSES.filter(isPaying)).toEqual(['convention-signed', 'in-execution', 'bilan-due', 'bilan-review']);
  });

  it('awaiting the Commission Permanente are those its decisions leave', () => {
    for (const name of ['record-cp-favourable', 'record-cp-unfavourable', 'record-cp-adjourned'] as const) {
      expect(TRANSITIONS[name].from).toEqual(AWAITING_CP);
    }
  });

  it('have each a French label of their own', () => {
    const labels = DOSSIER_STATUSES.map(statusLabel);
    expect(new Set(labels).size).toBe(DOSSIER_STATUSES.length);
    for (const label of labels) expect(label).toMatch(/^[A-ZÉ][a-zà-ÿ]/);
  });

  it('are labelled in the console as the lifecycle labels them: from GET /referentiel, never a copy', async () => {
    const formatJs = new URL('../../../console/public/js/format.js', import.meta.url).href;
    const { statut } = (await import(formatJs)) as { statut: (referentiel: unknown, code: string) => string };
    const route = campaignRoutes.find((r) => r.path === '/referentiel')!;
    const { body } = await route.handle({} as Parameters<Route['handle']>[0], { catalog } as ApiDeps);
    for (const status of DOSSIER_STATUSES) expect(statut(body, status)).toBe(statusLabel(status));
  });
});

describe('a transition', () => {
  it('is named after the workflow action that makes it', () => {
    for (const [name] of transitions) expect(ACTIONS, name).toHaveProperty([name]);
  });

  it('moves the dossier from one of its statuses to its own', () => {
    expect(transition(dossier('completeness-check'), 'mark-complete')).toBe('chief-validation');
    expect(transition(dossier('cp-adjourned'), 'record-cp-favourable')).toBe('cp-favourable');
  });

  it('replayed, finds the dossier there or further, and changes nothing', () => {
    expect(transition(dossier('chief-validation'), 'mark-complete')).toBeUndefined();
    expect(transition(dossier('cp-favourable'), 'mark-complete')).toBeUndefined();
    expect(transition(dossier('closed'), 'end-operation')).toBeUndefined();
  });

  it('from anywhere else is a broken invariant, named', () => {
    expect(() => transition(dossier('in-execution'), 'close-dossier')).toThrow(
      'action close-dossier: dossier D1 is in-execution, expected one of bilan-review or closed',
    );
    expect(() => transition(dossier('awaiting-complements'), 'mark-complete')).toThrow(/is awaiting-complements/);
  });
});
