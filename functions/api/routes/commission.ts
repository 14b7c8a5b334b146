/**
 * The Commission Permanente: the list of dossiers ready for a session (with the amounts asked
 * and what is left of each dispositif's envelope; also as CSV for the session's file), and its
 * decisions recorded for the whole list in one call — each dossier's workflow then goes on alone.
 */
import { CpSessionClosedError } from '#domain/ports/errors.ts';
import { AWAITING_CP, awaitsCp } from '#domain/dossier/lifecycle.ts';
import type { Task } from '#domain/ports/records.ts';
import { decide, DecisionDetailsInvalidError, validateDecisionDetails } from '#domain/workflow/decide.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import { workflowOf, type DossierRecord } from '#domain/workflow/state.ts';
import { requireInstructor } from '../access.ts';
import { HttpError, invalidBody, type FieldError } from '../http-errors.ts';
import { actorOf } from '../identity.ts';
import type { Route } from '../router.ts';
import { cpSessionBodySchema, type CpSessionBody } from '../schemas.ts';

interface ReadyDossier {
  dossier: DossierRecord;
  task: Task;
}

async function openCpTask(deps: EngineDeps, dossier: DossierRecord): Promise<Task | undefined> {
  const taskId = workflowOf(dossier).steps['cp-decision']?.taskId;
  const task = taskId ? await deps.repo.getTask(taskId) : undefined;
  return task?.status === 'open' ? task : undefined;
}

/** In the catalog's order of dispositifs, then ready before adjourned, then oldest first. */
async function readyDossiers(deps: EngineDeps): Promise<ReadyDossier[]> {
  const out: ReadyDossier[] = [];
  for (const status of AWAITING_CP) {
    for (const dossier of await deps.repo.listDossiersByStatus(status)) {
      const task = await openCpTask(deps, dossier);
      if (task) out.push({ dossier, task });
    }
  }
  const rank = new Map(deps.catalog.dispositifs.map((d, i) => [d.code, i]));
  // A stable sort: within a dispositif the queries' order stays (ready before adjourned, oldest first).
  return out.sort((a, b) => rank.get(a.dossier.dispositifCode)! - rank.get(b.dossier.dispositifCode)!);
}

async function envelopeLeft(deps: EngineDeps, code: string): Promise<number> {
  const envelope = await deps.repo.getEnvelope(code);
  return envelope?.remainingCents ?? deps.catalog.dispositifByCode(code)?.envelopeCents ?? 0;
}

/** A CSV cell: `;`-separated (French spreadsheets), quoted, and never read as a formula. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

export function commissionRoutes(deps: EngineDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/commission-permanente/preparation',
      handle: async (req) => {
        requireInstructor(req.identity, ['secretariat-cp']);
        const ready = await readyDossiers(deps);
        const codes = [...new Set(ready.map((r) => r.dossier.dispositifCode))].sort();
        const envelopes = Object.fromEntries(await Promise.all(codes.map(async (c) => [c, await envelopeLeft(deps, c)] as const)));
        const rows = ready.map(({ dossier, task }) => ({
          dossierId: dossier.id,
          reference: dossier.reference,
          dispositif: dossier.dispositifCode,
          territoire: dossier.territory,
          porteur: dossier.submission.porteur.name,
          projet: dossier.submission.project.title,
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
              euros(r.montantDemandeCents),
              euros(r.enveloppeRestanteCents),
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
    },
    {
      method: 'POST',
      path: '/commission-permanente/seances',
      handle: async (req) => {
        requireInstructor(req.identity, ['secretariat-cp']);
        const parsed = cpSessionBodySchema.safeParse(req.body ?? {});
        if (!parsed.success) throw invalidBody(parsed.error);
        const session = parsed.data;
        const actor = actorOf(req.identity);
        const planned = await planDecisions(deps, session);
        const sessionId = `cp-${session.date}`;
        await deps.repo.createCpSession({ id: sessionId, date: session.date, deliberationNumber: session.numeroDeliberation });
        const results = [];
        for (const p of planned) {
          if (p.task) {
            await deps.repo.addDossierToCpSession(sessionId, p.dossier.id);
            await decide(deps, { taskId: p.task.id, decision: p.decision.avis, actor, details: { ...p.details, sessionId } });
          }
          results.push({
            dossierId: p.dossier.id,
            reference: p.dossier.reference,
            avis: p.decision.avis,
            ...(p.task ? {} : { dejaEnregistre: true }),
          });
        }
        try {
          await deps.repo.markCpSessionDecided(sessionId, session.numeroDeliberation);
        } catch (error) {
          if (!(error instanceof CpSessionClosedError)) throw error;
        }
        return { status: 200, body: { seance: sessionId, decisions: results } };
      },
    },
  ];
}

/**
 * Every decision of the session checked before any is recorded: all dossiers ready, details
 * complete, and the favourable amounts of a dispositif within what is left of its envelope.
 * A decision already recorded by the same call (a retry) is skipped.
 */
async function planDecisions(deps: EngineDeps, session: CpSessionBody) {
  const fields: FieldError[] = [];
  const planned: { decision: CpSessionBody['decisions'][number]; dossier: DossierRecord; task?: Task; details: Record<string, unknown> }[] =
    [];
  const favourableByDispositif = new Map<string, number>();
  for (const [i, decision] of session.decisions.entries()) {
    const at = `decisions.${i}`;
    const dossier = await deps.repo.getDossier(decision.dossierId);
    if (!dossier) {
      fields.push({ champ: `${at}.dossierId`, message: 'dossier introuvable' });
      continue;
    }
    const details = {
      cpDate: session.date,
      ...(decision.avis === 'adjourned' ? {} : { deliberationNumber: session.numeroDeliberation }),
      ...(decision.montantCents === undefined ? {} : { amountCents: decision.montantCents }),
      ...(decision.motif === undefined ? {} : { reason: decision.motif }),
      ...(decision.prochaineSeance === undefined ? {} : { nextSessionDate: decision.prochaineSeance }),
    };
    const task = await openCpTask(deps, dossier);
    if (!task) {
      const alreadyDecided = !awaitsCp(dossier.status);
      if (!alreadyDecided)
        fields.push({ champ: `${at}.dossierId`, message: 'le dossier n’attend pas de décision de la Commission Permanente' });
      else planned.push({ decision, dossier, details });
      continue;
    }
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
  for (const [code, total] of favourableByDispositif) {
    const left = await envelopeLeft(deps, code);
    if (total > left)
      fields.push({
        champ: 'decisions',
        message: `dispositif ${code} : ${euros(total)} € d’avis favorables pour ${euros(left)} € d’enveloppe restante`,
      });
  }
  if (fields.length > 0)
    throw new HttpError(422, 'decisions-invalides', 'Aucune décision n’a été enregistrée : corrigez les champs indiqués.', fields);
  return planned;
}
