/**
 * Read-only views for the web console (console/): the call's reference data, public (`/referentiel`:
 * axes, dispositifs with their closing dates, contacts, publics, perimeters and channels, the
 * channels, territories, publics, the dossier's statuses with their labels, steps with their
 * decisions and the details each decision carries, deadline kinds), and the campaign at a glance
 * (`/campagne`: dossiers by
 * status and by axe, each dispositif's envelope committed versus available, the deadlines of the
 * coming 30 days). Nothing here writes.
 */
import pMap from 'p-map';
import * as z from 'zod/mini';
import { RESOURCE_SOURCE_LABELS } from '#domain/catalog/index.ts';
import { DEADLINE_KINDS } from '#domain/deadlines/deadline-kinds.ts';
import { DECISION_LABELS } from '#domain/notifications/labels.ts';
import { DOSSIER_STATUSES, statusLabel, type DossierStatus } from '#domain/dossier/lifecycle.ts';
import { statusesOverTime } from '#domain/dossier/statuses-over-time.ts';
import { DEFAULT_CHANNEL } from '#domain/rules/submission-channel.ts';
import { submissionSchema } from '#domain/submission/index.ts';
import { FORM_UNDERTAKINGS, SUBMISSION_FIELD_LABELS } from '#domain/submission/form-labels.ts';
import { addDays } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { DECISION_DETAILS } from '#domain/workflow/decisions.ts';
import type { EngineDeps } from '#domain/workflow/deps.ts';
import type { DossierSummary } from '#domain/ports/records.ts';
import { STEPS } from '#domain/workflow/steps.ts';
import { onTerritory } from '../access.ts';
import { cents, day, instant, json, jsonSchema } from '../response-parts.ts';
import { lazySchema } from '../lazy-schema.ts';
import { route } from '../router.ts';
import { PARTICIPANTS_FIELD_LABELS, participantsBodySchema } from '../schemas.ts';

// What these routes answer (the other routes' answers: ../responses.ts).
const referentielSchema = lazySchema(() =>
  z.object({
    axes: z.array(z.object({ numero: z.number().check(z.int()), titre: z.string(), cofinancementRequis: z.optional(z.array(z.string())) })),
    dispositifs: z.array(
      z.object({
        code: z.string(),
        titre: z.string(),
        axe: z.number().check(z.int()),
        canal: z.string(),
        dateOuverture: day,
        dateCloture: day,
        sessions: z.array(z.object({ ouverture: day, cloture: day })),
        contact: z.object({ service: z.string(), courriel: z.string() }),
        publics: z.array(z.string()),
        perimetre: z.array(z.string()),
        notePerimetre: z.optional(z.string()),
        enveloppeCents: cents,
        valeursParDefaut: z.array(z.string()).check(z.meta({ description: 'paramètres pris des valeurs par défaut de l’appel' })),
      }),
    ),
    canaux: z.array(z.object({ code: z.string(), libelle: z.string(), commentDeposer: z.string() })),
    canalDuDepot: z.string(),
    territoires: z.array(z.object({ code: z.string(), nom: z.string() })),
    publics: z.array(z.object({ code: z.string(), nom: z.string(), prioritaire: z.boolean() })),
    naturesDeSortie: z.array(z.object({ code: z.string(), libelle: z.string() })),
    charteCommunication: z.object({ titre: z.string(), adresse: z.string() }),
    sourcesDeFinancement: z.record(z.string(), z.string()),
    statuts: z.array(z.object({ code: z.enum(DOSSIER_STATUSES), libelle: z.string() })),
    etapes: z.record(
      z.string(),
      z.object({
        titre: z.string(),
        role: z.string(),
        decisions: z.array(z.object({ code: z.string(), libelle: z.string(), details: z.optional(jsonSchema) })),
      }),
    ),
    formulaires: z.object({
      dossier: z.object({ schema: jsonSchema, champs: json, engagements: z.unknown() }),
      participants: z.object({ schema: jsonSchema, champs: json }),
    }),
    typesEcheances: z.record(z.string(), z.object({ titre: z.string(), duPar: z.string() })),
  }),
);

