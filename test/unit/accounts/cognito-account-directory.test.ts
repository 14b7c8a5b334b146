/**
 * The Cognito adapter of the account directory, against a recording client (no local component
 * plays Cognito's user pool API): the calls it makes, the retry after a crash between the
 * creation and the group, and the refusal of another structure's account.
 */
import { describe, expect, it } from 'vitest';
import { CognitoAccountDirectory } from '#adapters/cognito/account-directory.ts';
import { AccountConflictError } from '#domain/accounts/account-requests.ts';

function recordingClient(answer: (name: string, input: Record<string, unknown>) => unknown) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  return {
    calls,
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push({ name: command.constructor.name, input: command.input });
      return answer(command.constructor.name, command.input);
    },
  };
}
const exists = () => Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' });
const account = { email: 'Contact@Asso.fr', siret: '44306184100047', name: 'Camille Martin' };

describe('CognitoAccountDirectory', () => {
  it('creates the user (email verified, custom:siret, invitation by email), then adds it to the porteur group', async () => {
    const client = recordingClient(() => ({}));
    const directory = new CognitoAccountDirectory(client as never, 'eu-west-3_pool');
    expect(await directory.openPorteurAccount(account)).toEqual({ username: 'contact@asso.fr', created: true });
    expect(client.calls).toEqual([
      {
        name: 'AdminCreateUserCommand',
        input: {
          UserPoolId: 'eu-west-3_pool',
          Username: 'contact@asso.fr',
          UserAttributes: [
            { Name: 'email', Value: 'contact@asso.fr' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Camille Martin' },
            { Name: 'custom:siret', Value: '44306184100047' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      },
      { name: 'AdminAddUserToGroupCommand', input: { UserPoolId: 'eu-west-3_pool', Username: 'contact@asso.fr', GroupName: 'porteur' } },
    ]);
  });

  it('retried after the user was created: finds it with the same SIRET, adds the group again, sends no second invitation', async () => {
    const client = recordingClient((name) => {
      if (name === 'AdminCreateUserCommand') throw exists();
      if (name === 'AdminGetUserCommand') return { UserAttributes: [{ Name: 'custom:siret', Value: account.siret }] };
      return {};
    });
    const directory = new CognitoAccountDirectory(client as never, 'pool');
    expect(await directory.openPorteurAccount(account)).toEqual({ username: 'contact@asso.fr', created: false });
    expect(client.calls.map((c) => c.name)).toEqual(['AdminCreateUserCommand', 'AdminGetUserCommand', 'AdminAddUserToGroupCommand']);
  });

  it('refuses an existing account of another structure, and passes other errors on', async () => {
    const other = recordingClient((name) => {
      if (name === 'AdminCreateUserCommand') throw exists();
      return { UserAttributes: [{ Name: 'custom:siret', Value: '73282932000074' }] };
    });
    await expect(new CognitoAccountDirectory(other as never, 'pool').openPorteurAccount(account)).rejects.toBeInstanceOf(
      AccountConflictError,
    );
    expect(other.calls.map((c) => c.name)).not.toContain('AdminAddUserToGroupCommand');
    const down = recordingClient(() => {
      throw Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' });
    });
    await expect(new CognitoAccountDirectory(down as never, 'pool').openPorteurAccount(account)).rejects.toThrow('slow down');
  });
});
