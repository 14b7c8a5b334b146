/**
 * Every workflow action on the in-memory stores, in the order the state machines run them: what
 * it changes, and that running it again — a segment re-run after a crash replays it — changes
 * nothing and answers the same.
 */
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS } from '#domain/workflow/apply-action.ts';
import { queueExecutionEvent } from '#domain/workflow/execution-events.ts';
import { sampleBilan } from '#infra/local/sample-dossier.ts';
import { suspendByService, suspendPayments } from '#domain/workflow/annual-documents.ts';
import { SANCTIONS } from '#domain/workflow/sanctions.ts';
import { workflowOf } from '#domain/workflow/state.ts';
import { memoryWorkflow, type MemoryWorkflow } from '#test/support/memory-workflow.ts';

const favourable = (amountCents: number) => ({ amountCents, cpDate: '2026-04-10', deliberationNumber: 'CP-2026-04-01' });
const covered = new Set<string>();

/** Runs an action, checks its outcome, then runs it again: nothing changes, the same answer. */
async function act(w: MemoryWorkflow, action: string, dossierId: string, extra: Record<string, unknown> = {}, outcome?: string) {
  covered.add(action);
  const result = await w.act(action, dossierId, extra);
  if (outcome) expect(result.outcome, action).toBe(outcome);
  const after = await w.snapshot(dossierId);
  expect(await w.act(action, dossierId, extra), `${action} replayed`).toEqual(result);
  expect(await w.snapshot(dossierId), `${action} replayed`).toEqual(after);
  return result;
}

async function status(w: MemoryWorkflow, id: string) {
  return (await w.dossier(id)).status;
}

async function toCp(w: MemoryWorkflow, dispositifCode = '1.1') {
  const d = await w.file({ dispositifCode });
  await act(w, 'acknowledge-submission', d.id, {}, 'acknowledged');
  await act(w, 'mark-complete', d.id, { decision: await w.decided(d.id, 'completeness-check', 'complete') }, 'complete');
  await act(w, 'mark-ready-for-cp', d.id, { decision: await w.decided(d.id, 'chief-validation', 'approve') }, 'ready-for-cp');
  return d;
}

async function toExecution(w: MemoryWorkflow) {
  const d = await toCp(w);
  const cp = await w.decided(d.id, 'cp-decision', 'favourable', favourable(2_000_000), 'cp');
  await act(w, 'commit-envelope', d.id, { decision: cp }, 'committed');
  await act(w, 'record-cp-favourable', d.id, { decision: cp }, 'favourable');
  await act(w, 'draft-convention', d.id, {}, 'drafted');
  await act(
    w,
    'record-convention-signed',
    d.id,
    { decision: await w.decided(d.id, 'convention-signature', 'signed', { signedOn: '2026-03-05' }) },
    'signed',
  );
  await act(w, 'start-operation', d.id, {}, 'started');
  await act(w, 'pay-installment', d.id, { milestone: 'convention-signed' }, 'paid');
  return d;
}

