/**
 * The Cognito adapter of the account directory, through its client (adapters/aws/cognito.ts) and
 * a recording fetch (no local component plays Cognito's user pool API): the calls it makes, the
 * retry after a crash between the creation and the group, and the refusal of another structure's
 * account.
 */
import { describe, expect, it } from 'vitest';
import { cognitoIdentityProvider } from '#adapters/aws/cognito.ts';
import { CognitoAccountDirectory } from '#adapters/cognito/account-directory.ts';
import { AccountConflictError } from '#domain/accounts/account-requests.ts';

/** A client whose requests are recorded and answered by `answer` (a thrown error: Cognito's error answer of its name). */
function recordingClient(answer: (name: string, input: Record<string, unknown>) => unknown) {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    const name = String(headers.get('x-amz-target')).replace('AWSCognitoIdentityProviderService.', '');
    const input = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ name, input });
    try {
      return Response.json(answer(name, input));
    } catch (error) {
      const { name: type, message } = error as Error;
      return Response.json({ __type: type, message }, { status: 400 });
    }
  };
  const client = cognitoIdentityProvider({
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    fetch: fetch as typeof globalThis.fetch,
    backoff: () => 0,
  });
  return Object.assign(client, { calls });
}
const exists = () => Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' });
const account = { email: 'Contact@Asso.fr', siret: '44306184100047', name: 'Camille Martin' };

describe('CognitoAccountDirectory', () => {
  it('creates the user (email verified, custom:siret, invitation by email), then adds it to the porteur group', async () => {
    const client = recordingClient(() => ({}));
    const directory = new CognitoAccountDirectory(client, 'eu-west-3_pool');
    expect(await directory.openPorteurAccount(account)).toEqual({ username: 'contact@asso.fr', created: true });
    expect(client.calls).toEqual([
      {
        name: 'AdminCreateUser',
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
      { name: 'AdminAddUserToGroup', input: { UserPoolId: 'eu-west-3_pool', Username: 'contact@asso.fr', GroupName: 'porteur' } },
    ]);
  });

  it('retried after the user was created: finds it with the same SIRET, adds the group again, sends no second invitation', async () => {
    const client = recordingClient((name) => {
      if (name === 'AdminCreateUser') throw exists();
      if (name === 'AdminGetUser') return { UserAttributes: [{ Name: 'custom:siret', Value: account.siret }] };
      return {};
    });
    const directory = new CognitoAccountDirectory(client, 'pool');
    expect(await directory.openPorteurAccount(account)).toEqual({ username: 'contact@asso.fr', created: false });
    expect(client.calls.map((c) => c.name)).toEqual(['AdminCreateUser', 'AdminGetUser', 'AdminAddUserToGroup']);
  });

  it('refuses an existing account of another structure, and passes other errors on', async () => {
    const other = recordingClient((name) => {
      if (name === 'AdminCreateUser') throw exists();
      return { UserAttributes: [{ Name: 'custom:siret', Value: '73282932000074' }] };
    });
    await expect(new CognitoAccountDirectory(other, 'pool').openPorteurAccount(account)).rejects.toBeInstanceOf(AccountConflictError);
    expect(other.calls.map((c) => c.name)).not.toContain('AdminAddUserToGroup');
    const down = recordingClient(() => {
      throw Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' });
    });
    await expect(new CognitoAccountDirectory(down, 'pool').openPorteurAccount(account)).rejects.toThrow('slow down');
    // Throttled: tried three times (the standard mode), then the error passed on.
    expect(down.calls.map((c) => c.name)).toEqual(['AdminCreateUser', 'AdminCreateUser', 'AdminCreateUser']);
  });
});
