/**
 * Every branch of the execution and bilan workflows, on the local platform, with the clock moved
 * day by day and the daily enforcement run each day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTION_ACTIONS } from '#domain/workflow/actions/execution.ts';
import { recordAnnualDocuments } from '#domain/workflow/annual-documents.ts';
import { AvenantInvalidError } from '#domain/workflow/errors.ts';
import { queueExecutionEvent, wakeMonitor } from '#domain/workflow/execution-events.ts';
import { changeDossier } from '#domain/workflow/dossier-change.ts';
import { workflowOf, type ExecutionEvent } from '#domain/workflow/state.ts';
import { runDailyEnforcement } from '#domain/enforcement/daily-enforcement.ts';
import { morningOf, startHarness, type Harness } from '#test/support/workflow-harness.ts';
import { sampleBilan } from '#infra/local/sample-dossier.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-03-02');
});
afterAll(async () => {
  await h?.close();
});

const GRANTED = 4_000_000;

/** A dossier carried to its execution phase (operation 2026-04-01 → 2027-03-31, bilan due 2027-06-30). */
async function inExecution(dispositifCode = '1.1') {
  const d = await h.submit({ dispositifCode });
  await h.act(d.id, 'completeness-check', 'complete');
  await h.act(d.id, 'chief-validation', 'approve');
  await h.act(d.id, 'cp-decision', 'favourable', { amountCents: GRANTED, cpDate: h.today(), deliberationNumber: `CP-${d.reference}` });
  await h.act(d.id, 'convention-signature', 'signed', { signedOn: h.today() });
  expect((await h.dossier(d.id)).status).toBe('in-execution');
  return d;
}

