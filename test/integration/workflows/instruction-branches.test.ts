/**
 * Every branch of the instruction workflow, on the local platform (dynalite + the durable Step
 * Functions runtime executing workflows/instruction.asl.json + the functions' handlers).
 */
import { EnvelopeExceededError } from '#domain/ports/errors.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowOf } from '#domain/workflow/state.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
});
afterAll(async () => {
  await h?.close();
});

const favourable = (amountCents: number) => ({ amountCents, cpDate: '2026-04-10', deliberationNumber: 'CP-2026-04-112' });

async function toCp(dispositifCode = '1.1') {
  const d = await h.submit({ dispositifCode });
  await h.act(d.id, 'completeness-check', 'complete');
  await h.act(d.id, 'chief-validation', 'approve', undefined, 'chef-1');
  return d;
}

describe('instruction', () => {
  it('acknowledges a submission and opens the completeness check for the service of its territory', async () => {
    const d = await h.submit();
    const task = await h.openTask(d.id, 'completeness-check');
    expect(task).toMatchObject({ role: 'service-instructeur', territory: d.territory, allowedDecisions: ['complete', 'ask-complements'] });
    expect((await h.dossier(d.id)).status).toBe('completeness-check');
    expect(await h.emailKinds(d.id)).toEqual(expect.arrayContaining(['acknowledgement', 'task-assigned']));
  });

  it('accepted: complete → approved → favourable within the envelope → convention signed → execution starts with the advance', async () => {
    const d = await toCp();
    expect((await h.dossier(d.id)).status).toBe('ready-for-cp');
    const cpTask = await h.openTask(d.id, 'cp-decision');
    expect(cpTask).toMatchObject({ role: 'secretariat-cp', territory: 'departement' });
    await h.act(d.id, 'cp-decision', 'favourable', favourable(4_000_000), 'secretariat-1');
    expect((await h.dossier(d.id)).status).toBe('convention-drafted');
    await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
    expect(await h.executionStatus(d.id, 'instruction')).toBe('SUCCEEDED');
    expect(await h.executionStatus(d.id, 'execution')).toBe('RUNNING');
    const after = await h.dossier(d.id);
    expect(after.status).toBe('in-execution');
    expect(after.amounts).toMatchObject({ grantedCents: 4_000_000, paidCents: 2_000_000 });
    await h.openTask(d.id, 'operation-monitor');
    expect(await h.emailKinds(d.id)).toEqual(expect.arrayContaining(['decision-favourable', 'convention-to-sign', 'payment-made']));
    expect(await h.platform.deps.envelopes.commitmentOf('1.1', d.id)).toBe(4_000_000);
  });

  it('rejected by the chief of SLAI/SLISL, with the reason sent to the porteur', async () => {
    const d = await h.submit();
    await h.act(d.id, 'completeness-check', 'complete');
    await h.act(d.id, 'chief-validation', 'reject', { reason: 'Public visé hors des publics prioritaires.' }, 'chef-1');
    expect((await h.dossier(d.id)).status).toBe('rejected');
    expect(await h.executionStatus(d.id, 'instruction')).toBe('SUCCEEDED');
    expect(await h.emailKinds(d.id)).toContain('decision-rejected');
    expect(await h.timelineTypes(d.id)).toContain('dossier-rejected');
  });

  it('unfavourable at the Commission Permanente', async () => {
    const d = await toCp();
    await h.act(d.id, 'cp-decision', 'unfavourable', {
      cpDate: '2026-04-10',
      deliberationNumber: 'CP-2026-04-113',
      reason: 'Enveloppe réservée à d’autres priorités.',
    });
    expect((await h.dossier(d.id)).status).toBe('cp-unfavourable');
    expect(await h.executionStatus(d.id, 'instruction')).toBe('SUCCEEDED');
    expect(await h.emailKinds(d.id)).toContain('decision-unfavourable');
  });

  it('adjourned, then favourable at the next session', async () => {
    const d = await toCp();
    await h.act(d.id, 'cp-decision', 'adjourned', { cpDate: '2026-04-10', nextSessionDate: '2026-05-15' });
    expect((await h.dossier(d.id)).status).toBe('cp-adjourned');
    expect(await h.emailKinds(d.id)).toContain('decision-adjourned');
    await h.act(d.id, 'cp-decision', 'favourable', { ...favourable(1_000_000), cpDate: '2026-05-15' });
    expect((await h.dossier(d.id)).status).toBe('convention-drafted');
  });

  it('envelope exceeded: the decision is refused in the answer and nothing is written; the secretariat decides again; never negative', async () => {
    const code = '1.2';
    const { dispositifByCode } = h.platform.deps.catalog;
    const total = dispositifByCode(code)!.envelopeCents;
    const first = await toCp(code);
    await h.act(first.id, 'cp-decision', 'favourable', favourable(total - 500_000));
    const second = await toCp(code);
    const task = await h.openTask(second.id, 'cp-decision');
    const before = await h.dossier(second.id);
    const refused = await h.act(second.id, 'cp-decision', 'favourable', favourable(1_000_000)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(EnvelopeExceededError);
    expect(refused).toMatchObject({ dispositifCode: code, requestedCents: 1_000_000, remainingCents: 500_000 });
    // Nothing written: the task still open, the dossier as it was, the envelope unchanged.
    expect(await h.openTask(second.id, 'cp-decision')).toEqual(task);
    expect(await h.dossier(second.id)).toEqual(before);
    expect(await h.platform.deps.envelopes.get(code)).toMatchObject({ committedCents: total - 500_000, remainingCents: 500_000 });
    await h.act(second.id, 'cp-decision', 'favourable', favourable(500_000));
    expect((await h.dossier(second.id)).status).toBe('convention-drafted');
    expect((await h.platform.deps.envelopes.get(code))?.remainingCents).toBe(0);
  });

  it('complements asked then given: back to the completeness check', async () => {
    const d = await h.submit();
    await h.act(d.id, 'completeness-check', 'ask-complements', { complements: ['Attestation CAF des participants', 'Budget signé'] });
    const waiting = await h.dossier(d.id);
    expect(waiting.status).toBe('awaiting-complements');
    expect(workflowOf(waiting).complements?.items).toHaveLength(2);
    const porteurTask = await h.openTask(d.id, 'complements');
    expect(porteurTask.role).toBe('porteur');
    expect(await h.emailKinds(d.id)).toContain('complements-request');
    await h.act(d.id, 'complements', 'complements-provided', undefined, `porteur:${d.porteurId}`);
    expect((await h.dossier(d.id)).status).toBe('completeness-check');
    const again = await h.openTask(d.id, 'completeness-check');
    expect(again.id).not.toBe(porteurTask.id);
    await h.act(d.id, 'completeness-check', 'complete');
    expect((await h.dossier(d.id)).status).toBe('chief-validation');
  });

  it('complements deadline missed: the dossier is closed as incomplete', async () => {
    const d = await h.submit();
    await h.act(d.id, 'completeness-check', 'ask-complements', { complements: ['Statuts de l’association'] });
    const due = workflowOf(await h.dossier(d.id)).complements!.dueDate;
    await h.advanceTo(due);
    expect((await h.dossier(d.id)).status).toBe('awaiting-complements');
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
    await h.advanceTo(h.today() < due ? due : h.today()); // still within the due day
    await h.advanceTo(nextDay(due));
    expect((await h.dossier(d.id)).status).toBe('incomplete');
    expect(await h.executionStatus(d.id, 'instruction')).toBe('SUCCEEDED');
    expect(await h.emailKinds(d.id)).toContain('dossier-incomplete');
  });
});

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
