/**
 * The storage ports' contract, one suite run against every implementation (adapters/memory and
 * adapters/dynamodb over dynalite): what each port answers, every condition of a commit and what
 * its refusal says, and that a refused commit writes nothing. The two cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import {
  AlreadyDoneError,
  ContentAlreadyFiledError,
  DecisionNotAllowedError,
  EmailAlreadySentError,
  EnvelopeConflictError,
  EnvelopeExceededError,
  RecordAlreadyExistsError,
  RecordNotFoundError,
  TaskAlreadyDecidedError,
  VersionConflictError,
} from '#domain/ports/errors.ts';
import type { DossierCommit } from '#domain/ports/commit.ts';
import { composeTaskId, deadlineId, type Dossier, type NewOutboxEmail, type NewTask } from '#domain/ports/records.ts';
import type { Stores } from '#domain/ports/stores.ts';
import type { ManualClock } from '#domain/time/clock.ts';
import { chainEvent, verifyChain } from '#domain/timeline/hash-chain.ts';
import { DossierChange } from '#domain/workflow/dossier-change.ts';
import { WORKFLOW_STATE_STAMP } from '#domain/workflow/state.ts';
import { ACKNOWLEDGEMENT } from '#domain/notifications/instruction.ts';

export interface StoresUnderTest {
  stores: Stores;
  clock: ManualClock;
}

export type MakeStores = (options?: { retention?: { idempotencyRecord?: number; sentEmail?: number } }) => Promise<StoresUnderTest>;

const T0 = '2026-03-02T09:00:00.000Z';
let n = 0;
/** A fresh dossier id (URL-safe). */
const freshId = (prefix = 'd') => `${prefix}${String(++n).padStart(5, '0')}x${Math.random().toString(36).slice(2, 8)}`;

function emptyCommit(dossier: Dossier, expectedVersion: number): DossierCommit {
  return { dossier, expectedVersion, events: [], emails: [], deadlines: [], closeDeadlines: [], tasks: [], closeTasks: [] };
}

/** A filed dossier's profile, as the stores keep it. */
export const PROFILE: Dossier['profile'] = {
  porteurName: 'Association L’Escale',
  contactEmail: 'escale@example.org',
  projectTitle: 'Remobilisation',
  territories: ['arrageois'],
  publics: ['beneficiaires-rsa'],
  operation: { startDate: '2026-04-01', endDate: '2027-03-31' },
  fiscalYearEnd: '12-31',
};

