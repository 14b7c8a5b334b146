/**
 * A porteur's account, opened by the service on request. The call, « Modalités de dépôt » : « une
 * demande d’ouverture de compte doit être faite auprès des services du Département … L’ouverture
 * de compte n’est pas automatique, elle peut prendre plusieurs jours ». So: anyone may ask (no
 * account yet), the request waits for the instructing services, who open the account — tied to
 * the structure's SIRET, which the porteur can then never change — or refuse it with a reason.
 *
 * Nothing twice: a request is keyed by (SIRET, email), so asking again while one waits finds it;
 * opening asks the directory to create the account (idempotent: an account of that email with
 * the same SIRET is the one), then records it with a write conditional on the request's status.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { porteurSchema } from '#domain/submission/fields.ts';
import { msg, typeError } from '#domain/submission/french-errors.ts';

const text = (min: number, max: number) =>
  z
    .string({ error: typeError('string') })
    .check(z.trim(), z.minLength(min, { error: msg.minChars(min) }), z.maxLength(max, { error: msg.maxChars(max) }));

/** What a person asking for an account sends (the public form): French messages, field by field. */
export const accountRequestSchema = z.strictObject(
  {
    siret: porteurSchema.shape.siret,
    structure: text(2, 200),
    nom: text(2, 120),
    courriel: porteurSchema.shape.contactEmail,
    telephone: z.optional(
      z
        .string({ error: typeError('string') })
        .check(z.trim(), z.regex(/^\+?[0-9 .-]{10,20}$/, { error: 'doit être un numéro de téléphone (10 chiffres, ou +33…)' })),
    ),
    message: z.optional(text(0, 2000)),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? msg.unknownField : undefined) },
);
export type AccountRequestInput = z.infer<typeof accountRequestSchema>;

export const refusalSchema = z.strictObject({ motif: text(5, 2000) });

export type AccountRequestStatus = 'en-attente' | 'ouverte' | 'refusee';

export interface AccountRequest extends AccountRequestInput {
  readonly id: string;
  readonly statut: AccountRequestStatus;
  readonly demandeLe: string;
  readonly traiteLe?: string;
  /** The staff member who opened or refused it (`role:id`). */
  readonly traitePar?: string;
  readonly motif?: string;
  /** The account's user name (its email) once opened. */
  readonly identifiant?: string;
}

/** The requests' store (DynamoDB on AWS and on the platform: adapters/dynamodb/account-requests.ts). */
export interface AccountRequestStore {
  /** Writes the request unless one with its id exists; returns the stored one. */
  createIfAbsent(request: AccountRequest): Promise<{ request: AccountRequest; created: boolean }>;
  get(id: string): Promise<AccountRequest | undefined>;
  /** Waiting requests, oldest first. */
  listPending(): Promise<AccountRequest[]>;
  /** Moves a waiting request to its outcome; false when it is no longer waiting. */
  settle(id: string, outcome: Pick<AccountRequest, 'statut' | 'traiteLe' | 'traitePar' | 'motif' | 'identifiant'>): Promise<boolean>;
  /** Replaces a refused request by a new one (asked again); false when it is not refused any more. */
  reopen(request: AccountRequest): Promise<boolean>;
}

/** Where accounts live: Cognito on AWS (adapters/cognito), the stand-in issuer's directory locally. */
export interface AccountDirectory {
  /**
   * Opens a porteur account (group `porteur`, `custom:siret`) and has the person invited (user
   * name, temporary password, where to sign in). Idempotent: an account of that email with that
   * SIRET is returned as it is; one with another SIRET is an AccountConflictError.
   */
  openPorteurAccount(account: { email: string; siret: string; name: string }): Promise<{ username: string; created: boolean }>;
}

export class AccountConflictError extends Error {
  override name = 'AccountConflictError';
}
export class AccountRequestStateError extends Error {
  override name = 'AccountRequestStateError';
  readonly statut: AccountRequestStatus;
  constructor(statut: AccountRequestStatus) {
    super(`request already ${statut}`);
    this.statut = statut;
  }
}

export interface AccountDeps {
  readonly requests: AccountRequestStore;
  readonly directory: AccountDirectory;
  readonly now: () => Date;
}

/** The request's id: one per (SIRET, email). */
export function accountRequestId(siret: string, email: string): string {
  return createHash('sha256').update(`${siret}\n${email.trim().toLowerCase()}`).digest('base64url').slice(0, 22);
}

/** Records a request (or finds the one waiting); a refused request may be asked again; an opened one is final. */
export async function requestAccount(
  deps: AccountDeps,
  input: AccountRequestInput,
): Promise<{ request: AccountRequest; created: boolean }> {
  const request: AccountRequest = {
    ...input,
    courriel: input.courriel.toLowerCase(),
    id: accountRequestId(input.siret, input.courriel),
    statut: 'en-attente',
    demandeLe: deps.now().toISOString(),
  };
  const stored = await deps.requests.createIfAbsent(request);
  if (stored.created || stored.request.statut === 'en-attente') return stored;
  if (stored.request.statut === 'ouverte') throw new AccountRequestStateError('ouverte');
  if (await deps.requests.reopen(request)) return { request, created: true };
  return requestAccount(deps, input); // changed in between: read again
}

/** Opens the account of a waiting request; an opened request is answered as it is (a retried action). */
export async function openAccount(deps: AccountDeps, id: string, actor: string): Promise<AccountRequest | undefined> {
  const request = await deps.requests.get(id);
  if (!request || request.statut === 'ouverte') return request;
  if (request.statut === 'refusee') throw new AccountRequestStateError('refusee');
  const account = await deps.directory.openPorteurAccount({ email: request.courriel, siret: request.siret, name: request.nom });
  const outcome = { statut: 'ouverte' as const, traiteLe: deps.now().toISOString(), traitePar: actor, identifiant: account.username };
  if (await deps.requests.settle(id, outcome)) return { ...request, ...outcome };
  const now = await deps.requests.get(id); // settled by someone else meanwhile
  if (now?.statut !== 'ouverte') throw new AccountRequestStateError(now?.statut ?? 'refusee');
  return now;
}

/** Refuses a waiting request, with the reason. */
export async function refuseAccount(deps: AccountDeps, id: string, actor: string, motif: string): Promise<AccountRequest | undefined> {
  const request = await deps.requests.get(id);
  if (!request) return undefined;
  if (request.statut !== 'en-attente') {
    if (request.statut === 'refusee' && request.motif === motif) return request;
    throw new AccountRequestStateError(request.statut);
  }
  const outcome = { statut: 'refusee' as const, traiteLe: deps.now().toISOString(), traitePar: actor, motif };
  if (await deps.requests.settle(id, outcome)) return { ...request, ...outcome };
  throw new AccountRequestStateError((await deps.requests.get(id))?.statut ?? 'ouverte');
}
