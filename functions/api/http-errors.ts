/**
 * Every refusal the API answers, as one JSON shape in French:
 * `{ "erreur": { "code", "message", "champs": [{ "champ", "code", "message" }] } }`.
 * A client's mistake is a 4xx naming the field and the rule; only a fault of ours is a 500.
 */
import type * as z from 'zod/mini';
import {
  DecisionNotAllowedError,
  EnvelopeExceededError,
  IdempotencyKeyReusedError,
  RecordNotFoundError,
  TaskAlreadyDecidedError,
  VersionConflictError,
} from '#domain/ports/errors.ts';
import { TaskNotOpenError } from '#domain/workflow/deps.ts';
import {
  AnnualDocumentsNotOwedError,
  AvenantInvalidError,
  CpSessionInvalidError,
  DecisionDetailsInvalidError,
  DemarchesSimplifieesNumberTakenError,
  DuplicateSubmissionError,
  InvitationClosedError,
  InvitationInvalidError,
  NotInExecutionError,
  ParticipantListInvalidError,
  SubmissionInvalidError,
} from '#domain/workflow/errors.ts';
import { FieldRefusalError } from '#domain/workflow/refusal.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';

export interface FieldError {
  champ: string;
  code?: string;
  message: string;
}

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  constructor(status: number, code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Cents as French euros: `1234567` → `12 345,67`. */
export const euros = (cents: number) =>
  (cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replaceAll('\u202f', ' ');

export const notFound = (what = 'ressource') => new HttpError(404, 'introuvable', `${what} introuvable`);
export const forbidden = (message: string) => new HttpError(403, 'interdit', message);

/** zod issues as field errors (paths joined with dots; `racine` for the whole body). */
export function fieldErrors(error: z.core.$ZodError, prefix = ''): FieldError[] {
  const champ = (path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.') || 'corps';
  // A field that is not expected is named itself, not its parent.
  return error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ champ: champ([...issue.path, key]), code: issue.code, message: issue.message }))
      : [{ champ: champ(issue.path), code: issue.code, message: issue.message }],
  );
}

export function invalidBody(error: z.core.$ZodError, prefix = ''): HttpError {
  return new HttpError(422, 'donnees-invalides', 'La demande contient des erreurs : voir les champs.', fieldErrors(error, prefix));
}