/** Files a dossier the way submit.ts does: the dossier, its submission, its first event, its content claim and reference. */
async function file(
  s: StoresUnderTest,
  options: { id?: string; porteurId?: string; dispositifCode?: string; status?: Dossier['status']; content?: string } = {},
): Promise<Dossier> {
  const id = options.id ?? freshId();
  const dispositifCode = options.dispositifCode ?? '1.1';
  const found = await s.stores.filings.lookup(id, options.content ?? `content-of-${id}`, dispositifCode);
  const now = s.clock.now().toISOString();
  const event = chainEvent(undefined, { dossierId: id, at: now, type: 'dossier-submitted', actor: 'porteur:p', data: {} });
  const dossier: Dossier = {
    id,
    reference: `AAP26-${dispositifCode}-${String(found.lastReferenceNumber + 1).padStart(6, '0')}`,
    porteurId: options.porteurId ?? 'porteur-1',
    dispositifCode,
    territory: 'arrageois',
    status: options.status ?? 'submitted',
    statusHistory: [{ status: options.status ?? 'submitted', at: now }],
    profile: PROFILE,
    amounts: { requestedCents: 1_000_000, paidCents: 0 },
    workflow: {},
    head: { seq: 1, hash: event.hash },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await s.stores.commits.commit({
    ...emptyCommit(dossier, 0),
    events: [event],
    filing: {
      contentKey: options.content ?? `content-of-${id}`,
      fingerprint: `fp-${id}`,
      previousReferenceNumber: found.lastReferenceNumber,
      submission: { answer: 42, nested: { ok: true } },
    },
  });
  return dossier;
}

/** Commits a change built as the domain builds it. */
async function change(s: StoresUnderTest, dossier: Dossier, build: (c: DossierChange) => void, result: unknown = null): Promise<Dossier> {
  const c = new DossierChange(dossier, s.clock);
  build(c);
  const commit = c.toCommit(result as never);
  await s.stores.commits.commit(commit);
  return commit.dossier;
}

const email = (key: string, dossierId: string): NewOutboxEmail => ({
  idempotencyKey: key,
  to: ['porteur@example.org'],
  subject: `Objet ${key}`,
  text: 'Bonjour',
  html: '<p>Bonjour</p>',
  kind: 'acknowledgement',
  dossierId,
});

const task = (dossierId: string, n: number, over: Partial<NewTask> = {}): NewTask => ({
  id: composeTaskId(dossierId, `t${String(n).padStart(21, '0')}`),
  dossierId,
  kind: 'completeness-check',
  role: 'service-instructeur',
  territory: 'arrageois',
  allowedDecisions: ['complete', 'ask-complements'],
  dueAt: '2026-03-20T22:59:59.999Z',
  taskToken: `token-${dossierId}-${n}`,
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

export function storesContract(name: string, make: MakeStores): void {
  describe(`storage contract: ${name}`, () => {
    it('files a dossier with its submission, first event, content claim and reference; a second filing of it is refused whole', async () => {
      const s = await make();
      const d = await file(s, { dispositifCode: '2.4' });
      expect(await s.stores.dossiers.get(d.id)).toEqual(d);
      expect(await s.stores.dossiers.getSubmission(d.id)).toEqual({ answer: 42, nested: { ok: true } });
      expect(await s.stores.filings.lookup(d.id, `content-of-${d.id}`, '2.4')).toEqual({
        filedFingerprint: `fp-${d.id}`,
        sameContentAs: d.id,
        lastReferenceNumber: 1,
      });
      const again = await refusal(file(s, { id: d.id, dispositifCode: '2.4', content: 'other content' }));
      expect(again).toBeInstanceOf(RecordAlreadyExistsError);
      // Nothing of the refused filing: the counter and the content claim as they were.
      expect((await s.stores.filings.lookup('x', 'other content', '2.4')).lastReferenceNumber).toBe(1);
      expect((await s.stores.filings.lookup('x', 'other content', '2.4')).sameContentAs).toBeUndefined();
      expect(await s.stores.timeline.list(d.id)).toHaveLength(1);
    });

    it('refuses a filing whose content another dossier claims, or whose reference number another filing took', async () => {
      const s = await make();
      const first = await file(s, { content: 'same', dispositifCode: '3.1' });
      const dup = await refusal(file(s, { content: 'same', dispositifCode: '3.1' }));
      expect(dup).toBeInstanceOf(ContentAlreadyFiledError);
      expect((dup as ContentAlreadyFiledError).existingDossierId).toBe(first.id);
      // A filing decided on a stale reference number: refused as a conflict, to take the next one.
      const id = freshId();
      const stale = await s.stores.filings.lookup(id, 'content-b', '3.1');
      await file(s, { dispositifCode: '3.1' });
      const now = s.clock.now().toISOString();
      const event = chainEvent(undefined, { dossierId: id, at: now, type: 'dossier-submitted', actor: 'p', data: {} });
      const dossier = { ...first, id, head: { seq: 1, hash: event.hash }, version: 1 };
      const conflict = await refusal(
        s.stores.commits.commit({
          ...emptyCommit(dossier, 0),
          events: [event],
          filing: { contentKey: 'content-b', fingerprint: 'fp', previousReferenceNumber: stale.lastReferenceNumber, submission: {} },
        }),
      );
      expect(conflict).toBeInstanceOf(VersionConflictError);
      expect(await s.stores.dossiers.get(id)).toBeUndefined();
      expect((await s.stores.filings.lookup(id, 'content-b', '3.1')).lastReferenceNumber).toBe(2);
    });

    it('forgets a content claim after its retention period (the same content may be filed again)', async () => {
      const s = await make({ retention: { idempotencyRecord: 30 } });
      await file(s, { content: 'kept a while', dispositifCode: '1.2' });
      expect((await s.stores.filings.lookup('x', 'kept a while', '1.2')).sameContentAs).toBeDefined();
      s.clock.advance(31 * 86_400_000);
      expect((await s.stores.filings.lookup('x', 'kept a while', '1.2')).sameContentAs).toBeUndefined();
      await file(s, { content: 'kept a while', dispositifCode: '1.2' });
    });

    it('commits a change with its events chained after the head; a change decided on an old version is refused, writing nothing', async () => {
      const s = await make();
      const d = await file(s);
      const after = await change(s, d, (c) => {
        c.setStatus('completeness-check').record('submission-acknowledged', { n: 1 });
        c.email(ACKNOWLEDGEMENT, { key: `acknowledgement#${d.id}`, to: ['a@example.org'], params: ackParams });
      });
      // Read back whole, with the stamp of the schema that validated its workflow state (domain/workflow/state.ts).
      expect(after.workflowStamp).toBe(WORKFLOW_STATE_STAMP);
      expect(await s.stores.dossiers.get(d.id)).toEqual(after);
      const timeline = await s.stores.timeline.list(d.id);
      expect(timeline.map((e) => e.type)).toEqual(['dossier-submitted', 'submission-acknowledged', 'email-queued']);
      expect(verifyChain(d.id, timeline)).toEqual({ ok: true, count: 3 });
      expect(after.head).toEqual({ seq: 3, hash: timeline[2]!.hash });
      // The same change decided on the version before: refused, nothing of it written.
      const stale = await refusal(
        change(s, d, (c) => {
          c.record('late');
          c.email(ACKNOWLEDGEMENT, { key: 'late-email', to: ['a@example.org'], params: ackParams });
          c.schedule({ kind: 'complements', ref: 'r', dueDate: '2026-04-01' });
        }),
      );
      expect(stale).toBeInstanceOf(VersionConflictError);
      expect((stale as VersionConflictError).actualVersion).toBe(2);
      expect(await s.stores.timeline.list(d.id)).toHaveLength(3);
      expect(await s.stores.outbox.get('late-email')).toBeUndefined();
      expect(await s.stores.deadlines.listOfDossier(d.id)).toEqual([]);
    });

    it('writes of a stored dossier what a change changed only: the other fields and workflow members stay as stored', async () => {
      const s = await make();
      const d = await file(s);
      const first = await change(s, d, (c) => {
        c.workflow.cp = { cpDate: '2026-05-12' };
        c.workflow.operation = { startDate: '2026-04-01', endDate: '2027-03-31' };
        c.setAmounts({ ...c.amounts, grantedCents: 800_000 });
      });
      expect(await s.stores.dossiers.get(d.id)).toEqual(first);
      // One member changed, one removed, the status moved (its listing with it); the rest as stored.
      const second = await change(s, first, (c) => {
        c.workflow.cp = { cpDate: '2026-06-09' };
        delete c.workflow.operation;
        c.setStatus('completeness-check').record('moved');
      });
      expect(second.workflow.cp).toEqual({ cpDate: '2026-06-09' });
      expect(second.workflow).not.toHaveProperty('operation');
      expect(second.amounts.grantedCents).toBe(800_000);
      expect(await s.stores.dossiers.get(d.id)).toEqual(second);
      expect((await s.stores.dossiers.listByStatus('completeness-check')).map((x) => x.id)).toContain(d.id);
      expect((await s.stores.dossiers.listByStatus('submitted')).map((x) => x.id)).not.toContain(d.id);
      // A commit that says what it changed writes only that, whatever else its dossier holds.
      const third = await change(s, second, (c) => c.record('noted'));
      await s.stores.commits.commit({
        ...emptyCommit({ ...third, territory: 'other', workflow: {}, version: 5 }, 4),
        changed: { fields: [], workflowParts: [] },
      });
      expect(await s.stores.dossiers.get(d.id)).toEqual({ ...third, version: 5 });
    });

    it('commits an action once under its marker: the second commit is refused with the first one’s result, writing nothing', async () => {
      const s = await make();
      const d = await file(s);
      const first = await change(s, d, (c) => c.markAs('payment-held#advance#2026-05-01').record('payment-held'), { outcome: 'suspended' });
      const again = await refusal(
        change(s, first, (c) => c.markAs('payment-held#advance#2026-05-01').record('payment-held'), { outcome: 'x' }),
      );
      expect(again).toBeInstanceOf(AlreadyDoneError);
      expect((again as AlreadyDoneError).result).toEqual({ outcome: 'suspended' });
      expect((await s.stores.timeline.list(d.id)).filter((e) => e.type === 'payment-held')).toHaveLength(1);
      expect(await s.stores.dossiers.get(d.id)).toEqual(first);
    });

    it('skips the idempotent parts already done and applies the rest: an email, a deadline, a task already there; a deadline or task already closed', async () => {
      const s = await make();
      const d = await file(s);
      const t1 = task(d.id, 1);
      const v2 = await change(s, d, (c) => {
        c.email(ACKNOWLEDGEMENT, { key: 'k1', to: ['a@example.org'], params: ackParams });
        c.schedule({ kind: 'complements', ref: 'r1', dueDate: '2026-04-01' });
        c.openTask(t1);
      });
      const sentKey = 'k1';
      await s.stores.outbox.markSent(sentKey, 'm-1');
      const v3a = await change(s, v2, (c) => {
        c.email(ACKNOWLEDGEMENT, { key: 'k1', to: ['other@example.org'], params: ackParams });
        c.schedule({ kind: 'complements', ref: 'r1', dueDate: '2026-05-01' });
        c.openTask({ ...t1, role: 'other' });
        c.email(ACKNOWLEDGEMENT, { key: 'k2', to: ['b@example.org'], params: ackParams });
      });
      const v3 = await change(s, v3a, (c) => c.meet('complements', 'r1').closeTask(t1.id, 'expired'));
      // What was there stays as it was; the new parts are applied.
      expect(await s.stores.outbox.get('k1')).toMatchObject({ status: 'sent', to: ['a@example.org'] });
      expect(await s.stores.outbox.get('k2')).toMatchObject({ status: 'pending', to: ['b@example.org'] });
      expect(await s.stores.deadlines.get(deadlineId(d.id, 'complements', 'r1'))).toMatchObject({ dueDate: '2026-04-01', status: 'met' });
      expect(await s.stores.tasks.get(t1.id)).toMatchObject({ role: 'service-instructeur', status: 'expired' });
      // Closing again what is closed changes nothing.
      await change(s, v3, (c) => c.meet('complements', 'r1').closeTask(t1.id, 'cancelled').record('again'));
      expect(await s.stores.deadlines.get(deadlineId(d.id, 'complements', 'r1'))).toMatchObject({ status: 'met' });
      expect(await s.stores.tasks.get(t1.id)).toMatchObject({ status: 'expired' });
    });

    it('decides an open task once: a second decision says who decided; a decision the task does not allow, or of no task, is refused; nothing written', async () => {
      const s = await make();
      const d = await file(s);
      const t = task(d.id, 1);
      const v2 = await change(s, d, (c) => c.openTask(t).record('task-opened'));
      const found = await s.stores.tasks.getForDecision(t.id);
      expect(found).toMatchObject({ task: { id: t.id, status: 'open' }, taskToken: t.taskToken, dossier: v2 });
      expect(found!.task).not.toHaveProperty('taskToken');
      const notAllowed = await refusal(change(s, v2, (c) => c.decide({ taskId: t.id, decision: 'approve', decidedBy: 'bob' }).record('x')));
      expect(notAllowed).toBeInstanceOf(DecisionNotAllowedError);
      expect((notAllowed as DecisionNotAllowedError).allowed).toEqual(['complete', 'ask-complements']);
      const v3 = await change(s, v2, (c) =>
        c.decide({ taskId: t.id, decision: 'complete', decidedBy: 'alice', comment: 'ok', details: { a: 1 } }).record('task-decided'),
      );
      expect(await s.stores.tasks.get(t.id)).toMatchObject({
        status: 'decided',
        decision: 'complete',
        decidedBy: 'alice',
        decidedAt: v3.updatedAt,
        comment: 'ok',
        details: { a: 1 },
        version: 2,
      });
      const second = await refusal(
        change(s, v3, (c) => c.decide({ taskId: t.id, decision: 'ask-complements', decidedBy: 'bob' }).record('y')),
      );
      expect(second).toBeInstanceOf(TaskAlreadyDecidedError);
      expect(second).toMatchObject({ status: 'decided', decision: 'complete', decidedBy: 'alice' });
      const none = await refusal(
        change(s, v3, (c) => c.decide({ taskId: composeTaskId(d.id, 'n'.repeat(22)), decision: 'complete', decidedBy: 'bob' })),
      );
      expect(none).toBeInstanceOf(RecordNotFoundError);
      expect(await s.stores.dossiers.get(d.id)).toEqual(v3);
      expect(await s.stores.tasks.getForDecision(composeTaskId(d.id, 'n'.repeat(22)))).toBeUndefined();
    });

    it('keeps a decision on the queue to confirm, by when it was decided, until confirmed', async () => {
      const s = await make();
      const d = await file(s);
      const [a, b] = [task(d.id, 1), task(d.id, 2, { kind: 'chief-validation', allowedDecisions: ['approve'] })];
      let v = await change(s, d, (c) => c.openTask(a).openTask(b));
      v = await change(s, v, (c) => c.decide({ taskId: a.id, decision: 'complete', decidedBy: 'x' }));
      const decidedA = s.clock.now();
      s.clock.advance(60_000);
      v = await change(s, v, (c) => c.decide({ taskId: b.id, decision: 'approve', decidedBy: 'y' }));
      expect((await s.stores.tasks.listUnconfirmedDecisions(decidedA, 10)).map((u) => u.taskId)).toEqual([a.id]);
      const both = await s.stores.tasks.listUnconfirmedDecisions(s.clock.now(), 10);
      expect(both).toEqual([
        { taskId: a.id, dossierId: d.id, decision: 'complete', decidedAt: decidedA.toISOString(), taskToken: a.taskToken },
        expect.objectContaining({ taskId: b.id, taskToken: b.taskToken }),
      ]);
      expect(await s.stores.tasks.listUnconfirmedDecisions(s.clock.now(), 1)).toHaveLength(1);
      await s.stores.tasks.confirmDecisionDelivered(a.id);
      await s.stores.tasks.confirmDecisionDelivered(a.id);
      expect((await s.stores.tasks.listUnconfirmedDecisions(s.clock.now(), 10)).map((u) => u.taskId)).toEqual([b.id]);
    });

    it('a commit confirming a decision takes it off the queue to confirm; on a task not decided it writes the rest and leaves the task', async () => {
      const s = await make();
      const d = await file(s);
      const [a, b] = [task(d.id, 1), task(d.id, 2, { kind: 'chief-validation', allowedDecisions: ['approve'] })];
      let v = await change(s, d, (c) => c.openTask(a).openTask(b));
      v = await change(s, v, (c) => c.decide({ taskId: a.id, decision: 'complete', decidedBy: 'x' }));
      s.clock.advance(60_000);
      v = await change(s, v, (c) => c.record('step-applied').confirmDecision(a.id));
      expect(await s.stores.tasks.listUnconfirmedDecisions(s.clock.now(), 10)).toEqual([]);
      expect(await s.stores.tasks.get(a.id)).toMatchObject({ status: 'decided', decision: 'complete', version: 2 });
      const before = v.version;
      v = await change(s, v, (c) => c.record('open-task-applied').confirmDecision(b.id));
      expect(v.version).toBe(before + 1);
      expect((await s.stores.timeline.list(d.id)).at(-1)).toMatchObject({ type: 'open-task-applied' });
      expect(await s.stores.tasks.get(b.id)).toMatchObject({ status: 'open', version: 1 });
      expect(await s.stores.dossiers.get(d.id)).toEqual(v);
    });

    it('lists the open tasks of a role in a territory, the one due first first; a decided or closed task leaves the inbox', async () => {
      const s = await make();
      const d = await file(s);
      const later = task(d.id, 1, { dueAt: '2026-03-30T21:59:59.999Z' });
      const sooner = task(d.id, 2, { dueAt: '2026-03-10T22:59:59.999Z' });
      const elsewhere = task(d.id, 3, { territory: 'boulonnais' });
      const closing = task(d.id, 4);
      let v = await change(s, d, (c) => c.openTask(later).openTask(sooner).openTask(elsewhere).openTask(closing));
      expect((await s.stores.tasks.listOpen('service-instructeur', 'arrageois')).map((t) => t.id)).toEqual(
        [sooner.id, later.id, closing.id].sort((x, y) => {
          const due = (id: string) => [later, sooner, closing].find((t) => t.id === id)!.dueAt + id;
          return due(x) < due(y) ? -1 : 1;
        }),
      );
      v = await change(s, v, (c) =>
        c.decide({ taskId: sooner.id, decision: 'complete', decidedBy: 'x' }).closeTask(closing.id, 'cancelled'),
      );
      expect((await s.stores.tasks.listOpen('service-instructeur', 'arrageois')).map((t) => t.id)).toEqual([later.id]);
      expect((await s.stores.tasks.listOfDossier(d.id)).map((t) => t.status)).toEqual(['open', 'decided', 'open', 'cancelled']);
      expect(await s.stores.tasks.get(closing.id)).toMatchObject({ status: 'cancelled', closedAt: v.updatedAt });
    });

    it('lists an open task with its dossier as the inbox shows it, kept with the task (none for a task written without)', async () => {
      const s = await make();
      const d = await file(s);
      const summary = {
        reference: d.reference,
        porteurName: 'Asso',
        projectTitle: 'Projet',
        dispositifCode: '1.1',
        territory: 'arrageois',
      };
      await change(s, d, (c) => c.openTask(task(d.id, 1, { dossier: summary })).openTask(task(d.id, 2)));
      const [withDossier, without] = await s.stores.tasks.listOpen('service-instructeur', 'arrageois');
      expect(withDossier!.dossier).toEqual(summary);
      expect(without!.dossier).toBeUndefined();
      expect(JSON.stringify(await s.stores.tasks.listOpen('service-instructeur', 'arrageois'))).not.toContain('token-');
    });

    it('commits a favourable amount to the envelope with the decision: refused whole past the envelope; the same commitment again changes nothing', async () => {
      const s = await make();
      const [d1, d2] = [await file(s, { dispositifCode: '4.2' }), await file(s, { dispositifCode: '4.2' })];
      const total = 1_000_000;
      const v1 = await change(s, d1, (c) =>
        c.commitEnvelope({ dispositifCode: '4.2', totalCents: total, dossierId: d1.id, cents: 600_000 }),
      );
      expect(await s.stores.envelopes.get('4.2')).toMatchObject({ totalCents: total, committedCents: 600_000, remainingCents: 400_000 });
      expect(await s.stores.envelopes.commitmentOf('4.2', d1.id)).toBe(600_000);
      const t = task(d2.id, 1, { kind: 'cp-decision', allowedDecisions: ['favourable'] });
      const v2 = await change(s, d2, (c) => c.openTask(t));
      const exceeded = await refusal(
        change(s, v2, (c) =>
          c
            .decide({ taskId: t.id, decision: 'favourable', decidedBy: 'cp' })
            .commitEnvelope({ dispositifCode: '4.2', totalCents: total, dossierId: d2.id, cents: 500_000 })
            .record('task-decided'),
        ),
      );
      expect(exceeded).toBeInstanceOf(EnvelopeExceededError);
      expect(exceeded).toMatchObject({ requestedCents: 500_000, remainingCents: 400_000 });
      expect(await s.stores.tasks.get(t.id)).toMatchObject({ status: 'open' });
      expect(await s.stores.envelopes.commitmentOf('4.2', d2.id)).toBeUndefined();
      expect(await s.stores.dossiers.get(d2.id)).toEqual(v2);
      // Larger than the whole envelope: refused too.
      expect(
        await refusal(
          change(s, v2, (c) => c.commitEnvelope({ dispositifCode: '4.2', totalCents: total, dossierId: d2.id, cents: 2_000_000 })),
        ),
      ).toBeInstanceOf(EnvelopeExceededError);
      // The same commitment again: nothing more; another amount, or another total: a conflict.
      const v1b = await change(s, v1, (c) =>
        c.commitEnvelope({ dispositifCode: '4.2', totalCents: total, dossierId: d1.id, cents: 600_000 }).record('again'),
      );
      expect(await s.stores.envelopes.get('4.2')).toMatchObject({ committedCents: 600_000, remainingCents: 400_000 });
      expect(
        await refusal(change(s, v1b, (c) => c.commitEnvelope({ dispositifCode: '4.2', totalCents: total, dossierId: d1.id, cents: 1 }))),
      ).toBeInstanceOf(EnvelopeConflictError);
      expect(
        await refusal(change(s, v2, (c) => c.commitEnvelope({ dispositifCode: '4.2', totalCents: 9, dossierId: d2.id, cents: 1 }))),
      ).toBeInstanceOf(EnvelopeConflictError);
      expect((await s.stores.envelopes.getMany(['4.2', '9.9'])).map((e) => e.dispositifCode)).toEqual(['4.2']);
    });

    it('never commits more than the envelope, however many commit at once', async () => {
      const s = await make();
      const dossiers = [];
      for (let i = 0; i < 12; i++) dossiers.push(await file(s, { dispositifCode: '5.1' }));
      const results = await Promise.allSettled(
        dossiers.map((d) =>
          change(s, d, (c) => c.commitEnvelope({ dispositifCode: '5.1', totalCents: 1_000, dossierId: d.id, cents: 300 })),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(EnvelopeExceededError);
      expect(await s.stores.envelopes.get('5.1')).toMatchObject({ committedCents: 900, remainingCents: 100 });
    });

    it('schedules deadlines read by their due day (pending only) and by dossier; closes one at a time too', async () => {
      const s = await make();
      const d = await file(s);
      await change(s, d, (c) => c.schedule({ kind: 'annual-documents', ref: '2026', dueDate: '2027-06-30', data: { fiscalYear: 2026 } }));
      const id = deadlineId(d.id, 'annual-documents', '2026');
      expect(await s.stores.deadlines.get(id)).toMatchObject({ id, dossierId: d.id, status: 'pending', data: { fiscalYear: 2026 } });
      expect((await s.stores.deadlines.listDue('2027-06-30', '2027-06-30')).map((x) => x.id)).toEqual([id]);
      // A window across a month's end, by day: its reminder (before) first, then the obligation.
      const window = await s.stores.deadlines.listDue('2027-05-01', '2027-07-31');
      expect(window.map((x) => x.dueDate)).toEqual([...window.map((x) => x.dueDate)].sort());
      expect(window.at(-1)?.id).toBe(id);
      expect(await s.stores.deadlines.listDue('2027-07-01', '2027-12-31')).toEqual([]);
      const reminders = (await s.stores.deadlines.listOfDossier(d.id)).filter((x) => x.kind === 'reminder');
      expect(reminders.length).toBeGreaterThan(0);
      expect(await s.stores.deadlines.close(id, 'missed')).toBe(true);
      expect(await s.stores.deadlines.close(id, 'met')).toBe(false);
      expect(await s.stores.deadlines.close('nobody#none#x', 'met')).toBe(false);
      expect(await s.stores.deadlines.listDue('2027-06-30', '2027-06-30')).toEqual([]);
      expect(await s.stores.deadlines.get(id)).toMatchObject({ status: 'missed', version: 2 });
    });

    it('sends from the outbox: listed due with its version, claimed once, marked sent once, failures deferred', async () => {
      const s = await make({ retention: { sentEmail: 90 } });
      const d = await file(s);
      await change(s, d, (c) => c.email(ACKNOWLEDGEMENT, { key: 'e1', to: ['a@example.org'], params: ackParams }));
      s.clock.advance(1_000);
      await change(s, (await s.stores.dossiers.get(d.id))!, (c) =>
        c.email(ACKNOWLEDGEMENT, { key: 'e2', to: ['b@example.org'], params: ackParams }),
      );
      const due = await s.stores.outbox.listDue(10);
      expect(due).toEqual([
        { idempotencyKey: 'e1', status: 'pending', attempts: 0, nextAttemptAt: T0, version: 1 },
        expect.objectContaining({ idempotencyKey: 'e2' }),
      ]);
      expect(await s.stores.outbox.listDue(1)).toHaveLength(1);
      const until = new Date(s.clock.now().getTime() + 120_000);
      const claimed = await s.stores.outbox.claim('e1', 1, until);
      expect(claimed).toMatchObject({ idempotencyKey: 'e1', to: ['a@example.org'], version: 2, nextAttemptAt: until.toISOString() });
      expect(claimed!.html).toContain('<');
      expect(await s.stores.outbox.claim('e1', 1, until)).toBeUndefined();
      expect((await s.stores.outbox.listDue(10)).map((e) => e.idempotencyKey)).toEqual(['e2']);
      const failed = await s.stores.outbox.recordFailure('e2', 'x'.repeat(3000), until);
      expect(failed).toMatchObject({ attempts: 1, nextAttemptAt: until.toISOString() });
      expect(failed.lastError).toHaveLength(2000);
      const sent = await s.stores.outbox.markSent('e1', 'msg-1');
      expect(sent).toMatchObject({ status: 'sent', messageId: 'msg-1', attempts: 1, sentAt: s.clock.now().toISOString() });
      expect(sent.ttl).toBe(Math.floor(s.clock.now().getTime() / 1000) + 90 * 86_400);
      expect(await refusal(s.stores.outbox.markSent('e1', 'msg-2'))).toBeInstanceOf(EmailAlreadySentError);
      expect(await refusal(s.stores.outbox.recordFailure('e1', 'late', until))).toBeInstanceOf(EmailAlreadySentError);
      expect(await refusal(s.stores.outbox.markSent('nope', 'm'))).toBeInstanceOf(RecordNotFoundError);
      expect(await s.stores.outbox.claim('e1', 3, until)).toBeUndefined();
      s.clock.advance(200_000);
      expect((await s.stores.outbox.listDue(10)).map((e) => e.idempotencyKey)).toEqual(['e2']);
      expect((await s.stores.outbox.getMany(['e2', 'e1', 'none'])).map((e) => e.idempotencyKey).sort()).toEqual(['e1', 'e2']);
    });

    it('lists dossiers by porteur (newest first) and by status (by dispositif, then oldest first), as summaries', async () => {
      const s = await make();
      const porteurId = freshId('p');
      const a = await file(s, { porteurId, dispositifCode: '2.1' });
      s.clock.advance(1_000);
      const b = await file(s, { porteurId, dispositifCode: '1.1' });
      s.clock.advance(1_000);
      const c = await file(s, { porteurId, dispositifCode: '1.1' });
      const mine = await s.stores.dossiers.listOfPorteur(porteurId);
      expect(mine.map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      expect(mine[0]).toEqual({
        id: c.id,
        reference: c.reference,
        porteurId,
        dispositifCode: '1.1',
        territory: 'arrageois',
        status: 'submitted',
        statusHistory: [{ status: 'submitted', at: c.createdAt }],
        profile: c.profile,
        amounts: c.amounts,
        createdAt: c.createdAt,
      });
      await change(s, a, (x) => x.setStatus('rejected'));
      const submitted = (await s.stores.dossiers.listByStatus('submitted')).filter((x) => x.porteurId === porteurId);
      expect(submitted.map((x) => x.id)).toEqual([b.id, c.id]);
      expect((await s.stores.dossiers.listByStatus('rejected', '2.1')).map((x) => x.id)).toContain(a.id);
      expect((await s.stores.dossiers.listByStatus('rejected', '1.1')).map((x) => x.id)).not.toContain(a.id);
    });

    it('keeps every status a dossier entered, with when, in its listings (a change that keeps the status adds none)', async () => {
      const s = await make();
      let d = await file(s);
      s.clock.advance(60_000);
      d = await change(s, d, (x) => x.setStatus('completeness-check'));
      s.clock.advance(60_000);
      d = await change(s, d, (x) => x.record('dossier-complete').setStatus('chief-validation'));
      s.clock.advance(60_000);
      d = await change(s, d, (x) => x.record('task-opened'));
      const [listed] = (await s.stores.dossiers.listByStatus('chief-validation')).filter((x) => x.id === d.id);
      expect(listed!.statusHistory?.map((h) => h.status)).toEqual(['submitted', 'completeness-check', 'chief-validation']);
      expect(listed!.statusHistory?.map((h) => h.at)).toEqual([
        d.createdAt,
        new Date(Date.parse(d.createdAt) + 60_000).toISOString(),
        new Date(Date.parse(d.createdAt) + 120_000).toISOString(),
      ]);
      expect((await s.stores.dossiers.get(d.id))!.statusHistory).toEqual(listed!.statusHistory);
    });

    it('records a Commission Permanente session once', async () => {
      const s = await make();
      const id = `cp-${freshId()}`;
      const first = await s.stores.cpSessions.create({ id, date: '2026-04-10', deliberationNumber: 'CP-1' });
      s.clock.advance(1_000);
      expect(await s.stores.cpSessions.create({ id, date: '2026-04-10', deliberationNumber: 'CP-2' })).toEqual(first);
      expect(await s.stores.cpSessions.get(id)).toEqual(first);
      expect(await s.stores.cpSessions.get('none')).toBeUndefined();
    });

    it('refuses a malformed commit before writing anything', async () => {
      const s = await make();
      const d = await file(s);
      const base = new DossierChange(d, s.clock).record('x').toCommit();
      expect(await refusal(s.stores.commits.commit({ ...base, dossier: { ...base.dossier, version: 9 } }))).toBeInstanceOf(RangeError);
      expect(await refusal(s.stores.commits.commit({ ...base, tasks: [{ ...task(d.id, 1), id: 'not-of-this-dossier' }] }))).toBeInstanceOf(
        RangeError,
      );
      expect(await refusal(s.stores.commits.commit({ ...base, emails: [{ ...email('k', d.id), to: [] }] }))).toBeInstanceOf(RangeError);
      // One commit never writes one item twice (DynamoDB refuses two operations on an item in a transaction).
      const t = task(d.id, 1);
      expect(await refusal(s.stores.commits.commit({ ...base, tasks: [t], closeTasks: [{ id: t.id, status: 'expired' }] }))).toBeInstanceOf(
        RangeError,
      );
      expect(await s.stores.timeline.list(d.id)).toHaveLength(1);
    });

    it('opens a filing invitation with its email once per key: the same key again is the invitation opened first', async () => {
      const s = await make();
      const invitation = (id: string) => ({
        id,
        dispositifCode: '2.11',
        siret: '44200000000011',
        porteurName: 'Association',
        email: 'contact@example.org',
        openedBy: 'service-instructeur:spslh',
        openedAt: s.clock.now().toISOString(),
        expiresOn: '2026-04-01',
      });
      const email = (id: string): NewOutboxEmail => ({
        idempotencyKey: `filing-invitation#${id}`,
        to: ['contact@example.org'],
        subject: 'Espace',
        text: 'lien',
        html: '<p>lien</p>',
        kind: 'filing-invitation',
      });
      const key = freshId('key');
      const first = invitation(freshId('inv'));
      expect(await s.stores.invitations.open(first, key, email(first.id))).toEqual(first);
      const second = invitation(freshId('inv'));
      expect(await s.stores.invitations.open(second, key, email(second.id))).toEqual(first);
      expect(await s.stores.invitations.get(first.id)).toEqual(first);
      expect(await s.stores.invitations.get(second.id)).toBeUndefined();
      expect(await s.stores.outbox.get(`filing-invitation#${first.id}`)).toMatchObject({ status: 'pending', to: ['contact@example.org'] });
      expect(await s.stores.outbox.get(`filing-invitation#${second.id}`)).toBeUndefined();
    });
  });
}

const ackParams = {
  contact: { name: 'Service', email: 'service@example.org' },
  porteurName: 'Association L’Escale',
  dossierReference: 'AAP26-1.1-000001',
  dispositif: { code: '1.1', title: 'Dispositif' },
  operationTitle: 'Remobilisation',
  receivedOn: '2026-03-02',
};

export { T0 };