const campaignSchema = lazySchema(() => {
  const countByStatus = z.partialRecord(z.enum(DOSSIER_STATUSES), z.number().check(z.int()));
  return z.object({
    le: instant,
    jour: day,
    territoire: z.string(),
    dossiers: z.object({
      total: z.number().check(z.int()),
      parStatut: countByStatus,
      parAxe: z.record(z.string(), countByStatus),
      parDispositif: z.record(z.string(), z.number().check(z.int())),
      dansLeTemps: z.object({
        jours: z.array(day),
        parStatut: z.partialRecord(z.enum(DOSSIER_STATUSES), z.array(z.number().check(z.int()))),
      }),
    }),
    enveloppes: z.array(
      z.object({
        dispositif: z.string(),
        titre: z.string(),
        axe: z.number().check(z.int()),
        totalCents: cents,
        engageCents: cents,
        disponibleCents: cents,
      }),
    ),
    echeances: z.object({
      du: day,
      au: day,
      liste: z.array(
        z.object({
          le: day,
          type: z.string(),
          titre: z.string(),
          duPar: z.string(),
          objet: z.string(),
          dossierId: z.string(),
          reference: z.string(),
          porteur: z.string(),
          territoire: z.string(),
        }),
      ),
    }),
  });
});

/** The coming days the campaign's deadline list covers (today included). */
export const CAMPAIGN_DEADLINE_DAYS = 30;

/** At most this many reads at once (the campaign reads one query per status, then the envelopes and the coming deadlines in one read each). */
const READ_CONCURRENCY = 16;

/** A zod schema as the JSON Schema of what it accepts (a decision's details, the dossier). */
const detailsSchema = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

function referentiel(deps: EngineDeps) {
  const { catalog } = deps;
  const decisionDetails = DECISION_DETAILS as Record<string, Record<string, z.ZodMiniType> | undefined>;
  return {
    axes: catalog.axes.map((a) => ({ numero: a.number, titre: a.title, cofinancementRequis: a.requiredCofundingAnyOf })),
    dispositifs: catalog.dispositifs.map((d) => ({
      code: d.code,
      titre: d.title,
      axe: d.axe,
      canal: d.channel,
      dateOuverture: d.opensOn,
      dateCloture: d.closesOn,
      sessions: d.sessions.map((x) => ({ ouverture: x.opensOn, cloture: x.closesOn })),
      contact: { service: d.contact.service, courriel: d.contact.email },
      publics: d.publics,
      perimetre: d.perimeter,
      ...(d.perimeterNote ? { notePerimetre: d.perimeterNote } : {}),
      enveloppeCents: d.envelopeCents,
      /** Parameters the fiche dispositif has not given yet: the call's documented defaults (data/catalog/README.md). */
      valeursParDefaut: d.fromDefaults,
    })),
    canaux: catalog.call.channels.map((c) => ({ code: c.code, libelle: c.label, commentDeposer: c.howToFile })),
    /** The channel POST /dossiers files through: a dispositif of another channel is filed there (the console says how). */
    canalDuDepot: DEFAULT_CHANNEL,
    territoires: catalog.territories.map((t) => ({ code: t.code, nom: t.name })),
    publics: catalog.publics.map((p) => ({ code: p.code, nom: p.label, prioritaire: p.priority })),
    /** The natures of a participant's exit (« la nature des sorties »): the closed list the participant lists and the bilan use. */
    naturesDeSortie: catalog.call.evaluation.exitNatures.map((n) => ({ code: n.code, libelle: n.label })),
    charteCommunication: { titre: catalog.call.communicationCharter.title, adresse: catalog.call.communicationCharter.url },
    sourcesDeFinancement: RESOURCE_SOURCE_LABELS,
    // Each status with its label: the console shows these (never a copy of its own).
    statuts: DOSSIER_STATUSES.map((code) => ({ code, libelle: statusLabel(code) })),
    etapes: Object.fromEntries(
      Object.entries(STEPS).map(([code, step]) => [
        code,
        {
          titre: step.title,
          role: step.assignee.role,
          decisions: step.decisions.map((decision) => {
            const schema = decisionDetails[code]?.[decision];
            return {
              code: decision,
              libelle: (DECISION_LABELS as Record<string, string>)[decision] ?? decision,
              ...(schema ? { details: detailsSchema(schema) } : {}),
            };
          }),
        },
      ]),
    ),
    /** The console's forms, built from the schemas that validate them: JSON Schema, each field's French label (and the undertakings, when each is owed). */
    formulaires: {
      dossier: { schema: detailsSchema(submissionSchema), champs: SUBMISSION_FIELD_LABELS, engagements: FORM_UNDERTAKINGS },
      participants: { schema: detailsSchema(participantsBodySchema), champs: PARTICIPANTS_FIELD_LABELS },
    },
    typesEcheances: Object.fromEntries(Object.entries(DEADLINE_KINDS).map(([kind, k]) => [kind, { titre: k.title, duPar: k.owedBy }])),
  };
}

