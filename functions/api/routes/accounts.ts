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
import { requireInstructor } from '../access.ts';
import { HttpError, invalidBody, notFound } from '../http-errors.ts';
import { actorOf } from '../identity.ts';
import type { Route } from '../router.ts';

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

export function accountRoutes(deps: AccountDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/demandes-de-compte',
      public: true,
      handle: async (req) => {
        const parsed = accountRequestSchema.safeParse(req.body ?? {});
        if (!parsed.success) throw invalidBody(parsed.error);
        const { request, created } = await settle(() => requestAccount(deps, parsed.data));
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
    },
    {
      method: 'GET',
      path: '/demandes-de-compte',
      handle: async (req) => {
        requireInstructor(req.identity, ACCOUNT_OPENING_ROLES);
        return { status: 200, body: { demandes: await deps.requests.listPending() } };
      },
    },
    {
      method: 'POST',
      path: '/demandes-de-compte/:id/ouverture',
      handle: async (req) => {
        requireInstructor(req.identity, ACCOUNT_OPENING_ROLES);
        const identity = req.identity;
        const opened = await settle(() => openAccount(deps, req.params.id!, actorOf(identity)));
        if (!opened) throw notFound('demande de compte');
        return { status: 200, body: opened };
      },
    },
    {
      method: 'POST',
      path: '/demandes-de-compte/:id/refus',
      handle: async (req) => {
        requireInstructor(req.identity, ACCOUNT_OPENING_ROLES);
        const parsed = refusalSchema.safeParse(req.body ?? {});
        if (!parsed.success) throw invalidBody(parsed.error);
        const identity = req.identity;
        const refused = await settle(() => refuseAccount(deps, req.params.id!, actorOf(identity), parsed.data.motif));
        if (!refused) throw notFound('demande de compte');
        return { status: 200, body: refused };
      },
    },
  ];
}
