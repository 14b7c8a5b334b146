/**
 * The dispositifs that are not filed on E-partenaire enter the system by their own channel
 * (call, « Modalités de dépôt »), then live the same life as every dossier: same schema, same
 * rules (checked against the channel they arrive by: domain/rules/submission-channel.ts), same
 * lifecycle, acknowledgement and emails.
 *
 * - Word dossier (2.2, 2.11, 2.12, 2.13): « il conviendra de contacter le service des politiques
 *   sociales du logement et de l'habitat par mail à l'adresse : spslh@pasdecalais.fr pour signifier
 *   son intention de déposer un projet. Le service ouvrira ensuite un espace de dépôt de dossier
 *   individualisé pour le candidat. » The service opens the space for a named structure (SIRET,
 *   email): an invitation with a link, emailed, expiring (kind `filing-invitation` of
 *   data/deadline-kinds.json), through which the porteur files. Single use: the dossier's id comes
 *   from the invitation, so the filing's creating write — conditional on no dossier of that id —
 *   is the invitation's consumption (two tabs file one dossier; a second, different dossier is
 *   refused).
 * - Démarches simplifiées (3.7): « un dossier sera à déposer sur la plateforme « Démarche
 *   simplifiée » ». The instructing service registers the dossier it received there, with its
 *   number: the dossier's id comes from the number, so a number is registered once. Such a
 *   dossier belongs to its structure: every porteur account of that SIRET sees it and acts on it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { filingInvitationExpiresOn, isPastDue } from '#domain/deadlines/index.ts';
import { filingInvitationEmail } from '#domain/notifications/entry.ts';
import { IdempotencyKeyReusedError } from '#domain/ports/errors.ts';
import type { FilingInvitation } from '#domain/ports/records.ts';
import type { Violation } from '#domain/rules/index.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { Uses } from './deps.ts';
import { CONSOLE_URL } from './mailboxes.ts';
import { submitDossier } from './submit.ts';
import type { DossierRecord } from './state.ts';
import { DemarchesSimplifieesNumberTakenError, InvitationClosedError, InvitationInvalidError, SubmissionInvalidError } from './errors.ts';

/** The owner of a dossier registered by the service: the structure, whose every porteur account acts on it. */
export function structureOwner(siret: string): string {
  return `structure:${siret}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest().subarray(0, 16).toString('base64url');
}

/** The dossier filed through an invitation (one per invitation). */
export function invitationDossierId(invitationId: string): string {
  return digest(`dossier:invitation:${invitationId}`);
}

/** The dossier registered under a Démarches simplifiées number (one per number). */
export function demarchesSimplifieesDossierId(number: string): string {
  return digest(`dossier:demarches-simplifiees:${number}`);
}

/** The outbox key of an invitation's email. */
export function filingInvitationEmailKey(invitationId: string): string {
  return `filing-invitation#${invitationId}`;
}

/** The page of the console where the porteur files through its invitation (a hash route: no rewrite needed in front of the console). */
export function invitationUrl(invitationId: string): string {
  return `${CONSOLE_URL}/#/depot/${invitationId}`;
}

// ---------------------------------------------------------------------------------------------
// Word channel: the individual filing space

export interface InvitationRequest {
  dispositifCode: string;
  siret: string;
  porteurName: string;
  email: string;
}

/** Opens a filing space for a named structure and emails it its link (once per `key` of the opener). */
export async function openFilingInvitation(
  deps: Uses<'invitations'>,
  request: InvitationRequest,
  openedBy: string,
  key: string,
): Promise<FilingInvitation> {
  const dispositif = deps.catalog.dispositifByCode(request.dispositifCode);
  if (dispositif?.channel !== 'spslh-word') {
    const words = deps.catalog.dispositifs.filter((d) => d.channel === 'spslh-word').map((d) => d.code);
    throw new InvitationInvalidError([
      {
        path: 'dispositifCode',
        code: 'DISPOSITIF_NOT_WORD_CHANNEL',
        message: `un espace de dépôt individualisé ne s’ouvre que pour les dispositifs déposés par dossier Word : ${words.join(', ')}`,
      },
    ]);
  }
  const now = deps.clock.now();
  const openedOn = parisDateOf(now);
  const invitation: FilingInvitation = {
    id: randomBytes(16).toString('base64url'),
    dispositifCode: dispositif.code,
    siret: request.siret,
    porteurName: request.porteurName,
    email: request.email,
    openedBy,
    openedAt: now.toISOString(),
    expiresOn: filingInvitationExpiresOn(openedOn),
  };
  const rendered = filingInvitationEmail({
    contact: { name: dispositif.contact.service, email: dispositif.contact.email },
    porteurName: invitation.porteurName,
    siret: invitation.siret,
    dispositif: { code: dispositif.code, title: dispositif.title },
    openedOn,
    expiresOn: invitation.expiresOn,
    filingUrl: invitationUrl(invitation.id),
  });
  return deps.invitations.open(invitation, `${openedBy}:${key}`, {
    idempotencyKey: filingInvitationEmailKey(invitation.id),
    to: [invitation.email],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    kind: 'filing-invitation',
  });
}

