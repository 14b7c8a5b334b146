/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the very zod schemas that validate
 * the requests (z.toJSONSchema). `npm run openapi` writes it to docs/openapi.json (kept in the
 * repo, checked up to date by a test); the local platform serves it at /openapi.json.
 */
import { accountRequestSchema, refusalSchema } from '#domain/accounts/account-requests.ts';
import * as z from 'zod';
import { submissionSchema } from '#domain/submission/index.ts';
import { DECISION_DETAILS } from '#domain/workflow/decisions.ts';
import {
  annualDocumentsBodySchema,
  avenantBodySchema,
  bilanBodySchema,
  comiteBodySchema,
  cpSessionBodySchema,
  decisionBodySchema,
  demarchesSimplifieesBodySchema,
  invitationBodySchema,
  minutesBodySchema,
  participantsBodySchema,
} from './schemas.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

const errorSchema = {
  type: 'object',
  required: ['erreur'],
  properties: {
    erreur: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string', description: 'en français' },
        champs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['champ', 'message'],
            properties: { champ: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: ERROR_TEXT[c] ?? 'Erreur', content: { 'application/json': { schema: { $ref: '#/components/schemas/Erreur' } } } },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'Demande mal formée (JSON invalide, en-tête manquant)',
  401: 'Non authentifié',
  403: 'Action réservée à un autre rôle ou territoire',
  404: 'Introuvable (ou non visible pour l’appelant)',
  409: 'Conflit avec l’état du dossier ou de la tâche',
  413: 'Corps trop volumineux',
  410: 'Expiré',
  422: 'Données invalides : chaque champ fautif et la règle enfreinte',
};

const body = (schema: z.ZodType, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema: json(schema) } },
});
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const idParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });

