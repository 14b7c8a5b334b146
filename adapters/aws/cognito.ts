/** Amazon Cognito user pools through the small client (./client.ts): its JSON 1.1 protocol, the calls in their API's own form. */
import { AwsJsonClient, type AwsClientOptions } from './client.ts';

export type CognitoIdentityProvider = AwsJsonClient;

export function cognitoIdentityProvider(options: Omit<AwsClientOptions, 'service'>): CognitoIdentityProvider {
  return new AwsJsonClient({ ...options, service: 'cognito-idp' }, { version: '1.1', targetPrefix: 'AWSCognitoIdentityProviderService' });
}
