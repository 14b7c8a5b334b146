/**
 * The Commission Permanente: the list of dossiers ready for a session (with the amounts asked
 * and what is left of each dispositif's envelope; also as CSV for the session's file), and its
 * decisions recorded for the whole list in one call — each dossier's workflow then goes on alone.
 *
 * A session's favourable decisions take their amounts from the envelopes as they are recorded,
 * each in the same commit as its decision (domain/workflow/envelope-commitment.ts): the answer
 * says, decision by decision, what was recorded, what was recorded already (a retry, or another
 * secretary recording the same session at the same time: not a conflict), and which favourable
 * decision did not fit what was left of its envelope (not recorded: the dossier waits for another
 * session, its timeline says why).
 */
import { AWAITING_CP, awaitsCp } from '#domain/dossier/lifecycle.ts';
import type { DossierSummary, Task } from '#domain/ports/records.ts';
import { EnvelopeExceededError, TaskAlreadyDecidedError } from '#domain/ports/errors.ts';
import { decide, DecisionDetailsInvalidError, loadTask, validateDecisionDetails } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { changeDossier } from '#domain/workflow/dossier-change.ts';
import * as z from 'zod';
import { count, METRIC } from '../../observability.ts';
import { euros, HttpError, type FieldError } from '../http-errors.ts';
import { actorOf } from '../identity.ts';
import { cpPreparationSchema, cpSessionRecordedSchema } from '../responses.ts';
import { route } from '../router.ts';
import { cpSessionBodySchema, type CpSessionBody } from '../schemas.ts';

/** How many decisions of a session are recorded at once (those of one dispositif one after another: they share its envelope). */
const DISPOSITIFS_AT_ONCE = 8;

interface ReadyDossier {
  dossier: DossierSummary;
  task: Task;
}

/** The dossiers awaiting a decision of the Commission Permanente, with their open task: three queries. */
async function awaitingCp(deps: EngineDeps): Promise<ReadyDossier[]> {
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
async function envelopesLeft(deps: EngineDeps, codes: readonly string[]): Promise<Record<string, number>> {
  const stored = new Map((await deps.envelopes.getMany(codes)).map((e) => [e.dispositifCode, e.remainingCents]));
  return Object.fromEntries(codes.map((c) => [c, stored.get(c) ?? deps.catalog.dispositifByCode(c)?.envelopeCents ?? 0]));
}

/** A CSV cell: `;`-separated (French spreadsheets), quoted, and never read as a formula. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

const csvEuros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

export const commissionRoutes = [
  route({
    method: 'GET',
    path: '/commission-permanente/preparation',
    summary: 'Préparer une séance : dossiers prêts, montants demandés, enveloppe restante (JSON ou CSV)',
    access: ['secretariat-cp'],
    query: z.object({ format: z.enum(['json', 'csv'], { error: 'valeur attendue parmi : json, csv' }).optional() }),
    responses: { 200: { description: 'La liste', schema: cpPreparationSchema, csv: true } },
    handle: async (req, deps) => {
      const ready = await awaitingCp(deps);
      const envelopes = await envelopesLeft(deps, [...new Set(ready.map((r) => r.dossier.dispositifCode))].sort());
      const rows = ready.map(({ dossier, task }) => ({
        dossierId: dossier.id,
        reference: dossier.reference,
        dispositif: dossier.dispositifCode,
        territoire: dossier.territory,
        porteur: dossier.profile.porteurName,
        projet: dossier.profile.projectTitle,
        statut: dossier.status,
        montantDemandeCents: dossier.amounts.requestedCents,
        enveloppeRestanteCents: envelopes[dossier.dispositifCode] ?? 0,
        tacheId: task.id,
      }));
      if (req.query.format === 'csv') {
        const header = [
          'reference',
          'dispositif',
          'territoire',
          'porteur',
          'projet',
          'statut',
          'montant_demande_euros',
          'enveloppe_restante_euros',
        ];
        const lines = rows.map((r) =>
          [
            r.reference,
            r.dispositif,
            r.territoire,
            r.porteur,
            r.projet,
            r.statut,
            csvEuros(r.montantDemandeCents),
            csvEuros(r.enveloppeRestanteCents),
          ]
            .map(cell)
            .join(';'),
        );
        return {
          status: 200,
          text: `\uFEFF${[header.map(cell).join(';'), ...lines].join('\r\n')}\r\n`,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="commission-permanente.csv"',
          },
        };
      }
      return { status: 200, body: { dossiers: rows, enveloppesRestantesCents: envelopes } };
    },
  }),
  route({
    method: 'POST',
    path: '/commission-permanente/seances',
    summary:
      'Enregistrer en un appel les décisions d’une séance : la réponse dit de chacune si elle est enregistrée, déjà enregistrée, ou dépasse l’enveloppe restante (alors non enregistrée)',
    access: ['secretariat-cp'],
    body: cpSessionBodySchema,
    responses: {
      200: {
        description: 'Chaque décision : enregistre, dejaEnregistre, enveloppeDepassee { resteCents } ou conflit',
        schema: cpSessionRecordedSchema,
      },
    },
    handle: async (req, deps) => {
      const session = req.body;
      const sessionId = `cp-${session.date}`;
      const planned = await planDecisions(deps, session, sessionId);
      await deps.cpSessions.create({ id: sessionId, date: session.date, deliberationNumber: session.numeroDeliberation });
      const actor = actorOf(req.identity);
      const results = new Map<Planned, Record<string, unknown>>();
      const groups = [...Map.groupBy(planned, (p) => p.dossier.dispositifCode).values()];
      for (let i = 0; i < groups.length; i += DISPOSITIFS_AT_ONCE) {
        await Promise.all(
          groups.slice(i, i + DISPOSITIFS_AT_ONCE).map(async (group) => {
            for (const p of group) results.set(p, await recordSessionDecision(deps, p, sessionId, actor));
          }),
        );
      }
      return {
        status: 200,
        body: {
          seance: sessionId,
          decisions: planned.map((p) => ({
            dossierId: p.dossier.id,
            reference: p.dossier.reference,
            avis: p.decision.avis,
            ...results.get(p),
          })),
        },
      };
    },
  }),
];

interface Planned {
  decision: CpSessionBody['decisions'][number];
  dossier: DossierSummary;
  /** Undefined: no open task, the dossier already decided (a retry). */
  task?: Task;
  details: Record<string, unknown>;
}

