/**
 * Porteur account requests (domain/accounts/account-requests.ts):
 *
 *   POST /demandes-de-compte                    anyone (public route): ask for an account
 *   GET  /demandes-de-compte                    the instructing services: the requests waiting
 *   POST /demandes-de-compte/:id/ouverture      open the account (Cognito AdminCreateUser on AWS)
 *   POST /demandes-de-compte/:id/refus          refuse it, with the reason ({ "motif": … })
 */
import {
  AccountConflictError,
  AccountRequestStateError,
  accountRequestSchema,
  openAccount,
  refusalSchema,
  refuseAccount,
  requestAccount,
  type AccountDeps,
  type AccountRequest,
} from '#domain/accounts/account-requests.ts';
import { HttpError, notFound } from '../http-errors.ts';
import { actorOf } from '../identity.ts';
import { accountRequestFiledSchema, accountRequestListSchema, accountRequestViewSchema } from '../responses.ts';
import { type ApiDeps, route } from '../router.ts';
import { accountRequestParams } from './params.ts';

/** Who opens accounts: « les services du Département » that instruct the dossiers. */
export const ACCOUNT_OPENING_ROLES = ['service-instructeur', 'chef-slai-slisl'] as const;

const STATE_MESSAGES: Record<AccountRequest['statut'], string> = {
  'en-attente': 'Cette demande est en attente.',
  ouverte:
    'Un compte est déjà ouvert pour cette structure et cette adresse électronique : connectez-vous, ou réinitialisez le mot de passe.',
  refusee: 'Cette demande a déjà été refusée.',
};

async function settle<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountRequestStateError) throw new HttpError(409, `demande-${error.statut}`, STATE_MESSAGES[error.statut]);
    if (error instanceof AccountConflictError)
      throw new HttpError(409, 'compte-existant', 'Cette adresse électronique a déjà un compte, pour une autre structure (SIRET).');
    throw error;
  }
}

/** The account requests' dependencies: the router declares these routes only when the platform has them (`needs`). */
const accountsOf = (deps: ApiDeps): AccountDeps => deps.accounts!;

export const accountRoutes = [
  route({
    method: 'POST',
    path: '/demandes-de-compte',
    summary: 'Demander l’ouverture d’un compte porteur (public : sans connexion)',
    // A porteur asks for an account, having none yet: a person filling a form does not post every second.
    access: 'public',
    throttle: { rateLimit: 1, burstLimit: 5 },
    needs: 'accounts',
    body: accountRequestSchema,
    responses: {
      201: { description: 'Demande enregistrée', schema: accountRequestFiledSchema },
      200: { description: 'Demande déjà en attente', schema: accountRequestFiledSchema },
    },
    errors: [409, 422],
    handle: async (req, deps) => {
      const { request, created } = await settle(() => requestAccount(accountsOf(deps), req.body));
      return {
        status: created ? 201 : 200,
        body: {
          id: request.id,
          statut: request.statut,
          message:
            'Votre demande d’ouverture de compte est enregistrée. Les services du Département l’examinent ; vous recevrez un courriel à son ouverture (ce n’est pas automatique et peut prendre plusieurs jours).',
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/demandes-de-compte',
    summary: 'Les demandes en attente (service instructeur, chef de SLAI/SLISL)',
    access: ACCOUNT_OPENING_ROLES,
    needs: 'accounts',
    responses: { 200: { description: 'Les demandes', schema: accountRequestListSchema } },
    handle: async (_req, deps) => ({ status: 200, body: { demandes: await accountsOf(deps).requests.listPending() } }),
  }),
  route({
    method: 'POST',
    path: '/demandes-de-compte/{id}/ouverture',
    summary: 'Ouvrir le compte (lié au SIRET ; la personne reçoit son invitation par courriel)',
    access: ACCOUNT_OPENING_ROLES,
    needs: 'accounts',
    params: accountRequestParams,
    responses: { 200: { description: 'Compte ouvert', schema: accountRequestViewSchema } },
    errors: [404, 409],
    handle: async (req, deps) => {
      const opened = await settle(() => openAccount(accountsOf(deps), req.params.id, actorOf(req.identity)));
      if (!opened) throw notFound('demande de compte');
      return { status: 200, body: opened };
    },
  }),
  route({
    method: 'POST',
    path: '/demandes-de-compte/{id}/refus',
    summary: 'Refuser la demande, avec son motif',
    access: ACCOUNT_OPENING_ROLES,
    needs: 'accounts',
    params: accountRequestParams,
    body: refusalSchema,
    responses: { 200: { description: 'Demande refusée', schema: accountRequestViewSchema } },
    errors: [404, 409, 422],
    handle: async (req, deps) => {
      const refused = await settle(() => refuseAccount(accountsOf(deps), req.params.id, actorOf(req.identity), req.body.motif));
      if (!refused) throw notFound('demande de compte');
      return { status: 200, body: refused };
    },
  }),
];
