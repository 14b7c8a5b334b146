/**
 * What the API answers, as zod schemas: the OpenAPI document describes them (openapi.ts), the
 * views are typed by them (views.ts), and the API's integration tests check every answer against
 * its route's (test/support/api-client.ts). Those named with `id` are OpenAPI components.
 * The campaign's and the Commission's answers are declared in their route files
 * (routes/campaign.ts, routes/commission.ts): every API bundle that imports this module carries all
 * of it, and those two groups' Lambda functions need none of it.
 */
import * as z from 'zod/mini';
import { accountRequestSchema } from '#domain/accounts/account-requests.ts';
import { CHANNELS } from '#domain/catalog/codes.ts';
import { DOSSIER_STATUSES } from '#domain/dossier/lifecycle.ts';
import { TASK_STATUSES } from '#domain/ports/records.ts';
import { workflowStateSchema } from '#domain/workflow/state.ts';
import { lazySchema } from './lazy-schema.ts';
import { cents, day, instant, json } from './response-parts.ts';

// A named component (OpenAPI `$ref`) is registered on its very schema, not given as a z.meta check:
// a check is copied into every schema extended from it, each then claiming the same id.

export const errorSchema = lazySchema(() =>
  z
    .object({
      erreur: z.object({
        code: z.string(),
        message: z.string().check(z.meta({ description: 'en français' })),
        champs: z.optional(z.array(z.object({ champ: z.string(), code: z.optional(z.string()), message: z.string() }))),
      }),
    })
    .register(z.globalRegistry, { id: 'Erreur' }),
);

export const dossierSummarySchema = lazySchema(() =>
  z
    .object({
      id: z.string(),
      reference: z.string(),
      statut: z.enum(DOSSIER_STATUSES),
      dispositif: z.string(),
      territoire: z.string().check(z.meta({ description: 'son premier territoire, dont le service l’instruit' })),
      territoires: z.array(z.string()).check(z.meta({ description: 'les territoires de l’opération : les services de chacun le voient' })),
      canal: z
        .enum(CHANNELS)
        .check(z.meta({ description: 'comment il est entré : E-partenaire, dossier Word par son espace de dépôt, Démarches simplifiées' })),
      numeroDemarchesSimplifiees: z.optional(z.string()),
      porteur: z.string(),
      projet: z.string(),
      publicsHorsDispositif: z
        .array(z.string())
        .check(z.meta({ description: 'publics servis au-delà de ceux du dispositif (à apprécier)' })),
      montants: z.object({ requestedCents: cents, grantedCents: z.optional(cents), paidCents: cents }),
      deposeLe: instant,
    })
    .register(z.globalRegistry, { id: 'DossierResume' }),
);

export const dossierListSchema = lazySchema(() => z.object({ dossiers: z.array(dossierSummarySchema()) }));

export const taskSchema = lazySchema(() =>
  z
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
      decision: z.optional(z.string()),
      decidePar: z.optional(z.string()),
      decideLe: z.optional(instant),
      commentaire: z.optional(z.string()),
      details: z.optional(json),
    })
    .register(z.globalRegistry, { id: 'Tache' }),
);

export const inboxSummarySchema = lazySchema(() =>
  z.object({
    reference: z.string(),
    dispositif: z.string(),
    territoire: z.string(),
    porteur: z.string(),
    projet: z.string(),
  }),
);

export const inboxSchema = lazySchema(() =>
  z.object({
    taches: z.array(z.extend(taskSchema(), { enRetard: z.boolean(), dossier: z.optional(inboxSummarySchema()) })),
  }),
);

export const taskWithDossierSchema = lazySchema(() => z.extend(taskSchema(), { dossier: dossierSummarySchema() }));

export const dossierDetailSchema = lazySchema(() => {
  const workflow = workflowStateSchema.shape;
  return z
    .extend(dossierSummarySchema(), {
      dossier: z.optional(json).check(z.meta({ description: 'le dossier de demande tel que déposé' })),
      suivi: z.object({
        operation: workflow.operation,
        complements: workflow.complements,
        commissionPermanente: workflow.cp,
        convention: workflow.convention,
        versements: workflow.payments.def.innerType,
        suspension: workflow.suspension,
        documentsAnnuels: workflow.annualDocuments.def.innerType,
        comites: workflow.comites.def.innerType,
        participants: z
          .object({ entrees: z.number().check(z.int()), sortiesParNature: z.record(z.string(), z.number().check(z.int())) })
          .check(z.meta({ description: 'les participants comptés, sans nom, sur les listes transmises avant les comités' })),
        bilan: workflow.bilan,
      }),
      historique: z.array(
        z.object({ n: z.number().check(z.int()), le: instant, type: z.string(), par: z.string(), donnees: json, empreinte: z.string() }),
      ),
      historiqueIntegre: z.boolean().check(z.meta({ description: 'la chaîne d’empreintes de l’historique est intacte' })),
      taches: z.array(taskSchema()),
      echeances: z.array(z.object({ type: z.string(), objet: z.string(), le: day, statut: z.string() })),
      courriels: z.array(
        z.object({
          cle: z.string(),
          type: z.string(),
          destinataires: z.array(z.string()),
          objet: z.string(),
          texte: z.string(),
          statut: z.string(),
          envoyeLe: z.optional(instant),
          tentatives: z.number().check(z.int()),
        }),
      ),
    })
    .register(z.globalRegistry, { id: 'Dossier' });
});