describe('execution and bilan (one campaign, one clock)', () => {
  const ids: Record<string, string> = {};

  it('starts the operations', async () => {
    for (const name of ['comite', 'crashed', 'avenantRefused', 'avenantAccepted', 'suspended', 'late', 'onTime'])
      ids[name] = (await inExecution()).id;
  });

  it('comité with its J-8 notice: the porteur is told what to send to which MDS by when, reminded, and the minutes recorded', async () => {
    const id = ids.comite!;
    await h.event(id, { type: 'comite-scheduled', comiteDate: '2026-06-15' });
    const d = await h.dossier(id);
    expect(workflowOf(d).comites).toEqual([{ date: '2026-06-15', participantListDue: '2026-06-05' }]);
    expect(await h.emailKinds(id)).toContain('participant-list-notice');
    const deadlines = await h.platform.deps.deadlines.listOfDossier(id);
    expect(deadlines.find((x) => x.kind === 'participant-list')).toMatchObject({ dueDate: '2026-06-05', status: 'pending' });
    await h.openTask(id, 'operation-monitor');
    await h.advanceTo('2026-06-16');
    expect(
      (await h.platform.deps.deadlines.listOfDossier(id))
        .filter((x) => x.kind === 'reminder' && x.ref.startsWith('participant-list'))
        .map((x) => x.status),
    ).toEqual(['met', 'met']);
    await h.event(id, { type: 'comite-held', comiteDate: '2026-06-15', minutes: 'Comité tenu : 12 entrées, 3 sorties.' });
    expect(workflowOf(await h.dossier(id)).comites[0]?.heldOn).toBe('2026-06-15');
    expect(await h.timelineTypes(id)).toEqual(expect.arrayContaining(['comite-scheduled', 'comite-held']));
    await h.openTask(id, 'operation-monitor');
  });

  it('a comité handler killed before its commit leaves nothing half done: run again, it does everything once', async () => {
    const id = ids.crashed!;
    // The event as queued, the workflow not woken: the handlers are called here, as a re-run segment would.
    const event = {
      id: 'ev-crash',
      type: 'comite-scheduled',
      comiteDate: '2026-06-22',
      processed: false,
      queuedAt: h.clock.now().toISOString(),
    } as ExecutionEvent;
    const deps = h.platform.deps;
    await changeDossier(deps, id, (change) => {
      change.workflow.events.push(event);
      return undefined;
    });
    const input = { dossierId: id, generation: 1, executionName: `${id}-execution-1`, eventId: event.id };
    const before = await h.platform.deps.timeline.list(id);
    const killed = { ...deps, commits: { commit: () => Promise.reject(new Error('killed')) } };
    await expect(EXECUTION_ACTIONS['schedule-comite']!(killed, { ...input, action: 'schedule-comite' })).rejects.toThrow('killed');
    // Nothing of it was written: no email, no timeline event, the event still to handle.
    expect(await h.platform.deps.outbox.get(`participant-list-notice#${id}#2026-06-22`)).toBeUndefined();
    expect(await h.platform.deps.timeline.list(id)).toEqual(before);
    expect((await EXECUTION_ACTIONS['next-execution-event']!(deps, { ...input, action: 'next-execution-event' })).result).toMatchObject({
      outcome: 'event',
      eventId: event.id,
    });
    await EXECUTION_ACTIONS['schedule-comite']!(deps, { ...input, action: 'schedule-comite' });
    // Run a second time (a replay): nothing more.
    await EXECUTION_ACTIONS['schedule-comite']!(deps, { ...input, action: 'schedule-comite' });
    expect(await h.platform.deps.outbox.get(`participant-list-notice#${id}#2026-06-22`)).toMatchObject({ status: 'pending' });
    expect((await h.timelineTypes(id)).filter((t) => t === 'comite-scheduled')).toHaveLength(1);
    expect((await EXECUTION_ACTIONS['next-execution-event']!(deps, { ...input, action: 'next-execution-event' })).result).toMatchObject({
      outcome: 'none',
    });
  });

  it('a wake recorded but not handed to the workflow (a crash) is handed over when the call is retried', async () => {
    const id = ids.crashed!;
    const event = { type: 'comite-held', comiteDate: '2026-06-22', minutes: 'Comité tenu.' } as const;
    const down = { ...h.platform.deps, engine: { ...h.platform.deps.engine, sendTaskSuccess: () => Promise.reject(new Error('killed')) } };
    await expect(queueExecutionEvent(down, id, 'held-1', event)).rejects.toThrow('killed');
    await h.settle();
    expect(await h.timelineTypes(id)).not.toContain('comite-held');
    await queueExecutionEvent(h.platform.deps, id, 'held-1', event);
    await h.settle();
    expect(await h.timelineTypes(id)).toContain('comite-held');
    expect(workflowOf(await h.dossier(id)).comites.find((c) => c.date === '2026-06-22')?.heldOn).toBe('2026-06-22');
  });

  it('avenant refused: the execution period stays, the porteur gets the reason', async () => {
    const id = ids.avenantRefused!;
    await h.event(id, { type: 'avenant-requested', subject: 'Prolonger l’opération de trois mois', newEndDate: '2027-06-30' });
    const review = await h.openTask(id, 'avenant-review');
    expect(review.role).toBe('service-instructeur');
    await h.act(id, 'avenant-review', 'refuse', { reason: 'Aucun aléa majeur et exceptionnel n’est justifié.' });
    expect(workflowOf(await h.dossier(id)).operation?.endDate).toBe('2027-03-31');
    expect(await h.emailKinds(id)).toContain('avenant-refused');
    await h.openTask(id, 'operation-monitor');
  });

  it('avenant accepted: the operation ends later, and the workflow waits for the new end', async () => {
    const id = ids.avenantAccepted!;
    await h.event(id, {
      type: 'avenant-requested',
      subject: 'Prolonger l’opération (inondation des locaux)',
      newEndDate: '2027-05-31',
      hazardJustification: 'Inondation des locaux',
    });
    await h.act(id, 'avenant-review', 'accept');
    expect(workflowOf(await h.dossier(id)).operation?.endDate).toBe('2027-05-31');
    expect(await h.emailKinds(id)).toContain('avenant-accepted');
    const monitor = await h.openTask(id, 'operation-monitor');
    expect(monitor.dueAt.slice(0, 10)).toBe('2027-05-31');
  });

  it('avenant past the call’s end (« se clôtureront au maximum au 31 décembre 2027 »): refused even if the service accepts it', async () => {
    const id = ids.avenantRefused!;
    const avenant = {
      type: 'avenant-requested',
      subject: 'Prolonger l’opération jusqu’en 2029',
      newEndDate: '2029-06-30',
      hazardJustification: 'Incendie des locaux',
    } as const;
    await expect(h.event(id, avenant)).rejects.toThrow(AvenantInvalidError);
    // Queued as an older version did, without checking the date: the workflow still refuses it.
    await changeDossier(h.platform.deps, id, (change) => {
      change.workflow.events.push({ ...avenant, id: 'ev-2029', processed: false, queuedAt: h.clock.now().toISOString() });
      return undefined;
    });
    await wakeMonitor(h.platform.deps, await h.dossier(id));
    await h.settle();
    await h.act(id, 'avenant-review', 'accept');
    expect(workflowOf(await h.dossier(id)).operation?.endDate).toBe('2027-03-31');
    const refusal = (await h.platform.deps.timeline.list(id)).filter((e) => e.type === 'avenant-refused').at(-1);
    expect(refusal?.data.reason).toContain('au-delà du 31 décembre 2027');
    expect((await h.emailKinds(id)).filter((k) => k === 'avenant-refused')).toHaveLength(2);
    await h.openTask(id, 'operation-monitor');
  });

  it('the operations run past the one-year life of an execution: each hands over to a new generation', async () => {
    await h.advanceTo('2027-03-15');
    for (const id of Object.values(ids)) {
      expect(await h.executionStatus(id, 'execution', 1)).toBe('SUCCEEDED');
      expect(await h.executionStatus(id, 'execution', 2)).toBe('RUNNING');
      expect((await h.dossier(id)).status).toBe('in-execution');
    }
  });

  it('the operation ends: the bilan is owed by the dispositif’s delay, with reminders before', async () => {
    await h.advanceTo('2027-04-01');
    const d = await h.dossier(ids.onTime!);
    expect(d.status).toBe('bilan-due');
    expect(workflowOf(d).bilan?.dueDate).toBe('2027-06-30');
    expect(await h.executionStatus(d.id, 'bilan')).toBe('RUNNING');
    await h.openTask(d.id, 'bilan');
    expect((await h.dossier(ids.avenantAccepted!)).status).toBe('in-execution');
  });

  it('bilan on time: reviewed, accepted, balance paid, dossier closed', async () => {
    const id = ids.onTime!;
    await recordAnnualDocuments(h.platform.deps, await h.dossier(id), 2026, 'porteur');
    await h.advanceTo('2027-06-01');
    expect(await h.emailKinds(id)).toContain('bilan-reminder');
    await h.act(id, 'bilan', 'bilan-filed', sampleBilan(), 'porteur');
    expect((await h.dossier(id)).status).toBe('bilan-review');
    await h.act(id, 'bilan-review', 'ask-more', { complements: ['Tableau des sorties positives'] });
    expect((await h.dossier(id)).status).toBe('bilan-due');
    await h.act(id, 'bilan-complements', 'bilan-filed', sampleBilan(), 'porteur');
    await h.act(id, 'bilan-review', 'accept');
    const closed = await h.dossier(id);
    expect(closed.status).toBe('closed');
    expect(closed.amounts).toMatchObject({ grantedCents: GRANTED, paidCents: GRANTED });
    expect(await h.executionStatus(id, 'bilan')).toBe('SUCCEEDED');
    expect(await h.emailKinds(id)).toEqual(expect.arrayContaining(['payment-made', 'dossier-closed']));
  });

  it('annual documents late ⇒ payments suspended ⇒ the balance waits ⇒ documents filed ⇒ suspension lifted and balance paid', async () => {
    const id = ids.suspended!;
    await h.advanceTo('2027-06-20');
    await h.act(id, 'bilan', 'bilan-filed', sampleBilan(), 'porteur');
    await h.advanceTo('2027-07-02'); // annual documents of 2026 were due on 2027-06-30
    const suspended = await h.dossier(id);
    expect(workflowOf(suspended).suspension).toEqual({ since: '2027-07-01', fiscalYears: [2026] });
    expect(await h.emailKinds(id)).toContain('payments-suspended');
    await h.act(id, 'bilan-review', 'accept');
    const hold = await h.openTask(id, 'payment-hold');
    expect(hold.role).toBe('porteur');
    expect((await h.dossier(id)).amounts.paidCents).toBe(GRANTED / 2);
    // The first call stops after recording the documents, before lifting the hold (a crash there): its retry lifts it.
    const deps = h.platform.deps;
    const stopping = {
      ...deps,
      tasks: Object.assign(Object.create(deps.tasks), { getForDecision: () => Promise.reject(new Error('stopped')) }),
    };
    await expect(recordAnnualDocuments(stopping, await h.dossier(id), 2026, 'porteur')).rejects.toThrow('stopped');
    expect(workflowOf(await h.dossier(id)).suspension).toBeUndefined();
    expect((await h.dossier(id)).status).toBe('bilan-review');
    await recordAnnualDocuments(deps, await h.dossier(id), 2026, 'porteur');
    await h.settle();
    const closed = await h.dossier(id);
    expect(workflowOf(closed).suspension).toBeUndefined();
    expect(closed.status).toBe('closed');
    expect(closed.amounts.paidCents).toBe(GRANTED);
    expect(await h.emailKinds(id)).toEqual(expect.arrayContaining(['payments-resumed', 'dossier-closed']));
  });

  it('bilan late ⇒ warned the day after its due date ⇒ once the grace period ends, a reimbursement demand prepared for the service, which grants a delay, then validates it', async () => {
    const id = ids.late!;
    await h.advanceTo('2027-07-03');
    expect((await h.dossier(id)).status).toBe('bilan-due');
    expect(await h.emailKinds(id)).toContain('bilan-overdue');
    await h.advanceTo('2027-07-16'); // due 2027-06-30, then 15 days of grace (data/workflow-steps.json)
    // A financial act: prepared (what is missing since when, the total paid), nothing sent until the service decides.
    const proposed = await h.dossier(id);
    expect(proposed.status).toBe('bilan-due');
    expect(workflowOf(proposed).reimbursements).toMatchObject([
      { ground: 'bilan-missing', missingSince: '2027-06-30', totalPaidCents: GRANTED / 2, amountCents: GRANTED / 2, status: 'proposed' },
    ]);
    expect(await h.emailKinds(id)).not.toContain('reimbursement-demand');
    const review = await h.openTask(id, 'reimbursement-review');
    expect(review.role).toBe('service-instructeur');
    await h.act(id, 'reimbursement-review', 'delay', {
      until: '2027-08-31',
      reason: 'Le porteur annonce le bilan par courrier du 12 juillet.',
    });
    expect(await h.emailKinds(id)).toContain('deadline-extended');
    await h.openTask(id, 'bilan'); // the porteur may file it until then
    await h.advanceTo('2027-09-02'); // the new date passed, no bilan: proposed again
    await h.act(id, 'reimbursement-review', 'validate');
    const d = await h.dossier(id);
    expect(d.status).toBe('reimbursement-demanded');
    expect(await h.executionStatus(id, 'bilan')).toBe('SUCCEEDED');
    expect(await h.emailKinds(id)).toEqual(expect.arrayContaining(['bilan-reminder', 'bilan-overdue', 'reimbursement-demand']));
    const timeline = await h.platform.deps.timeline.list(id);
    expect(timeline.find((e) => e.type === 'reimbursement-demanded')?.data).toMatchObject({
      amountPaidCents: GRANTED / 2,
      ground: 'bilan-missing',
    });
    expect(await h.verifyTimeline(id)).toMatchObject({ ok: true });
  });

  it('once the reimbursement is demanded nothing more is owed: the annual documents of 2027 never fall due as « missed »', async () => {
    const id = ids.late!;
    const annual2027 = (await h.platform.deps.deadlines.listOfDossier(id)).find((x) => x.kind === 'annual-documents' && x.ref === '2027');
    expect(annual2027).toMatchObject({ dueDate: '2028-06-30', status: 'cancelled' });
    // The days after they would have been due: the daily enforcement finds nothing of this dossier to mark missed, nor to send.
    const emails = await h.emailKinds(id);
    h.clock.set(morningOf('2028-07-03'));
    await runDailyEnforcement(h.platform.deps);
    const after = await h.platform.deps.deadlines.listOfDossier(id);
    expect(after.find((x) => x.kind === 'annual-documents' && x.ref === '2027')?.status).toBe('cancelled');
    expect(await h.emailKinds(id)).toEqual(emails);
  });
});