/** Maps what the domain throws to the HTTP answer; anything unknown is a fault (500). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof SubmissionInvalidError) {
    return new HttpError(
      422,
      'dossier-invalide',
      'Le dossier ne respecte pas les règles de l’appel à projets : voir les champs.',
      error.violations.map((v) => ({ champ: v.path || 'dossier', code: v.code, message: v.message })),
    );
  }
  if (error instanceof DecisionDetailsInvalidError) {
    return new HttpError(
      422,
      'decision-invalide',
      'La décision est incomplète ou invalide : voir les champs.',
      error.issues.map((i) => ({ champ: i.path, message: i.message })),
    );
  }
  if (error instanceof DecisionNotAllowedError) {
    return new HttpError(422, 'decision-non-permise', `Cette tâche n’admet que les décisions : ${error.allowed.join(', ')}.`, [
      { champ: 'decision', message: `valeur attendue parmi : ${error.allowed.join(', ')}` },
    ]);
  }
  if (error instanceof TaskAlreadyDecidedError)
    return new HttpError(409, 'tache-deja-traitee', 'Cette tâche a déjà été traitée ou n’est plus ouverte.');
  if (error instanceof TaskNotOpenError)
    return new HttpError(409, 'tache-expiree', 'Le délai de cette tâche est dépassé : une nouvelle tâche a été ouverte.');
  if (error instanceof DuplicateSubmissionError)
    return new HttpError(409, 'dossier-en-double', 'Ce dossier a déjà été déposé par votre structure pour ce dispositif.');
  if (error instanceof IdempotencyKeyReusedError) {
    return new HttpError(422, 'cle-idempotence-reutilisee', 'Cette clé Idempotency-Key a déjà servi pour une autre demande.', [
      { champ: 'Idempotency-Key', message: 'clé déjà utilisée pour une demande différente' },
    ]);
  }
  if (error instanceof AvenantInvalidError) {
    return new HttpError(
      422,
      'avenant-invalide',
      'La demande d’avenant ne respecte pas les règles de l’appel à projets : voir les champs.',
      error.violations.map((v) => ({ champ: 'nouvelleDateFin', code: v.code, message: v.message })),
    );
  }
  if (error instanceof NotInExecutionError) return new HttpError(409, 'hors-execution', 'Le dossier n’est pas en cours d’exécution.');
  if (error instanceof AnnualDocumentsNotOwedError) {
    return new HttpError(422, 'exercice-non-du', `Aucun document annuel n’est attendu pour l’exercice ${error.fiscalYear}.`, [
      { champ: 'exercice', message: `exercices attendus : ${error.owed.join(', ') || 'aucun'}` },
    ]);
  }
  if (error instanceof CpSessionInvalidError) {
    // The session's fields as the API names them (routes/commission.ts cpSessionBodySchema).
    const rename: Record<string, string> = { amountCents: 'montantCents', reason: 'motif', nextSessionDate: 'prochaineSeance' };
    return new HttpError(
      422,
      'decisions-invalides',
      'Aucune décision n’a été enregistrée : corrigez les champs indiqués.',
      error.issues.map((issue) =>
        'path' in issue
          ? { champ: issue.path.replace(/[^.]+$/, (field) => rename[field] ?? field), message: issue.message }
          : {
              champ: 'decisions',
              message: `dispositif ${issue.dispositifCode} : ${euros(issue.favourableCents)} € d’avis favorables pour ${euros(issue.remainingCents)} € d’enveloppe restante`,
            },
      ),
    );
  }
  if (error instanceof ParticipantListInvalidError) {
    if (error.problem === 'unknown-comite')
      return new HttpError(422, 'comite-inconnu', 'Aucun comité n’est prévu à cette date pour ce dossier.', [
        { champ: 'comiteDate', message: 'date d’un comité prévu attendue' },
      ]);
    const among = error.territories.join(', ');
    return new HttpError(
      422,
      'donnees-invalides',
      'La demande contient des erreurs : voir les champs.',
      error.participants.map((p) => ({
        champ: `${p.list === 'entries' ? 'entrees' : 'sorties'}.${p.index}.territoire`,
        message:
          p.given === undefined
            ? `territoire obligatoire : l’opération se déroule sur plusieurs territoires (${among})`
            : `territoire de l’opération attendu parmi : ${among}`,
      })),
    );
  }
  if (error instanceof EnvelopeExceededError)
    return new HttpError(
      409,
      'enveloppe-depassee',
      `Le montant dépasse l’enveloppe restante du dispositif ${error.dispositifCode} (${euros(error.remainingCents)} € restants) : rien n’a été enregistré.`,
      [{ champ: 'details.amountCents', message: `au plus ${error.remainingCents} centimes` }],
    );
  if (error instanceof InvitationInvalidError)
    return new HttpError(
      422,
      'invitation-invalide',
      'L’espace de dépôt ne peut pas être ouvert : voir les champs.',
      error.violations.map((v) => ({ champ: v.path, code: v.code, message: v.message })),
    );
  if (error instanceof InvitationClosedError)
    return error.state === 'expire'
      ? new HttpError(
          409,
          'espace-de-depot-expire',
          `Cet espace de dépôt a expiré le ${formatDateFr(error.expiresOn)} : demandez au service d’en ouvrir un nouveau.`,
        )
      : new HttpError(409, 'espace-de-depot-utilise', 'Un dossier a déjà été déposé par cet espace de dépôt : il ne sert qu’une fois.');
  if (error instanceof DemarchesSimplifieesNumberTakenError)
    return new HttpError(409, 'numero-deja-enregistre', `Le dossier Démarches simplifiées n° ${error.number} est déjà enregistré.`, [
      { champ: 'numero', message: 'numéro déjà enregistré pour un autre dossier' },
    ]);
  if (error instanceof FieldRefusalError)
    return new HttpError(422, 'demande-refusee', 'La demande ne peut pas être acceptée : voir les champs.', [
      { champ: error.field, message: error.message },
    ]);
  if (error instanceof RecordNotFoundError) return notFound();
  // Still losing to concurrent writers after every try (domain/workflow/conflict-backoff.ts): nothing
  // was written, and the same request (with its Idempotency-Key) can be sent again.
  if (error instanceof VersionConflictError)
    return new HttpError(
      409,
      'modification-concurrente',
      'Trop de modifications simultanées : rien n’a été enregistré. Réessayez dans un instant, avec la même clé d’idempotence.',
    );
  return new HttpError(500, 'erreur-interne', 'Une erreur interne est survenue. Réessayez plus tard.');
}