export type InvitationState = 'ouvert' | 'utilise' | 'expire';

/** Where an invitation stands: open, used (its dossier filed), or expired. */
export async function invitationState(
  deps: Uses<'dossiers'>,
  invitation: FilingInvitation,
): Promise<{ state: InvitationState; dossier?: DossierRecord }> {
  const dossier = await deps.dossiers.get(invitationDossierId(invitation.id));
  if (dossier) return { state: 'utilise', dossier };
  return { state: isPastDue(invitation.expiresOn, deps.clock.now()) ? 'expire' : 'ouvert' };
}

/**
 * The porteur files through its invitation: the dossier must be the invited structure's, for the
 * invited dispositif, and meet every rule of the call. A retry of the same dossier is the dossier
 * filed (replayed); another dossier through a used space is refused.
 */
export async function fileThroughInvitation(
  deps: Uses<'filings' | 'commits' | 'dossiers' | 'engine'>,
  invitation: FilingInvitation,
  porteurId: string,
  body: unknown,
) {
  const dossierId = invitationDossierId(invitation.id);
  const { state } = await invitationState(deps, invitation);
  if (state === 'expire') throw new InvitationClosedError(state, invitation.expiresOn);
  const filed = body as { dispositifCode?: unknown; porteur?: { siret?: unknown } } | undefined;
  const violations: Violation[] = [];
  if (filed?.dispositifCode !== invitation.dispositifCode)
    violations.push({
      path: 'dispositifCode',
      code: 'INVITATION_OTHER_DISPOSITIF',
      message: `cet espace de dépôt est ouvert pour le dispositif ${invitation.dispositifCode}`,
    });
  if (typeof filed?.porteur?.siret !== 'string' || filed.porteur.siret.replace(/\s/g, '') !== invitation.siret)
    violations.push({
      path: 'porteur.siret',
      code: 'INVITATION_OTHER_STRUCTURE',
      message: `cet espace de dépôt est ouvert pour la structure de SIRET ${invitation.siret}`,
    });
  if (violations.length > 0) throw new SubmissionInvalidError(violations);
  try {
    const filedNow = await submitDossier(deps, {
      porteurId,
      idempotencyKey: `invitation:${invitation.id}`,
      body,
      entry: { record: { channel: 'spslh-word', invitationId: invitation.id }, dossierId, actor: `porteur:${porteurId}` },
    });
    // The same dossier filed by another account of the structure: this one did not file it.
    if (filedNow.dossier.porteurId !== porteurId) throw new InvitationClosedError('utilise', invitation.expiresOn);
    return filedNow;
  } catch (error) {
    // The same id, another content: the space already served for another dossier.
    if (error instanceof IdempotencyKeyReusedError) throw new InvitationClosedError('utilise', invitation.expiresOn);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Démarches simplifiées: the instructing service registers the dossier

/** A Démarches simplifiées dossier number: a whole number, as the platform numbers its dossiers. */
export const DEMARCHES_SIMPLIFIEES_NUMBER = /^[1-9]\d{0,11}$/;

/**
 * The instructing service registers a dossier received on Démarches simplifiées. The same number
 * with the same dossier again is the dossier registered (replayed); with another, refused.
 */
export async function registerDemarchesSimplifiees(
  deps: Uses<'filings' | 'commits' | 'dossiers' | 'engine'>,
  number: string,
  body: unknown,
  registeredBy: string,
) {
  const siret = (body as { porteur?: { siret?: unknown } } | undefined)?.porteur?.siret;
  try {
    return await submitDossier(deps, {
      porteurId: structureOwner(typeof siret === 'string' ? siret.replace(/\s/g, '') : ''),
      idempotencyKey: `demarches-simplifiees:${number}`,
      body,
      entry: {
        record: { channel: 'demarches-simplifiees', demarchesSimplifieesNumber: number, registeredBy },
        dossierId: demarchesSimplifieesDossierId(number),
        actor: registeredBy,
      },
    });
  } catch (error) {
    if (error instanceof IdempotencyKeyReusedError) throw new DemarchesSimplifieesNumberTakenError(number);
    throw error;
  }
}
