/**
 * Porteur accounts on the local platform: the AccountDirectory port over the stand-in issuer's
 * users (infra/local/oidc/users.ts), playing what Cognito does on AWS — the account in the group
 * `porteur` with the structure's SIRET in `custom:siret`, and the invitation email (the user
 * pool's very text: domain/accounts/invitation.ts) with a temporary password, sent through the
 * platform's SES so it is read in the SES viewer. Idempotent as Cognito's: an existing account of
 * that email with that SIRET is the one (no second invitation); another SIRET is a conflict.
 */
import { randomBytes } from 'node:crypto';
import { AccountConflictError, type AccountDirectory } from '#domain/accounts/account-requests.ts';
import { INVITATION_SUBJECT, invitationBody } from '#domain/accounts/invitation.ts';
import type { Mailer } from '#domain/notifications/mailer.ts';
import type { LocalUserDirectory } from './users.ts';

/** A temporary password that meets the user pool's policy (12 characters or more, every class). */
function temporaryPassword(): string {
  return `Aa1!${randomBytes(9).toString('base64url')}`;
}

export class LocalAccountDirectory implements AccountDirectory {
  readonly #users: LocalUserDirectory;
  readonly #mailer: Mailer;
  readonly #consoleUrl: () => string;

  /** `consoleUrl`: where to sign in (known once the platform listens). */
  constructor(users: LocalUserDirectory, mailer: Mailer, consoleUrl: () => string) {
    this.#users = users;
    this.#mailer = mailer;
    this.#consoleUrl = consoleUrl;
  }

  async openPorteurAccount(account: { email: string; siret: string; name: string }): Promise<{ username: string; created: boolean }> {
    const password = temporaryPassword();
    const { user, created } = this.#users.add({
      username: account.email,
      password,
      groups: ['porteur'],
      attributes: { 'custom:siret': account.siret, name: account.name },
    });
    if (user.attributes['custom:siret'] !== account.siret)
      throw new AccountConflictError(`${user.username} already has an account for another structure`);
    if (created) {
      const html = invitationBody(this.#consoleUrl(), user.username, password);
      await this.#mailer.send({
        to: [user.email],
        subject: INVITATION_SUBJECT,
        html,
        text: html.replace(/<br\/>/g, '\n'),
        idempotencyKey: `invitation#${user.username}`,
      });
    }
    return { username: user.username, created };
  }
}
