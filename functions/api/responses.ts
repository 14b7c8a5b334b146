/**
 * What the API answers, as zod schemas: the OpenAPI document describes them (openapi.ts), the
 * views are typed by them (views.ts), and the API's integration tests check every answer against
 * its route's (test/support/api-client.ts). Those named with `id` are OpenAPI components.
 */
import * as z from 'zod';
import { accountRequestSchema } from '#domain/accounts/account-requests.ts';
import { CHANNELS } from '#domain/catalog/schemas.ts';
import { DOSSIER_STATUSES } from '#domain/dossier/lifecycle.ts';
import { TASK_STATUSES } from '#domain/ports/records.ts';
import { workflowStateSchema } from '#domain/workflow/state.ts';

const instant = z.string().meta({ description: 'instant ISO 8601 (UTC)' });
const day = z.string().meta({ description: 'jour AAAA-MM-JJ (Europe/Paris)' });
const cents = z.number().int();
const json = z.record(z.string(), z.unknown());
/** A JSON Schema (a decision's details, a form), as z.toJSONSchema writes it. */
const jsonSchema = json.meta({ description: 'schéma JSON (draft 2020-12)' });

export const errorSchema = z
  .object({
    erreur: z.object({
      code: z.string(),
      message: z.string().meta({ description: 'en français' }),
      champs: z.array(z.object({ champ: z.string(), code: z.string().optional(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Erreur' });

export const dossierSummarySchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    statut: z.enum(DOSSIER_STATUSES),
    dispositif: z.string(),
    territoire: z.string().meta({ description: 'son premier territoire, dont le service l’instruit' }),
    territoires: z.array(z.string()).meta({ description: 'les territoires de l’opération : les services de chacun le voient' }),
    canal: z
      .enum(CHANNELS)
      .meta({ description: 'comment il est entré : E-partenaire, dossier Word par son espace de dépôt, Démarches simplifiées' }),
    numeroDemarchesSimplifiees: z.string().optional(),
    porteur: z.string(),
    projet: z.string(),
    publicsHorsDispositif: z.array(z.string()).meta({ description: 'publics servis au-delà de ceux du dispositif (à apprécier)' }),
    montants: z.object({ requestedCents: cents, grantedCents: cents.optional(), paidCents: cents }),
    deposeLe: instant,
  })
  .meta({ id: 'DossierResume' });

export const dossierListSchema = z.object({ dossiers: z.array(dossierSummarySchema) });

export const taskSchema = z
  .object({
    id: z.string(),
    dossierId: z.string(),
    etape: z.string(),
    titre: z.string(),
    role: z.string(),
    territoire: z.string(),
    statut: z.enum(TASK_STATUSES),
    decisionsPossibles: z.array(z.string()),
    echeance: instant,
    ouverteLe: instant,
    decision: z.string().optional(),
    decidePar: z.string().optional(),
    decideLe: instant.optional(),
    commentaire: z.string().optional(),
    details: json.optional(),
  })
  .meta({ id: 'Tache' });

export const inboxSummarySchema = z.object({
  reference: z.string(),
  dispositif: z.string(),
  territoire: z.string(),
  porteur: z.string(),
  projet: z.string(),
});

export const inboxSchema = z.object({
  taches: z.array(taskSchema.extend({ enRetard: z.boolean(), dossier: inboxSummarySchema.optional() })),
});

export const taskWithDossierSchema = taskSchema.extend({ dossier: dossierSummarySchema });

const workflow = workflowStateSchema.shape;
export const dossierDetailSchema = dossierSummarySchema
  .extend({
    dossier: json.optional().meta({ description: 'le dossier de demande tel que déposé' }),
    suivi: z.object({
      operation: workflow.operation,
      complements: workflow.complements,
      commissionPermanente: workflow.cp,
      convention: workflow.convention,
      versements: workflow.payments.unwrap(),
      suspension: workflow.suspension,
      documentsAnnuels: workflow.annualDocuments.unwrap(),
      comites: workflow.comites.unwrap(),
      participants: z
        .object({ entrees: z.number().int(), sortiesParNature: z.record(z.string(), z.number().int()) })
        .meta({ description: 'les participants comptés, sans nom, sur les listes transmises avant les comités' }),
      bilan: workflow.bilan,
    }),
    historique: z.array(
      z.object({ n: z.number().int(), le: instant, type: z.string(), par: z.string(), donnees: json, empreinte: z.string() }),
    ),
    historiqueIntegre: z.boolean().meta({ description: 'la chaîne d’empreintes de l’historique est intacte' }),
    taches: z.array(taskSchema),
    echeances: z.array(z.object({ type: z.string(), objet: z.string(), le: day, statut: z.string() })),
    courriels: z.array(
      z.object({
        cle: z.string(),
        type: z.string(),
        destinataires: z.array(z.string()),
        objet: z.string(),
        texte: z.string(),
        statut: z.string(),
        envoyeLe: instant.optional(),
        tentatives: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Dossier' });

export const filingInvitationSchema = z
  .object({
    id: z.string(),
    lien: z.string().meta({ description: 'l’adresse envoyée au porteur' }),
    dispositif: z.string(),
    porteur: z.object({ nom: z.string(), siret: z.string(), courriel: z.string() }),
    ouvertPar: z.string(),
    ouvertLe: instant,
    expireLe: day.meta({ description: 'dernier jour où le dossier peut y être déposé' }),
    etat: z.enum(['ouvert', 'utilise', 'expire']),
    dossierId: z.string().optional().meta({ description: 'le dossier déposé par cet espace' }),
    courriel: z.object({ statut: z.string() }).optional().meta({ description: 'l’envoi du lien (tant que le courriel est conservé)' }),
  })
  .meta({ id: 'EspaceDeDepot' });

export const journeySchema = z.object({
  dossierId: z.string(),
  executions: z.array(
    z.object({
      machine: z.string(),
      nom: z.string(),
      generation: z.number().int(),
      statut: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
      debut: instant,
      fin: instant.optional(),
      etats: z.array(z.object({ nom: z.string(), entre: instant, sorti: instant.optional() })),
    }),
  ),
});

export const eventQueuedSchema = z.object({
  evenement: z.string().meta({ description: 'l’événement remis à l’exécution du dossier' }),
  comite: day.optional(),
});

export const participantsSentSchema = z.object({
  comite: day,
  entrees: z.number().int(),
  sorties: z.number().int(),
  mds: z.array(z.object({ territoire: z.string(), nom: z.string(), entrees: z.number().int(), sorties: z.number().int() })),
});

export const annualDocumentsRecordedSchema = z.object({ exercice: z.number().int(), suspensionLevee: z.boolean() });

export const cpPreparationSchema = z.object({
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
});

export const cpSessionRecordedSchema = z.object({
  seance: z.string(),
  decisions: z.array(
    z.object({
      dossierId: z.string(),
      reference: z.string(),
      avis: z.enum(['favourable', 'unfavourable', 'adjourned']),
      enregistre: z.literal(true).optional(),
      dejaEnregistre: z.literal(true).optional(),
      enveloppeDepassee: z.object({ resteCents: cents }).optional(),
      conflit: z.object({ avisEnregistre: z.string() }).optional(),
    }),
  ),
});

export const referentielSchema = z.object({
  axes: z.array(z.object({ numero: z.number().int(), titre: z.string(), cofinancementRequis: z.array(z.string()).optional() })),
  dispositifs: z.array(
    z.object({
      code: z.string(),
      titre: z.string(),
      axe: z.number().int(),
      canal: z.string(),
      dateOuverture: day,
      dateCloture: day,
      sessions: z.array(z.object({ ouverture: day, cloture: day })),
      contact: z.object({ service: z.string(), courriel: z.string() }),
      publics: z.array(z.string()),
      perimetre: z.array(z.string()),
      notePerimetre: z.string().optional(),
      enveloppeCents: cents,
      valeursParDefaut: z.array(z.string()).meta({ description: 'paramètres pris des valeurs par défaut de l’appel' }),
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
      decisions: z.array(z.object({ code: z.string(), libelle: z.string(), details: jsonSchema.optional() })),
    }),
  ),
  formulaires: z.object({
    dossier: z.object({ schema: jsonSchema, champs: json, engagements: z.unknown() }),
    participants: z.object({ schema: jsonSchema, champs: json }),
  }),
  typesEcheances: z.record(z.string(), z.object({ titre: z.string(), duPar: z.string() })),
});

const countByStatus = z.partialRecord(z.enum(DOSSIER_STATUSES), z.number().int());
export const campaignSchema = z.object({
  le: instant,
  jour: day,
  territoire: z.string(),
  dossiers: z.object({
    total: z.number().int(),
    parStatut: countByStatus,
    parAxe: z.record(z.string(), countByStatus),
    parDispositif: z.record(z.string(), z.number().int()),
    dansLeTemps: z.object({ jours: z.array(day), parStatut: z.partialRecord(z.enum(DOSSIER_STATUSES), z.array(z.number().int())) }),
  }),
  enveloppes: z.array(
    z.object({
      dispositif: z.string(),
      titre: z.string(),
      axe: z.number().int(),
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

export const accountRequestViewSchema = accountRequestSchema
  .extend({
    id: z.string(),
    statut: z.enum(['en-attente', 'ouverte', 'refusee']),
    demandeLe: instant,
    traiteLe: instant.optional(),
    traitePar: z.string().optional(),
    motif: z.string().optional(),
    identifiant: z.string().optional(),
  })
  .meta({ id: 'DemandeDeCompte' });

export const accountRequestFiledSchema = z.object({
  id: z.string(),
  statut: z.enum(['en-attente', 'ouverte', 'refusee']),
  message: z.string(),
});
export const accountRequestListSchema = z.object({ demandes: z.array(accountRequestViewSchema) });
