/**
 * Porteur accounts in the Cognito user pool: AdminCreateUser (user name = email, verified, the
 * structure's SIRET in `custom:siret`, Cognito emails the invitation of the pool's template:
 * user name, temporary password, the console's address), then AdminAddUserToGroup `porteur`.
 * A retry after a failure between the two finds the user (UsernameExistsException), checks its
 * SIRET (another structure's account is a conflict, never re-used) and adds the group again
 * (idempotent in Cognito).
 */
import type { CognitoIdentityProvider } from '../aws/cognito.ts';
import { AccountConflictError, type AccountDirectory } from '#domain/accounts/account-requests.ts';

export const PORTEUR_GROUP = 'porteur';
export const SIRET_CLAIM = 'custom:siret';

export class CognitoAccountDirectory implements AccountDirectory {
  readonly #client: CognitoIdentityProvider;
  readonly #userPoolId: string;

  constructor(client: CognitoIdentityProvider, userPoolId: string) {
    this.#client = client;
    this.#userPoolId = userPoolId;
  }

  async openPorteurAccount(account: { email: string; siret: string; name: string }): Promise<{ username: string; created: boolean }> {
    const username = account.email.trim().toLowerCase();
    let created = true;
    try {
      await this.#client.call('AdminCreateUser', {
        UserPoolId: this.#userPoolId,
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: username },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: account.name },
          { Name: SIRET_CLAIM, Value: account.siret },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      });
    } catch (error) {
      if ((error as { name?: string }).name !== 'UsernameExistsException') throw error;
      created = false;
      const existing = await this.#client.call<{ UserAttributes?: { Name: string; Value?: string }[] }>('AdminGetUser', {
        UserPoolId: this.#userPoolId,
        Username: username,
      });
      const siret = existing.UserAttributes?.find((a) => a.Name === SIRET_CLAIM)?.Value;
      if (siret !== account.siret) throw new AccountConflictError(`${username} already has an account for another structure`);
    }
    await this.#client.call('AdminAddUserToGroup', { UserPoolId: this.#userPoolId, Username: username, GroupName: PORTEUR_GROUP });
    return { username, created };
  }
}