/**
 * Every decision of the session checked before any is recorded: all dossiers ready, details
 * complete, and the favourable amounts of a dispositif within what is left of its envelope
 * (else 422 and nothing recorded). A decision already recorded (a retry) is kept, to be answered.
 */
async function planDecisions(deps: EngineDeps, session: CpSessionBody, sessionId: string): Promise<Planned[]> {
  const fields: FieldError[] = [];
  const planned: Planned[] = [];
  const ready = new Map((await awaitingCp(deps)).map((r) => [r.dossier.id, r]));
  const favourableByDispositif = new Map<string, number>();
  for (const [i, decision] of session.decisions.entries()) {
    const at = `decisions.${i}`;
    const details = {
      cpDate: session.date,
      ...(decision.avis === 'adjourned' ? {} : { deliberationNumber: session.numeroDeliberation }),
      ...(decision.montantCents === undefined ? {} : { amountCents: decision.montantCents }),
      ...(decision.motif === undefined ? {} : { reason: decision.motif }),
      ...(decision.prochaineSeance === undefined ? {} : { nextSessionDate: decision.prochaineSeance }),
      sessionId,
    };
    const found = ready.get(decision.dossierId);
    if (!found) {
      const dossier = await deps.dossiers.get(decision.dossierId);
      if (!dossier) fields.push({ champ: `${at}.dossierId`, message: 'dossier introuvable' });
      else if (awaitsCp(dossier.status))
        fields.push({ champ: `${at}.dossierId`, message: 'le dossier n’attend pas de décision de la Commission Permanente' });
      else planned.push({ decision, dossier, details });
      continue;
    }
    const { dossier, task } = found;
    try {
      validateDecisionDetails(task, decision.avis, details);
    } catch (error) {
      if (!(error instanceof DecisionDetailsInvalidError)) throw error;
      const rename: Record<string, string> = { amountCents: 'montantCents', reason: 'motif', nextSessionDate: 'prochaineSeance' };
      for (const issue of error.issues) {
        const field = issue.path.replace(/^details\./, '');
        fields.push({ champ: `${at}.${rename[field] ?? field}`, message: issue.message });
      }
      continue;
    }
    if (decision.avis === 'favourable' && decision.montantCents !== undefined) {
      favourableByDispositif.set(dossier.dispositifCode, (favourableByDispositif.get(dossier.dispositifCode) ?? 0) + decision.montantCents);
      if (decision.montantCents > dossier.amounts.requestedCents)
        fields.push({ champ: `${at}.montantCents`, message: 'le montant accordé dépasse le montant demandé' });
    }
    planned.push({ decision, dossier, task, details });
  }
  const left = await envelopesLeft(deps, [...favourableByDispositif.keys()]);
  for (const [code, total] of favourableByDispositif) {
    if (total > left[code]!)
      fields.push({
        champ: 'decisions',
        message: `dispositif ${code} : ${euros(total)} € d’avis favorables pour ${euros(left[code]!)} € d’enveloppe restante`,
      });
  }
  if (fields.length > 0)
    throw new HttpError(422, 'decisions-invalides', 'Aucune décision n’a été enregistrée : corrigez les champs indiqués.', fields);
  return planned;
}

/** One decision of the session, recorded with its envelope commitment: what the answer says of it. */
async function recordSessionDecision(deps: EngineDeps, p: Planned, sessionId: string, actor: string) {
  if (!p.task) return { dejaEnregistre: true };
  const loaded = await loadTask(deps, p.task.id);
  const already = (t: Task) =>
    t.status === 'decided' && t.decision === p.decision.avis && (t.details as { sessionId?: string } | undefined)?.sessionId === sessionId;
  if (already(loaded.task)) return { dejaEnregistre: true };
  try {
    await decide(deps, { taskId: p.task.id, decision: p.decision.avis, actor, details: p.details }, loaded);
    count(METRIC.decisions);
    return { enregistre: true };
  } catch (error) {
    if (error instanceof TaskAlreadyDecidedError) {
      const now = await deps.tasks.get(p.task.id);
      // Another secretary recorded this very session's decision at the same moment: recorded, not a conflict.
      if (now && already(now)) return { dejaEnregistre: true };
      return { conflit: { avisEnregistre: error.decision ?? error.status } };
    }
    if (!(error instanceof EnvelopeExceededError)) throw error;
    await changeDossier(deps, p.dossier.id, (change) => {
      change.markAs(`envelope-exceeded#${p.task!.id}#${sessionId}`);
      change.record(
        'envelope-exceeded',
        { amountCents: p.decision.montantCents ?? 0, remainingCents: error.remainingCents, cpDate: p.details.cpDate, sessionId },
        actor,
      );
      return undefined;
    });
    return { enveloppeDepassee: { resteCents: error.remainingCents } };
  }
}
