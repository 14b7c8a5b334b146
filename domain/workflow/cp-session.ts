/**
 * A session of the Commission Permanente recorded in one go: every decision checked before any is
 * recorded (all dossiers ready, details complete, the favourable amounts of a dispositif within
 * what is left of its envelope — else nothing is recorded), then each recorded with its envelope
 * commitment, in the same commit as its decision (envelope-commitment.ts). What became of each:
 * recorded, recorded already (a retry, or another secretary recording the same session at the
 * same time: not a conflict), decided otherwise meanwhile (a conflict), or not recorded because it
 * no longer fits what is left of its envelope (the dossier waits for another session, its timeline
 * says why).
 */
import { AWAITING_CP, awaitsCp } from '#domain/dossier/lifecycle.ts';
import { EnvelopeExceededError, TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import type { DossierSummary, Task } from '#domain/ports/records.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';
import { decide, loadTask, validateDecisionDetails } from './decide.ts';
import type { EngineDeps, Uses } from './deps.ts';
import { changeDossier } from './dossier-change.ts';
import { CpSessionInvalidError, DecisionDetailsInvalidError } from './errors.ts';

/** How many decisions of a session are recorded at once (those of one dispositif one after another: they share its envelope). */
const DISPOSITIFS_AT_ONCE = 8;

export interface CpSession {
  date: IsoDate;
  deliberationNumber: string;
  decisions: CpSessionDecision[];
}
export interface CpSessionDecision {
  dossierId: string;
  opinion: 'favourable' | 'unfavourable' | 'adjourned';
  amountCents?: number | undefined;
  reason?: string | undefined;
  nextSessionDate?: IsoDate | undefined;
}

/** Why a session cannot be recorded: a decision's field (`decisions.<i>.<field>`), or a dispositif's envelope. */
export type CpSessionIssue =
  | { path: string; message: string }
  | { dispositifCode: string; favourableCents: number; remainingCents: number };

export type CpSessionOutcome =
  | { recorded: true }
  | { alreadyRecorded: true }
  | { envelopeExceeded: { remainingCents: number } }
  | { conflict: { recordedDecision: string } };

export interface ReadyDossier {
  dossier: DossierSummary;
  task: Task;
}

/** The dossiers awaiting a decision of the Commission Permanente, with their open task: three queries. */
export async function awaitingCp(deps: Uses<'tasks' | 'dossiers'>): Promise<ReadyDossier[]> {
  const [tasks, ...lists] = await Promise.all([
    deps.tasks.listOpen('secretariat-cp', 'departement'),
    ...AWAITING_CP.map((status) => deps.dossiers.listByStatus(status)),
  ]);
  const taskOf = new Map(tasks.filter((t) => t.kind === 'cp-decision').map((t) => [t.dossierId, t]));
  const out: ReadyDossier[] = [];
  for (const dossier of lists.flat()) {
    const task = taskOf.get(dossier.id);
    if (task) out.push({ dossier, task });
  }
  const rank = new Map(deps.catalog.dispositifs.map((d, i) => [d.code, i]));
  // A stable sort: within a dispositif the queries' order stays (ready before adjourned, oldest first).
  return out.sort((a, b) => rank.get(a.dossier.dispositifCode)! - rank.get(b.dossier.dispositifCode)!);
}

/** What is left of each dispositif's envelope (one read for all of them). */
export async function envelopesLeft(deps: Uses<'envelopes'>, codes: readonly string[]): Promise<Record<string, number>> {
  const stored = new Map((await deps.envelopes.getMany(codes)).map((e) => [e.dispositifCode, e.remainingCents]));
  return Object.fromEntries(codes.map((c) => [c, stored.get(c) ?? deps.catalog.dispositifByCode(c)?.envelopeCents ?? 0]));
}

interface Planned {
  decision: CpSessionDecision;
  dossier: DossierSummary;
  /** Undefined: no open task, the dossier already decided (a retry). */
  task?: Task;
  details: Record<string, unknown>;
}

/** Records the session's decisions (or none: CpSessionInvalidError); what became of each, in the session's order. */
export async function recordCpSession(deps: EngineDeps, session: CpSession, actor: string) {
  const sessionId = `cp-${session.date}`;
  const planned = await planDecisions(deps, session, sessionId);
  await deps.cpSessions.create({ id: sessionId, date: session.date, deliberationNumber: session.deliberationNumber });
  const results = new Map<Planned, CpSessionOutcome>();
  const groups = [...Map.groupBy(planned, (p) => p.dossier.dispositifCode).values()];
  for (let i = 0; i < groups.length; i += DISPOSITIFS_AT_ONCE) {
    await Promise.all(
      groups.slice(i, i + DISPOSITIFS_AT_ONCE).map(async (group) => {
        for (const p of group) results.set(p, await recordSessionDecision(deps, p, sessionId, actor));
      }),
    );
  }
  return { sessionId, decisions: planned.map((p) => ({ dossier: p.dossier, opinion: p.decision.opinion, outcome: results.get(p)! })) };
}

/**
 * Every decision of the session checked before any is recorded: all dossiers ready, details
 * complete, and the favourable amounts of a dispositif within what is left of its envelope (else
 * CpSessionInvalidError, nothing recorded). A decision already recorded (a retry) is kept, to be answered.
 */
async function planDecisions(deps: EngineDeps, session: CpSession, sessionId: string): Promise<Planned[]> {
  const issues: CpSessionIssue[] = [];
  const planned: Planned[] = [];
  const ready = new Map((await awaitingCp(deps)).map((r) => [r.dossier.id, r]));
  const favourableByDispositif = new Map<string, number>();
  for (const [i, decision] of session.decisions.entries()) {
    const at = `decisions.${i}`;
    const details = {
      cpDate: session.date,
      ...(decision.opinion === 'adjourned' ? {} : { deliberationNumber: session.deliberationNumber }),
      ...(decision.amountCents === undefined ? {} : { amountCents: decision.amountCents }),
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ...(decision.nextSessionDate === undefined ? {} : { nextSessionDate: decision.nextSessionDate }),
      sessionId,
    };
    const found = ready.get(decision.dossierId);
    if (!found) {
      const dossier = await deps.dossiers.get(decision.dossierId);
      if (!dossier) issues.push({ path: `${at}.dossierId`, message: 'dossier introuvable' });
      else if (awaitsCp(dossier.status))
        issues.push({ path: `${at}.dossierId`, message: 'le dossier n’attend pas de décision de la Commission Permanente' });
      else planned.push({ decision, dossier, details });
      continue;
    }
    const { dossier, task } = found;
    try {
      validateDecisionDetails(task, decision.opinion, details);
    } catch (error) {
      if (!(error instanceof DecisionDetailsInvalidError)) throw error;
      for (const issue of error.issues) issues.push({ path: `${at}.${issue.path.replace(/^details\./, '')}`, message: issue.message });
      continue;
    }
    if (decision.opinion === 'favourable' && decision.amountCents !== undefined) {
      favourableByDispositif.set(dossier.dispositifCode, (favourableByDispositif.get(dossier.dispositifCode) ?? 0) + decision.amountCents);
      if (decision.amountCents > dossier.amounts.requestedCents)
        issues.push({ path: `${at}.amountCents`, message: 'le montant accordé dépasse le montant demandé' });
    }
    planned.push({ decision, dossier, task, details });
  }
  const left = await envelopesLeft(deps, [...favourableByDispositif.keys()]);
  for (const [dispositifCode, favourableCents] of favourableByDispositif) {
    if (favourableCents > left[dispositifCode]!) issues.push({ dispositifCode, favourableCents, remainingCents: left[dispositifCode]! });
  }
  if (issues.length > 0) throw new CpSessionInvalidError(issues);
  return planned;
}

/** One decision of the session, recorded with its envelope commitment. */
async function recordSessionDecision(deps: EngineDeps, p: Planned, sessionId: string, actor: string): Promise<CpSessionOutcome> {
  if (!p.task) return { alreadyRecorded: true };
  const loaded = await loadTask(deps, p.task.id);
  const already = (t: Task) =>
    t.status === 'decided' &&
    t.decision === p.decision.opinion &&
    (t.details as { sessionId?: string } | undefined)?.sessionId === sessionId;
  if (already(loaded.task)) return { alreadyRecorded: true };
  try {
    await decide(deps, { taskId: p.task.id, decision: p.decision.opinion, actor, details: p.details }, loaded);
    return { recorded: true };
  } catch (error) {
    if (error instanceof TaskAlreadyDecidedError) {
      const now = await deps.tasks.get(p.task.id);
      // Another secretary recorded this very session's decision at the same moment: recorded, not a conflict.
      if (now && already(now)) return { alreadyRecorded: true };
      return { conflict: { recordedDecision: error.decision ?? error.status } };
    }
    if (!(error instanceof EnvelopeExceededError)) throw error;
    await changeDossier(deps, p.dossier.id, (change) => {
      change.markAs(`envelope-exceeded#${p.task!.id}#${sessionId}`);
      change.record(
        'envelope-exceeded',
        { amountCents: p.decision.amountCents ?? 0, remainingCents: error.remainingCents, cpDate: p.details.cpDate, sessionId },
        actor,
      );
      return undefined;
    });
    return { envelopeExceeded: { remainingCents: error.remainingCents } };
  }
}
