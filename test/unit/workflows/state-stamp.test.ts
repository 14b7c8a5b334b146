/**
 * The workflow state validated when written, trusted when read by the same schema: a change
 * commits it with the schema's stamp after validating the parts it touched; a reader validates
 * only a state without the current stamp (domain/workflow/state.ts, domain/schema-stamp.ts).
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { schemaStamp } from '#domain/schema-stamp.ts';
import { DossierChange } from '#domain/workflow/dossier-change.ts';
import { WORKFLOW_STATE_STAMP, workflowOf, workflowStateSchema, type DossierRecord } from '#domain/workflow/state.ts';
import { memoryWorkflow } from '#test/support/memory-workflow.ts';

/** A dossier whose stored workflow state breaks the schema (an escalation count below zero), with the stamp given. */
function tampered(read: DossierRecord, stamp: string | undefined): DossierRecord {
  const copy = structuredClone(read);
  const steps = copy.workflow.steps as Record<string, { escalations: number }>;
  steps['completeness-check']!.escalations = -1;
  if (stamp === undefined) delete copy.workflowStamp;
  else copy.workflowStamp = stamp;
  return copy;
}

async function openedDossier() {
  const w = await memoryWorkflow();
  const d = await w.file();
  await w.open(d.id, 'completeness-check');
  return { w, read: await w.dossier(d.id) };
}

describe('schemaStamp', () => {
  const base = () => z.object({ a: z.string(), n: z.optional(z.number().check(z.int(), z.nonnegative())), e: z.enum(['x', 'y']) });

  it('is the same for schemas built alike, and differs with a member, its optionality, a check or an enum value', () => {
    expect(schemaStamp(base(), 1)).toBe(schemaStamp(base(), 1));
    expect(schemaStamp(base(), 1)).toMatch(/^[0-9a-f]{12}$/);
    const others = [
      schemaStamp(base(), 2),
      schemaStamp(z.extend(base(), { b: z.string() }), 1),
      schemaStamp(
        z.object({ a: z.optional(z.string()), n: z.optional(z.number().check(z.int(), z.nonnegative())), e: z.enum(['x', 'y']) }),
        1,
      ),
      schemaStamp(z.object({ a: z.string(), n: z.optional(z.number().check(z.int())), e: z.enum(['x', 'y']) }), 1),
      schemaStamp(z.object({ a: z.string(), n: z.optional(z.number().check(z.int(), z.nonnegative())), e: z.enum(['x', 'z']) }), 1),
    ];
    expect(new Set([schemaStamp(base(), 1), ...others]).size).toBe(others.length + 1);
  });

  it('stamps the workflow state’s schema', () => {
    expect(WORKFLOW_STATE_STAMP).toBe(schemaStamp(workflowStateSchema, 1));
  });
});

describe('the workflow state, stamped when written', () => {
  it('is committed with the current stamp and read as stored; a state with another stamp or none is validated', async () => {
    const { read } = await openedDossier();
    expect(read.workflowStamp).toBe(WORKFLOW_STATE_STAMP);
    expect(workflowOf(read)).toBe(read.workflow);
    // What the stamp trusts: a state that broke the schema after it was written is read as it is…
    expect(workflowOf(tampered(read, WORKFLOW_STATE_STAMP)).steps['completeness-check']!.escalations).toBe(-1);
    // …while one written by another schema, or before stamps, is validated and refused.
    expect(() => workflowOf(tampered(read, 'older-schema'))).toThrow(z.core.$ZodError);
    expect(() => workflowOf(tampered(read, undefined))).toThrow(z.core.$ZodError);
  });

  it('refuses to commit a part the change made invalid, with its path from the state’s root', async () => {
    const { w, read } = await openedDossier();
    const change = new DossierChange(read, w.deps.clock);
    change.workflow.controls.push({ id: 'c1', kind: 'sur-pieces', date: '2026-02-30', findings: '', unfounded: false, recordedBy: 'a' });
    let refused: unknown;
    try {
      change.toCommit();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(z.core.$ZodError);
    expect((refused as z.core.$ZodError).issues.map((i) => i.path)).toEqual([['controls', 0, 'date']]);
  });

  it('writes what a parse of the whole state would: defaults filled, members outside the schema left out', async () => {
    const { w, read } = await openedDossier();
    const change = new DossierChange(read, w.deps.clock);
    change.workflow.steps['completeness-check']!.escalations += 1;
    (change.workflow.steps['completeness-check'] as Record<string, unknown>).stray = true;
    change.workflow.cp = { cpDate: '2026-04-10' };
    const commit = change.toCommit();
    expect(commit.dossier.workflowStamp).toBe(WORKFLOW_STATE_STAMP);
    expect(commit.dossier.workflow).toEqual(workflowStateSchema.parse(change.workflow));
    expect(commit.dossier.workflow.steps).not.toHaveProperty(['completeness-check', 'stray']);
  });

  it('commits what it changed of the dossier: the fields and workflow members it touched; the whole dossier when the state read had another stamp', async () => {
    const { w, read } = await openedDossier();
    const change = new DossierChange(read, w.deps.clock);
    change.workflow.cp = { cpDate: '2026-04-10' };
    change.workflow.steps['completeness-check']!.escalations += 1;
    change.setStatus('completeness-check').record('moved');
    expect(change.toCommit().changed).toEqual({ fields: ['status', 'statusHistory', 'head'], workflowParts: ['steps', 'cp'] });
    const untouched = new DossierChange(read, w.deps.clock).setAmounts(read.amounts);
    expect(untouched.toCommit().changed).toEqual({ fields: ['amounts'], workflowParts: [] });
    const unstamped = new DossierChange({ ...read, workflowStamp: 'older-schema' }, w.deps.clock).record('seen');
    expect(unstamped.toCommit()).not.toHaveProperty('changed');
  });

  it('is a change only when a part differs as JSON would (a member set to undefined is an absent one)', async () => {
    const { w, read } = await openedDossier();
    const change = new DossierChange(read, w.deps.clock);
    change.workflow.closedOn = undefined;
    change.workflow.steps['completeness-check']!.decided = undefined;
    expect(change.isEmpty).toBe(true);
    change.workflow.payments.push({ milestone: 'avance', label: 'Avance', cents: 1, paidOn: '2026-05-01' });
    expect(change.isEmpty).toBe(false);
  });
});