async function campaign(deps: EngineDeps, territory: string) {
  const { catalog } = deps;
  const visible = (d: DossierSummary) => onTerritory(territory, d);
  const lists = await pMap(DOSSIER_STATUSES, (status) => deps.dossiers.listByStatus(status), { concurrency: READ_CONCURRENCY });
  const dossiers = new Map<string, DossierSummary>();
  for (const list of lists) for (const d of list) if (visible(d)) dossiers.set(d.id, d);

  const byStatus: Partial<Record<DossierStatus, number>> = {};
  const byDispositif: Record<string, number> = {};
  const byAxe: Record<string, Partial<Record<DossierStatus, number>>> = Object.fromEntries(catalog.axes.map((a) => [String(a.number), {}]));
  for (const d of dossiers.values()) {
    byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
    byDispositif[d.dispositifCode] = (byDispositif[d.dispositifCode] ?? 0) + 1;
    const axe = String(catalog.dispositifByCode(d.dispositifCode)?.axe ?? '?');
    const row = (byAxe[axe] ??= {});
    row[d.status] = (row[d.status] ?? 0) + 1;
  }

  const stored = new Map((await deps.envelopes.getMany(catalog.dispositifs.map((d) => d.code))).map((e) => [e.dispositifCode, e]));
  const envelopes = catalog.dispositifs.map((d) => {
    const envelope = stored.get(d.code);
    const total = envelope?.totalCents ?? d.envelopeCents;
    const committed = envelope?.committedCents ?? 0;
    return {
      dispositif: d.code,
      titre: d.title,
      axe: d.axe,
      totalCents: total,
      engageCents: committed,
      disponibleCents: envelope?.remainingCents ?? total - committed,
    };
  });

  const today = parisDateOf(deps.clock.now());
  const days = Array.from({ length: CAMPAIGN_DEADLINE_DAYS + 1 }, (_, i) => addDays(today, i));
  const due = await deps.deadlines.listDue(today, days.at(-1)!);
  const deadlines = due
    .flatMap((x) => {
      // Only the deadlines themselves (the reminders planned beside them are not listed).
      const kind = (DEADLINE_KINDS as Record<string, { title: string; owedBy: string } | undefined>)[x.kind];
      const d = dossiers.get(x.dossierId);
      if (!kind || !d || x.status !== 'pending') return [];
      return [
        {
          le: x.dueDate,
          type: x.kind,
          titre: kind.title,
          duPar: kind.owedBy,
          objet: x.ref,
          dossierId: d.id,
          reference: d.reference,
          porteur: d.profile.porteurName,
          territoire: d.territory,
        },
      ];
    })
    .sort((a, b) => a.le.localeCompare(b.le) || a.reference.localeCompare(b.reference));

  const overTime = statusesOverTime(dossiers.values(), today);
  return {
    le: deps.clock.now().toISOString(),
    jour: today,
    territoire: territory,
    dossiers: {
      total: dossiers.size,
      parStatut: byStatus,
      parAxe: byAxe,
      parDispositif: byDispositif,
      /** By status at the end of each month since the first filing, then today (from the statuses' histories). */
      dansLeTemps: { jours: overTime.days, parStatut: overTime.byStatus },
    },
    enveloppes: envelopes,
    echeances: { du: today, au: days.at(-1)!, liste: deadlines },
  };
}

/** The reference data, computed once per process (it is the catalog's, which does not change while it runs). */
const referentiels = new WeakMap<EngineDeps['catalog'], ReturnType<typeof referentiel>>();

export const campaignRoutes = [
  route({
    method: 'GET',
    path: '/referentiel',
    summary:
      'Le référentiel de l’appel à projets, public (sans authentification) : axes, dispositifs, canaux de dépôt, territoires, publics, charte de communication, statuts, décisions de chaque étape (avec le schéma de leurs détails), types d’échéances',
    description:
      'Pour chaque dispositif : code, titre, axe, canal de dépôt, dates d’ouverture et de clôture (et sessions), contact, publics visés, périmètre (territoires), enveloppe, et la liste des paramètres encore pris des valeurs par défaut de l’appel (valeursParDefaut) en l’absence de la fiche dispositif.',
    // Public reference data: anyone may read the call.
    access: 'public',
    responses: { 200: { description: 'Le référentiel', schema: referentielSchema } },
    handle: async (_req, deps) => {
      let body = referentiels.get(deps.catalog);
      if (!body) referentiels.set(deps.catalog, (body = referentiel(deps)));
      return { status: 200, body };
    },
  }),
  route({
    method: 'GET',
    path: '/campagne',
    summary:
      'La campagne (services) : dossiers par statut, axe et dispositif, par statut à la fin de chaque mois depuis le premier dépôt, enveloppes, échéances des 30 prochains jours — limitée au territoire de l’appelant',
    access: 'staff',
    responses: { 200: { description: 'La campagne', schema: campaignSchema } },
    handle: async (req, deps) => ({ status: 200, body: await campaign(deps, req.identity.territory) }),
  }),
];