export const filingInvitationSchema = lazySchema(() =>
  z
    .object({
      id: z.string(),
      lien: z.string().check(z.meta({ description: 'l’adresse envoyée au porteur' })),
      dispositif: z.string(),
      porteur: z.object({ nom: z.string(), siret: z.string(), courriel: z.string() }),
      ouvertPar: z.string(),
      ouvertLe: instant,
      expireLe: day.check(z.meta({ description: 'dernier jour où le dossier peut y être déposé' })),
      etat: z.enum(['ouvert', 'utilise', 'expire']),
      dossierId: z.optional(z.string()).check(z.meta({ description: 'le dossier déposé par cet espace' })),
      courriel: z
        .optional(z.object({ statut: z.string() }))
        .check(z.meta({ description: 'l’envoi du lien (tant que le courriel est conservé)' })),
    })
    .register(z.globalRegistry, { id: 'EspaceDeDepot' }),
);

export const journeySchema = lazySchema(() =>
  z.object({
    dossierId: z.string(),
    executions: z.array(
      z.object({
        machine: z.string(),
        nom: z.string(),
        generation: z.number().check(z.int()),
        statut: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
        debut: instant,
        fin: z.optional(instant),
        etats: z.array(z.object({ nom: z.string(), entre: instant, sorti: z.optional(instant) })),
      }),
    ),
  }),
);

export const eventQueuedSchema = lazySchema(() =>
  z.object({
    evenement: z.string().check(z.meta({ description: 'l’événement remis à l’exécution du dossier' })),
    comite: z.optional(day),
  }),
);

export const participantsSentSchema = lazySchema(() =>
  z.object({
    comite: day,
    entrees: z.number().check(z.int()),
    sorties: z.number().check(z.int()),
    mds: z.array(
      z.object({ territoire: z.string(), nom: z.string(), entrees: z.number().check(z.int()), sorties: z.number().check(z.int()) }),
    ),
  }),
);

export const annualDocumentsRecordedSchema = lazySchema(() =>
  z.object({
    exercice: z.number().check(z.int()),
    documentsRecus: z.array(z.string()).check(z.meta({ description: 'les documents de l’exercice reçus à ce jour' })),
    complet: z.boolean().check(z.meta({ description: 'les cinq documents sont reçus : l’obligation est remplie' })),
    suspensionLevee: z.boolean(),
    autresDossiers: z
      .array(z.object({ dossier: z.string(), complet: z.boolean(), suspensionLevee: z.boolean() }))
      .check(z.meta({ description: 'les autres dossiers en cours de la structure, pour lesquels la réception vaut aussi' })),
  }),
);

export const extensionGrantedSchema = lazySchema(() => z.object({ obligation: z.string(), ancienneDate: day, nouvelleDate: day }));
export const suspensionDecidedSchema = lazySchema(() =>
  z.object({
    suspension: z.enum(['prononcee', 'levee', 'ecartee']),
    exercice: z.optional(z.number().check(z.int())),
  }),
);
export const controlRecordedSchema = lazySchema(() =>
  z.object({
    controle: z.string(),
    remboursement: z.optional(z.string()).check(z.meta({ description: 'la demande de remboursement préparée, à valider' })),
  }),
);
export const reimbursementSentSchema = lazySchema(() =>
  z.object({ remboursement: z.string(), statut: z.string(), montantCents: z.number().check(z.int()) }),
);

export const accountRequestViewSchema = lazySchema(() =>
  z
    .extend(accountRequestSchema, {
      id: z.string(),
      statut: z.enum(['en-attente', 'ouverte', 'refusee']),
      demandeLe: instant,
      traiteLe: z.optional(instant),
      traitePar: z.optional(z.string()),
      motif: z.optional(z.string()),
      identifiant: z.optional(z.string()),
    })
    .register(z.globalRegistry, { id: 'DemandeDeCompte' }),
);

export const accountRequestFiledSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    statut: z.enum(['en-attente', 'ouverte', 'refusee']),
    message: z.string(),
  }),
);
export const accountRequestListSchema = lazySchema(() => z.object({ demandes: z.array(accountRequestViewSchema()) }));