describe('workflow actions, each once however many times it runs', () => {
  it('instruction: acknowledged, complete, validated, favourable within the envelope, convention drafted and signed', async () => {
    const w = await memoryWorkflow();
    const d = await toCp(w);
    expect(await status(w, d.id)).toBe('ready-for-cp');
    const cp = await w.decided(d.id, 'cp-decision', 'favourable', favourable(2_000_000), 'cp');
    await act(w, 'commit-envelope', d.id, { decision: cp }, 'committed');
    await act(w, 'record-cp-favourable', d.id, { decision: cp }, 'favourable');
    expect((await w.dossier(d.id)).amounts.grantedCents).toBe(2_000_000);
    await act(w, 'draft-convention', d.id, {}, 'drafted');
    expect(workflowOf(await w.dossier(d.id)).convention?.reference).toBe(`CONV-${d.reference}`);
    const signed = await w.decided(d.id, 'convention-signature', 'signed', { signedOn: '2026-03-05' });
    await act(w, 'record-convention-signed', d.id, { decision: signed }, 'signed');
    expect(await status(w, d.id)).toBe('convention-signed');
    const kinds = (await w.snapshot(d.id)) as { emails: { kind: string }[] };
    expect(kinds.emails.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['acknowledgement', 'decision-favourable', 'convention-to-sign']),
    );
  });

  it('instruction: complements asked then received, then asked again and missed (closed incomplete)', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    await act(w, 'acknowledge-submission', d.id);
    const ask = await w.decided(d.id, 'completeness-check', 'ask-complements', { complements: ['Statuts signés'] });
    await act(w, 'request-complements', d.id, { decision: ask }, 'complements-requested');
    expect(await status(w, d.id)).toBe('awaiting-complements');
    expect(await w.stores.deadlines.get(`${d.id}#complements#${ask.taskId}`)).toMatchObject({ status: 'pending' });
    await act(
      w,
      'complements-received',
      d.id,
      { decision: await w.decided(d.id, 'complements', 'complements-provided', undefined, 'porteur') },
      'received',
    );
    expect(await w.stores.deadlines.get(`${d.id}#complements#${ask.taskId}`)).toMatchObject({ status: 'met' });
    const again = await w.decided(d.id, 'completeness-check', 'ask-complements', { complements: ['Budget signé'] });
    await act(w, 'request-complements', d.id, { decision: again }, 'complements-requested');
    await act(w, 'close-incomplete', d.id, {}, 'closed-incomplete');
    expect(await status(w, d.id)).toBe('incomplete');
  });

  it('instruction: rejected by the chief; unfavourable and adjourned at the Commission Permanente', async () => {
    const w = await memoryWorkflow();
    const rejected = await w.file();
    await act(w, 'acknowledge-submission', rejected.id);
    await act(w, 'mark-complete', rejected.id, { decision: await w.decided(rejected.id, 'completeness-check', 'complete') });
    const no = await w.decided(rejected.id, 'chief-validation', 'reject', { reason: 'Hors des publics prioritaires.' }, 'chef');
    await act(w, 'reject-dossier', rejected.id, { decision: no }, 'rejected');
    const unfavourable = await toCp(w);
    const unf = await w.decided(unfavourable.id, 'cp-decision', 'unfavourable', {
      cpDate: '2026-04-10',
      deliberationNumber: 'CP-1',
      reason: 'Autres priorités.',
    });
    await act(w, 'record-cp-unfavourable', unfavourable.id, { decision: unf }, 'unfavourable');
    const adjourned = await toCp(w);
    const adj1 = await w.decided(adjourned.id, 'cp-decision', 'adjourned', { cpDate: '2026-04-10' });
    await act(w, 'record-cp-adjourned', adjourned.id, { decision: adj1 }, 'adjourned');
    // Adjourned a second time: a second adjournment, each once.
    const adj2 = await w.decided(adjourned.id, 'cp-decision', 'adjourned', { cpDate: '2026-05-15' });
    await act(w, 'record-cp-adjourned', adjourned.id, { decision: adj2 }, 'adjourned');
    expect((await w.stores.timeline.list(adjourned.id)).filter((e) => e.type === 'cp-adjourned')).toHaveLength(2);
    expect([await status(w, rejected.id), await status(w, unfavourable.id), await status(w, adjourned.id)]).toEqual([
      'rejected',
      'cp-unfavourable',
      'cp-adjourned',
    ]);
    // The record of an envelope exceeded (the state machine's catch, should a favourable decision come without its commitment).
    const other = await toCp(w);
    const cp = await w.decided(other.id, 'cp-decision', 'favourable', favourable(1_000), 'cp');
    await act(w, 'record-envelope-exceeded', other.id, { decision: cp, error: { Error: 'EnvelopeExceededError' } }, 'envelope-exceeded');
  });

  it('execution: operation started with the advance, comités, avenants, the end of the operation', async () => {
    const w = await memoryWorkflow();
    const d = await toExecution(w);
    expect(await status(w, d.id)).toBe('in-execution');
    expect((await w.dossier(d.id)).amounts.paidCents).toBeGreaterThan(0);
    await act(w, 'next-execution-event', d.id, {}, 'none');
    await queueExecutionEvent(w.deps, d.id, 'k1', { type: 'comite-scheduled', comiteDate: '2026-06-15' });
    const scheduled = await w.act('next-execution-event', d.id);
    await act(w, 'schedule-comite', d.id, { eventId: scheduled.eventId }, 'scheduled');
    expect(await w.stores.deadlines.get(`${d.id}#participant-list#2026-06-15`)).toMatchObject({ dueDate: '2026-06-05' });
    await queueExecutionEvent(w.deps, d.id, 'k2', { type: 'comite-held', comiteDate: '2026-06-15', minutes: 'Comité tenu.' });
    await act(w, 'record-comite-minutes', d.id, { eventId: (await w.act('next-execution-event', d.id)).eventId }, 'recorded');
    expect(workflowOf(await w.dossier(d.id)).comites[0]?.heldOn).toBe('2026-06-15');
    await queueExecutionEvent(w.deps, d.id, 'k3', { type: 'avenant-requested', subject: 'Prolongation', newEndDate: '2027-06-30' });
    const refuse = await w.decided(d.id, 'avenant-review', 'refuse', { reason: 'Hors délais de l’appel.' });
    await act(w, 'refuse-avenant', d.id, { eventId: (await w.act('next-execution-event', d.id)).eventId, decision: refuse }, 'refused');
    await queueExecutionEvent(w.deps, d.id, 'k4', { type: 'avenant-requested', subject: 'Prolongation', newEndDate: '2027-06-30' });
    const accept = await w.decided(d.id, 'avenant-review', 'accept');
    await act(w, 'apply-avenant', d.id, { eventId: (await w.act('next-execution-event', d.id)).eventId, decision: accept }, 'accepted');
    expect(workflowOf(await w.dossier(d.id)).operation?.endDate).toBe('2027-06-30');
    await act(w, 'next-execution-event', d.id, {}, 'none');
    await act(w, 'end-operation', d.id, {}, 'ended');
    expect(await status(w, d.id)).toBe('bilan-due');
  });

  it('bilan: owed, filed, more asked, filed again, accepted, balance paid, closed; and a missed bilan’s reimbursement', async () => {
    const w = await memoryWorkflow();
    const d = await toExecution(w);
    await act(w, 'end-operation', d.id);
    await act(w, 'open-bilan', d.id, {}, 'opened');
    await act(w, 'bilan-received', d.id, { decision: await w.decided(d.id, 'bilan', 'bilan-filed', sampleBilan(), 'porteur') }, 'received');
    const more = await w.decided(d.id, 'bilan-review', 'ask-more', { complements: ['Bilan financier signé'] });
    await act(w, 'request-bilan-complements', d.id, { decision: more }, 'complements-requested');
    await act(
      w,
      'bilan-received',
      d.id,
      { decision: await w.decided(d.id, 'bilan-complements', 'bilan-filed', sampleBilan(), 'porteur') },
      'received',
    );
    await act(w, 'accept-bilan', d.id, { decision: await w.decided(d.id, 'bilan-review', 'accept') }, 'accepted');
    await act(w, 'pay-installment', d.id, { milestone: 'bilan-accepted' }, 'paid');
    await act(w, 'close-dossier', d.id, {}, 'closed');
    expect(await status(w, d.id)).toBe('closed');
    const late = await toExecution(w);
    await act(w, 'end-operation', late.id);
    await act(w, 'open-bilan', late.id);
    // Not filed by its date: the demand is prepared and proposed to the service (data/sanctions.json), nothing sent yet.
    await act(w, 'prepare-reimbursement', late.id, {}, 'proposed');
    expect(await status(w, late.id)).toBe('bilan-due');
    expect(workflowOf(await w.dossier(late.id)).reimbursements).toMatchObject([
      { id: 'bilan-missing', ground: 'bilan-missing', status: 'proposed', amountCents: 1_000_000, totalPaidCents: 1_000_000 },
    ]);
    const delay = { until: '2027-09-15', reason: 'Bilan annoncé par courrier du directeur, retard de l’expert-comptable.' };
    await act(w, 'delay-reimbursement', late.id, { decision: await w.decided(late.id, 'reimbursement-review', 'delay', delay) }, 'delayed');
    const delayed = workflowOf(await w.dossier(late.id));
    expect(delayed.bilan?.extendedTo).toBe('2027-09-15');
    expect(delayed.reimbursements[0]).toMatchObject({ status: 'delayed', delayedTo: '2027-09-15' });
    expect((await w.snapshot(late.id)) as { emails: { kind: string }[] }).toMatchObject({
      emails: expect.arrayContaining([expect.objectContaining({ kind: 'deadline-extended' })]),
    });
    // The new date passed with no bilan: proposed again; the service validates; the demand is sent.
    await w.decided(late.id, 'reimbursement-review', 'validate');
    await act(w, 'demand-reimbursement', late.id, {}, 'reimbursement-demanded');
    expect(await status(w, late.id)).toBe('reimbursement-demanded');
    expect(workflowOf(await w.dossier(late.id)).reimbursements[0]).toMatchObject({ status: 'demanded' });
    const timeline = await w.stores.timeline.list(late.id);
    expect(timeline.find((e) => e.type === 'reimbursement-demanded')).toMatchObject({ actor: 'instructeur-1' });
  });

  it('bilan complements not sent in time: no reimbursement (the call gives no such ground), the bilan reviewed as filed', async () => {
    const w = await memoryWorkflow();
    const d = await toExecution(w);
    await act(w, 'end-operation', d.id);
    await act(w, 'open-bilan', d.id);
    await act(w, 'bilan-received', d.id, { decision: await w.decided(d.id, 'bilan', 'bilan-filed', sampleBilan(), 'porteur') }, 'received');
    const more = await w.decided(d.id, 'bilan-review', 'ask-more', { complements: ['Bilan financier signé'] });
    await act(w, 'request-bilan-complements', d.id, { decision: more }, 'complements-requested');
    await act(w, 'bilan-complements-missed', d.id, {}, 'review-as-filed');
    expect(await status(w, d.id)).toBe('bilan-review');
    expect(workflowOf(await w.dossier(d.id)).reimbursements).toEqual([]);
  });

  it('shared: an overdue task escalated once; an installment held while payments are suspended, once per suspension', async () => {
    const w = await memoryWorkflow();
    const d = await w.file();
    await act(w, 'acknowledge-submission', d.id);
    const task = await w.open(d.id, 'completeness-check');
    await act(w, 'escalate-overdue-task', d.id, { step: 'completeness-check' }, 'escalated');
    expect(await w.stores.tasks.get(task.id)).toMatchObject({ status: 'expired' });
    expect(workflowOf(await w.dossier(d.id)).steps['completeness-check']).toMatchObject({ escalations: 1 });
    const paying = await toExecution(w);
    await act(w, 'end-operation', paying.id);
    expect(await suspendPayments(w.deps, paying.id, 2026)).toBe(true);
    await act(w, 'pay-installment', paying.id, { milestone: 'bilan-accepted' }, 'suspended');
    expect((await w.stores.timeline.list(paying.id)).filter((e) => e.type === 'payment-held')).toHaveLength(1);
  });

  it('folded in one call (a state running several actions): each with its own fields, in order, then the plan of the next step', async () => {
    const w = await memoryWorkflow();
    const d = await toCp(w);
    const cp = await w.decided(d.id, 'cp-decision', 'favourable', favourable(2_000_000), 'cp');
    const folded = {
      decision: cp,
      andThen: [{ action: 'record-cp-favourable', decision: cp }, { action: 'draft-convention' }],
      plan: 'convention-signature',
      executionStartedAt: '2026-03-02T09:00:00.000Z',
    };
    const gets = vi.spyOn(w.stores.dossiers, 'get');
    const result = await w.act('commit-envelope', d.id, folded);
    expect(result).toMatchObject({ outcome: 'drafted', plan: { step: 'convention-signature', handOver: false, onTimeout: 'escalate' } });
    // The two decisions bring the dossier with their task; draft-convention and the plan take the one the action before left.
    expect(gets).not.toHaveBeenCalled();
    expect(await status(w, d.id)).toBe('convention-drafted');
    expect(workflowOf(await w.dossier(d.id)).steps['convention-signature']).toMatchObject({ escalations: 0 });
    const after = await w.snapshot(d.id);
    expect(await w.act('commit-envelope', d.id, folded)).toEqual(result);
    expect(await w.snapshot(d.id)).toEqual(after);
    await expect(w.act('commit-envelope', d.id, { ...folded, andThen: [{ action: 'no-such-action' }] })).rejects.toThrow(/no-such-action/);
  });

  it('the suspension proposed (data/sanctions.json): the service told, nothing suspended until it pronounces it, with its reason', async () => {
    const w = await memoryWorkflow();
    const d = await toExecution(w);
    const proposed = { ...SANCTIONS, 'payments-suspension': 'proposed' } as const;
    w.clock.set(new Date('2027-07-01T08:00:00.000Z'));
    expect(await suspendPayments(w.deps, d.id, 2026, proposed)).toBe(false);
    expect(await suspendPayments(w.deps, d.id, 2026, proposed)).toBe(false);
    expect(workflowOf(await w.dossier(d.id)).suspension).toBeUndefined();
    const timeline = await w.stores.timeline.list(d.id);
    expect(timeline.filter((e) => e.type === 'payments-suspension-proposed')).toHaveLength(1);
    const emails = timeline.filter((e) => e.type === 'email-queued').map((e) => e.data.kind);
    expect(emails).toContain('suspension-proposed');
    expect(emails).not.toContain('payments-suspended');
    const dossier = await w.dossier(d.id);
    await expect(
      suspendByService(w.deps, dossier, { fiscalYear: 2027, reason: 'Pas encore dus.', actor: 'instructeur-1' }),
    ).rejects.toMatchObject({
      field: 'exercice',
    });
    expect(
      await suspendByService(w.deps, dossier, { fiscalYear: 2026, reason: 'Aucune nouvelle du porteur.', actor: 'instructeur-1' }),
    ).toEqual({
      suspended: true,
    });
    expect(workflowOf(await w.dossier(d.id)).suspension).toEqual({ since: '2027-07-01', fiscalYears: [2026] });
    expect((await w.stores.timeline.list(d.id)).find((e) => e.type === 'payments-suspended')).toMatchObject({ actor: 'instructeur-1' });
  });

  it('plans a step unless the result routes elsewhere, echoing the ids (the state becomes what it returns)', async () => {
    const w = await memoryWorkflow();
    const d = await toExecution(w);
    const idle = { plan: 'operation-monitor', planUnless: { type: ['comite-scheduled'] }, executionStartedAt: '2026-03-02T09:00:00.000Z' };
    expect(await w.act('next-execution-event', d.id, idle)).toMatchObject({
      type: 'none',
      dossierId: d.id,
      generation: 1,
      plan: { step: 'operation-monitor', onTimeout: 'operation-ended' },
    });
    await queueExecutionEvent(w.deps, d.id, 'comite-1', { type: 'comite-scheduled', comiteDate: '2026-06-15' });
    expect(await w.act('next-execution-event', d.id, idle)).toMatchObject({ type: 'comite-scheduled', dossierId: d.id, plan: null });
  });

  it('covers every action of the registry', () => {
    expect([...covered].sort()).toEqual(Object.keys(ACTIONS).sort());
  });
});