export function openApiDocument() {
  const decisionDetails = Object.fromEntries(
    Object.entries(DECISION_DETAILS).map(([step, decisions]) => [
      step,
      { type: 'object', properties: Object.fromEntries(Object.entries(decisions).map(([d, s]) => [d, json(s as z.ZodType)])) },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Appel à projets « politiques d’inclusion durable 2026 » — API des dossiers',
      version: '1.0.0',
      description:
        'Dépôt des dossiers, instruction, Commission Permanente, suivi d’exécution et bilan. Authentification : jeton JWT (Cognito) portant le groupe (porteur, service-instructeur, chef-slai-slisl, secretariat-cp) et `custom:territory` ; en local, l’en-tête `X-Identite` (voir le README).',
    },
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Erreur: errorSchema,
        DetailsDesDecisions: { type: 'object', description: 'Les détails attendus par étape et par décision', properties: decisionDetails },
      },
    },
    security: [{ jwt: [] }],
    paths: {
      '/dossiers': {
        post: {
          summary: 'Déposer un dossier (porteur)',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } },
          ],
          requestBody: body(submissionSchema, 'Le dossier de demande de participation financière'),
          responses: {
            '201': ok('Dossier créé'),
            '200': ok('Même clé, même dossier : le dossier déjà créé'),
            ...errors(400, 401, 403, 409, 413, 422),
          },
        },
        get: {
          summary: 'Lister ses dossiers (porteur) ou les dossiers d’un dispositif dans un statut (services)',
          parameters: [
            { name: 'dispositif', in: 'query', schema: { type: 'string' } },
            { name: 'statut', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': ok('Les dossiers'), ...errors(401, 422) },
        },
      },
      '/invitations-depot': {
        post: {
          summary:
            'Ouvrir un espace de dépôt individualisé pour une structure nommée (dispositifs déposés par dossier Word : 2.2, 2.11, 2.12, 2.13 ; service instructeur) : le lien est envoyé par courriel, il expire et ne sert qu’une fois',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: body(invitationBodySchema),
          responses: { '201': ok('L’espace de dépôt ouvert (le même pour la même clé)'), ...errors(401, 403, 422) },
        },
      },
      '/invitations-depot/{id}': {
        get: {
          summary: 'Lire un espace de dépôt : son dispositif, sa structure, sa date d’expiration, son état (ouvert, utilise, expire)',
          parameters: [idParam('id', 'Identifiant de l’espace (celui du lien)')],
          responses: { '200': ok('L’espace de dépôt'), ...errors(401, 404) },
        },
      },
      '/invitations-depot/{id}/dossier': {
        post: {
          summary:
            'Déposer le dossier par son espace de dépôt (porteur de la structure invitée) : mêmes règles qu’un dépôt ; le même dossier à nouveau est le dossier déposé (200), un autre est refusé (409), un espace expiré aussi (410)',
          parameters: [idParam('id', 'Identifiant de l’espace')],
          requestBody: body(submissionSchema, 'Le dossier de demande de participation financière'),
          responses: { '201': ok('Dossier créé'), '200': ok('Le dossier déjà déposé'), ...errors(400, 401, 403, 404, 409, 410, 422) },
        },
      },
      '/demarches-simplifiees/dossiers': {
        post: {
          summary:
            'Enregistrer un dossier reçu sur Démarches simplifiées (3.7) avec son numéro (service instructeur de son premier territoire) : mêmes règles et même vie qu’un dépôt ; un numéro n’est enregistré qu’une fois',
          requestBody: body(demarchesSimplifieesBodySchema),
          responses: { '201': ok('Dossier enregistré'), '200': ok('Le même numéro, le même dossier'), ...errors(401, 403, 409, 422) },
        },
      },
      '/dossiers/{id}': {
        get: {
          summary: 'Lire un dossier avec tout son historique (transitions, tâches, courriels, échéances)',
          parameters: [idParam('id', 'Identifiant du dossier')],
          responses: { '200': ok('Le dossier'), ...errors(401, 404) },
        },
      },
      '/dossiers/{id}/parcours': {
        get: {
          summary:
            'Le parcours du dossier dans ses machines à états : chaque exécution de sa chaîne (instruction, exécution, bilan) avec les états traversés, dans l’ordre, et celui où elle se trouve',
          parameters: [idParam('id', 'Identifiant du dossier')],
          responses: { '200': ok('Les exécutions et leurs états'), ...errors(401, 404) },
        },
      },
      '/taches': {
        get: {
          summary:
            'La boîte de réception : tâches ouvertes du rôle et du territoire de l’appelant, chacune avec ce que la boîte montre de son dossier',
          responses: { '200': ok('Les tâches, la plus urgente d’abord'), ...errors(401, 403) },
        },
      },
      '/taches/{id}': {
        get: {
          summary: 'Lire une tâche',
          parameters: [idParam('id', 'Identifiant de la tâche')],
          responses: { '200': ok('La tâche'), ...errors(401, 403, 404) },
        },
      },
      '/taches/{id}/decision': {
        post: {
          summary:
            'Décider (détails selon l’étape : voir DetailsDesDecisions) ; un avis favorable de la Commission Permanente engage l’enveloppe du dispositif avec la décision (409 enveloppe-depassee s’il la dépasse : rien n’est enregistré)',
          parameters: [idParam('id', 'Identifiant de la tâche')],
          requestBody: body(decisionBodySchema),
          responses: { '200': ok('La tâche décidée'), ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      '/dossiers/{id}/comites': {
        post: {
          summary: 'Enregistrer la date d’un comité de suivi (service instructeur)',
          parameters: [idParam('id', 'Dossier')],
          requestBody: body(comiteBodySchema),
          responses: { '202': ok('Enregistré'), ...errors(401, 403, 404, 409, 422) },
        },
      },
      '/dossiers/{id}/comites/{date}/compte-rendu': {
        post: {
          summary: 'Enregistrer le compte rendu d’un comité',
          parameters: [idParam('id', 'Dossier'), idParam('date', 'Date du comité (AAAA-MM-JJ)')],
          requestBody: body(minutesBodySchema),
          responses: { '202': ok('Enregistré'), ...errors(401, 403, 404, 409, 422) },
        },
      },
      '/dossiers/{id}/participants': {
        post: {
          summary: 'Transmettre à la MDS les entrées et sorties de participants avant un comité (porteur)',
          parameters: [idParam('id', 'Dossier')],
          requestBody: body(participantsBodySchema),
          responses: { '202': ok('Transmis'), ...errors(401, 403, 404, 422) },
        },
      },
      '/dossiers/{id}/avenants': {
        post: {
          summary: 'Demander un avenant (porteur)',
          parameters: [idParam('id', 'Dossier')],
          requestBody: body(avenantBodySchema),
          responses: { '202': ok('Demande enregistrée'), ...errors(401, 403, 404, 409, 422) },
        },
      },
      '/dossiers/{id}/documents-annuels': {
        post: {
          summary: 'Déclarer les documents annuels d’un exercice transmis (porteur)',
          parameters: [idParam('id', 'Dossier')],
          requestBody: body(annualDocumentsBodySchema),
          responses: { '200': ok('Enregistré'), ...errors(401, 403, 404, 422) },
        },
      },
      '/dossiers/{id}/complements': {
        post: {
          summary: 'Déclarer les compléments transmis (porteur)',
          parameters: [idParam('id', 'Dossier')],
          responses: { '200': ok('Enregistré'), ...errors(401, 403, 404, 409) },
        },
      },
      '/dossiers/{id}/bilan': {
        post: {
          summary:
            'Déposer le bilan final, qualitatif et quantitatif (porteur) : la valeur réalisée de chaque indicateur de la convention, les sorties par nature, le bilan qualitatif, les dépenses acquittées au plus tard le jour du dépôt',
          parameters: [idParam('id', 'Dossier')],
          requestBody: body(bilanBodySchema),
          responses: { '200': ok('Bilan déposé'), ...errors(401, 403, 404, 409, 422) },
        },
      },
      '/commission-permanente/preparation': {
        get: {
          summary: 'Préparer une séance : dossiers prêts, montants demandés, enveloppe restante (JSON ou CSV)',
          parameters: [{ name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } }],
          responses: {
            '200': {
              description: 'La liste',
              content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } },
            },
            ...errors(401, 403),
          },
        },
      },
      '/referentiel': {
        get: {
          summary:
            'Le référentiel de l’appel à projets, public (sans authentification) : axes, dispositifs, canaux de dépôt, territoires, publics, charte de communication, statuts, décisions de chaque étape (avec le schéma de leurs détails), types d’échéances',
          description:
            'Pour chaque dispositif : code, titre, axe, canal de dépôt, dates d’ouverture et de clôture (et sessions), contact, publics visés, périmètre (territoires), enveloppe, et la liste des paramètres encore pris des valeurs par défaut de l’appel (valeursParDefaut) en l’absence de la fiche dispositif.',
          security: [],
          responses: { '200': ok('Le référentiel') },
        },
      },
      '/campagne': {
        get: {
          summary:
            'La campagne (services) : dossiers par statut, axe et dispositif, par statut à la fin de chaque mois depuis le premier dépôt, enveloppes, échéances des 30 prochains jours — limitée au territoire de l’appelant',
          responses: { '200': ok('La campagne'), ...errors(401, 403) },
        },
      },
      '/commission-permanente/seances': {
        post: {
          summary:
            'Enregistrer en un appel les décisions d’une séance : la réponse dit de chacune si elle est enregistrée, déjà enregistrée, ou dépasse l’enveloppe restante (alors non enregistrée)',
          requestBody: body(cpSessionBodySchema),
          responses: {
            '200': ok('Décisions : enregistre, dejaEnregistre, enveloppeDepassee { resteCents } ou conflit'),
            ...errors(401, 403, 422),
          },
        },
      },
      '/demandes-de-compte': {
        post: {
          summary: 'Demander l’ouverture d’un compte porteur (public : sans connexion)',
          security: [],
          requestBody: body(accountRequestSchema),
          responses: { '201': ok('Demande enregistrée'), '200': ok('Demande déjà en attente'), ...errors(409, 422) },
        },
        get: {
          summary: 'Les demandes en attente (service instructeur, chef de SLAI/SLISL)',
          responses: { '200': ok('Les demandes'), ...errors(401, 403) },
        },
      },
      '/demandes-de-compte/{id}/ouverture': {
        post: {
          summary: 'Ouvrir le compte (lié au SIRET ; la personne reçoit son invitation par courriel)',
          parameters: [idParam('id', 'Demande')],
          responses: { '200': ok('Compte ouvert'), ...errors(401, 403, 404, 409) },
        },
      },
      '/demandes-de-compte/{id}/refus': {
        post: {
          summary: 'Refuser la demande, avec son motif',
          parameters: [idParam('id', 'Demande')],
          requestBody: body(refusalSchema),
          responses: { '200': ok('Demande refusée'), ...errors(401, 403, 404, 409, 422) },
        },
      },
    },
  };
}
