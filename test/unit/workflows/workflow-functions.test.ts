/**
 * The workflow functions against the definitions and the data: every action a state machine
 * names exists, every decision a step allows has its details schema, and a callback's planned
 * timeout never outlives the execution's life budget.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '#domain/workflow/apply-action.ts';
import { DECISION_DETAILS, decisionDetailsSchema } from '#domain/workflow/decisions.ts';
import { callbackTimeout, lifeBudgetEnd } from '#domain/workflow/plan-step.ts';
import { EXECUTION_LIFE_BUDGET_DAYS, loadSteps, STEPS } from '#domain/workflow/steps.ts';
import { taskIdFor } from '#domain/workflow/create-task.ts';
import { dossierIdOfTask, isTaskId } from '#domain/ports/records.ts';
import { definitionOf, MACHINES } from '#workflows/definitions.ts';

function actionsNamedIn(machine: (typeof MACHINES)[number]): string[] {
  return Object.values(definitionOf(machine).States).flatMap((state) => {
    const payload = (state.Parameters as { Payload?: { action?: string; andThen?: { action: string }[] } } | undefined)?.Payload;
    return payload?.action ? [payload.action, ...(payload.andThen ?? []).map((t) => t.action)] : [];
  });
}

describe('apply-action registry', () => {
  it.each(MACHINES)('has every action the %s machine names', (machine) => {
    for (const action of actionsNamedIn(machine)) expect(ACTIONS, action).toHaveProperty([action]);
  });

  it('has no action that no machine names', () => {
    const named = new Set(MACHINES.flatMap(actionsNamedIn));
    expect(Object.keys(ACTIONS).filter((a) => !named.has(a))).toEqual([]);
  });
});

describe('step settings (data/workflow-steps.json)', () => {
  const file = JSON.parse(readFileSync(new URL('../../../data/workflow-steps.json', import.meta.url), 'utf8')) as {
    steps: Record<string, unknown>;
  };

  it('are given for every declared step, and only for them', () => {
    const { bilan: _, ...withoutBilan } = file.steps;
    expect(() => loadSteps({ ...file, steps: withoutBilan })).toThrow('steps.bilan is missing (the step of workflows/bilan.ts)');
    expect(() => loadSteps({ ...file, steps: { ...file.steps, 'site-visit': file.steps.bilan } })).toThrow(
      'steps.site-visit is no human step',
    );
  });

  it('join the declaration: decisions and timeout from workflows/<machine>.ts, who and when from the data', () => {
    expect(STEPS['cp-decision']).toMatchObject({
      machine: 'instruction',
      decisions: ['favourable', 'unfavourable', 'adjourned'],
      onTimeout: 'escalate',
      assignee: { role: 'secretariat-cp', territory: 'departement' },
      due: { basis: 'days-after-opening' },
    });
    expect(Object.keys(DECISION_DETAILS).sort()).toEqual(Object.keys(STEPS).sort());
  });
});

describe('decision details', () => {
  it('refuse a favourable decision without an amount, in French, naming the field', () => {
    const result = decisionDetailsSchema('cp-decision', 'favourable')!.safeParse({ cpDate: '2026-04-10', deliberationNumber: 'CP-1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['amountCents'], message: 'montant en centimes attendu' });
  });

  it('refuse a date that does not exist', () => {
    expect(decisionDetailsSchema('convention-signature', 'signed')!.safeParse({ signedOn: '2026-02-30' }).success).toBe(false);
  });
});

describe('planned callback timeouts', () => {
  const DAY = 86_400_000;
  const step = (onTimeout: 'escalate' | 'close-incomplete') => ({ ...STEPS['completeness-check']!, onTimeout });

  it('never outlive the life budget, whatever the start, now and due instant (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 0, max: EXECUTION_LIFE_BUDGET_DAYS * 24 }),
        fc.integer({ min: -400 * 24, max: 3 * 365 * 24 }),
        fc.constantFrom('escalate' as const, 'close-incomplete' as const),
        (startDay, hoursIn, dueHours, onTimeout) => {
          const started = new Date(Date.UTC(2026, 0, 12) + startDay * DAY);
          const now = new Date(started.getTime() + hoursIn * 3_600_000);
          const due = new Date(now.getTime() + dueHours * 3_600_000);
          const { timeoutSeconds, handOver } = callbackTimeout(now, due, lifeBudgetEnd(started), step(onTimeout));
          expect(timeoutSeconds).toBeGreaterThanOrEqual(1);
          expect(now.getTime() + timeoutSeconds * 1000).toBeLessThanOrEqual(
            Math.max(lifeBudgetEnd(started).getTime() + 1000, now.getTime() + 1000),
          );
          expect(started.getTime() + EXECUTION_LIFE_BUDGET_DAYS * DAY).toBeLessThan(started.getTime() + 365 * DAY);
          if (!handOver && due > now) expect(now.getTime() + timeoutSeconds * 1000).toBeGreaterThanOrEqual(due.getTime());
        },
      ),
    );
  });

  it('an overdue task that escalates is escalated again after the repeat delay, not in a loop', () => {
    const now = new Date('2026-05-01T07:00:00Z');
    const { timeoutSeconds } = callbackTimeout(now, new Date('2026-04-20T21:59:59.999Z'), lifeBudgetEnd(now), step('escalate'));
    expect(timeoutSeconds).toBeGreaterThan(86_400);
  });

  it('a missed porteur deadline times out at once (its consequence applies)', () => {
    const now = new Date('2026-05-01T07:00:00Z');
    expect(callbackTimeout(now, new Date('2026-04-30T21:59:59.999Z'), lifeBudgetEnd(now), step('close-incomplete')).timeoutSeconds).toBe(1);
  });
});

describe('task ids', () => {
  it('name their dossier, then 128 opaque bits stable per token, and never the token', () => {
    const token = 'a'.repeat(80);
    const dossierId = 'd0ss1er-Id_0123456789ab';
    expect(taskIdFor(dossierId, token)).toBe(taskIdFor(dossierId, token));
    expect(isTaskId(taskIdFor(dossierId, token))).toBe(true);
    expect(dossierIdOfTask(taskIdFor(dossierId, token))).toBe(dossierId);
    expect(Buffer.from(taskIdFor(dossierId, token).slice(dossierId.length), 'base64url')).toHaveLength(16);
    expect(taskIdFor(dossierId, token)).not.toContain(token.slice(0, 22));
    expect(taskIdFor(dossierId, `${token}b`)).not.toBe(taskIdFor(dossierId, token));
  });
});
