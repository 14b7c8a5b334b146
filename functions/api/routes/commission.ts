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
import * as z from 'zod/mini';
import { DOSSIER_STATUSES } from '#domain/dossier/lifecycle.ts';
import { awaitingCp, envelopesLeft, recordCpSession, type CpSessionOutcome } from '#domain/workflow/cp-session.ts';
import { count, METRIC } from '../../observability.ts';
import { actorOf } from '../identity.ts';
import { cents } from '../response-parts.ts';
import { route } from '../router.ts';
import { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';
import { body, text } from '../body-parts.ts';
import { lazySchema } from '../lazy-schema.ts';

// What these routes answer (the other routes' answers: ../responses.ts).
const cpPreparationSchema = lazySchema(() =>
  z.object({
    dossiers: z.array(
      z.object({
        dossierId: z.string(),
        reference: z.string(),
        dispositif: z.string(),
        territoire: z.string(),
        porteur: z.string(),
        projet: z.string(),
        statut: z.enum(DOSSIER_STATUSES),
        montantDemandeCents: cents,
        enveloppeRestanteCents: cents,
        tacheId: z.string(),
      }),
    ),
    enveloppesRestantesCents: z.record(z.string(), cents),
  }),
);

const cpSessionRecordedSchema = lazySchema(() =>
  z.object({
    seance: z.string(),
    decisions: z.array(
      z.object({
        dossierId: z.string(),
        reference: z.string(),
        avis: z.enum(['favourable', 'unfavourable', 'adjourned']),
        enregistre: z.optional(z.literal(true)),
        dejaEnregistre: z.optional(z.literal(true)),
        enveloppeDepassee: z.optional(z.object({ resteCents: cents })),
        conflit: z.optional(z.object({ avisEnregistre: z.string() })),
      }),
    ),
  }),
);

/** A CSV cell: `;`-separated (French spreadsheets), quoted, and never read as a formula. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** What the answer says of a decision of the session. */
function outcomeView(outcome: CpSessionOutcome) {
  if ('recorded' in outcome) return { enregistre: true as const };
  if ('alreadyRecorded' in outcome) return { dejaEnregistre: true as const };
  if ('envelopeExceeded' in outcome) return { enveloppeDepassee: { resteCents: outcome.envelopeExceeded.remainingCents } };
  return { conflit: { avisEnregistre: outcome.conflict.recordedDecision } };
}

const csvEuros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

// The body the session's route accepts.
const cpSessionBodySchema = body({
  date: isoDate,
  numeroDeliberation: text(1, 60),
  decisions: z
    .array(
      body({
        dossierId: z.string({ error: 'identifiant de dossier attendu' }).check(z.minLength(1), z.maxLength(100)),
        avis: z.enum(['favourable', 'unfavourable', 'adjourned'], { error: 'valeur attendue parmi : favourable, unfavourable, adjourned' }),
        montantCents: z.optional(z.number({ error: 'montant en centimes attendu' })),
        motif: z.optional(text(3, 2000)),
        prochaineSeance: z.optional(isoDate),
      }),
      { error: 'liste attendue' },
    )
    .check(z.minLength(1, { error: 'au moins une décision' }), z.maxLength(500, { error: 'au plus 500 décisions' })),
});

export const commissionRoutes = [
  route({
    method: 'GET',
    path: '/commission-permanente/preparation',
    summary: 'Préparer une séance : dossiers prêts, montants demandés, enveloppe restante (JSON ou CSV)',
    access: ['secretariat-cp'],
    query: z.object({ format: z.optional(z.enum(['json', 'csv'], { error: 'valeur attendue parmi : json, csv' })) }),
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
      const recorded = await recordCpSession(
        deps,
        {
          date: session.date,
          deliberationNumber: session.numeroDeliberation,
          decisions: session.decisions.map((d) => ({
            dossierId: d.dossierId,
            opinion: d.avis,
            amountCents: d.montantCents,
            reason: d.motif,
            nextSessionDate: d.prochaineSeance,
          })),
        },
        actorOf(req.identity),
      );
      count(METRIC.decisions, recorded.decisions.filter((d) => 'recorded' in d.outcome).length);
      return {
        status: 200,
        body: {
          seance: recorded.sessionId,
          decisions: recorded.decisions.map((d) => ({
            dossierId: d.dossier.id,
            reference: d.dossier.reference,
            avis: d.opinion,
            ...outcomeView(d.outcome),
          })),
        },
      };
    },
  }),
];
