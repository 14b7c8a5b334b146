/** Lambda entry: the HTTP API's `accounts` routes (functions/api/groups/accounts.ts), behind API Gateway; it calls no engine. */
import { cognitoIdentityProvider } from '#adapters/aws/cognito.ts';
import { CognitoAccountDirectory } from '#adapters/cognito/account-directory.ts';
import { DynamoAccountRequestStore } from '#adapters/dynamodb/account-requests.ts';
import { dynamoClient } from '../clients.ts';
import { accountsEnv, readConfig } from '../config.ts';
import { storeDepsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';
import { accountsGroup } from './groups/accounts.ts';

const config = readConfig(accountsEnv);
const dynamo = dynamoClient(config);
const deps = storeDepsFromConfig(config, dynamo);

export const handler = apiHandler(accountsGroup, deps, {
  accounts: {
    requests: new DynamoAccountRequestStore({ client: dynamo, tableName: config.TABLE_NAME }),
    directory: new CognitoAccountDirectory(cognitoIdentityProvider({ region: config.AWS_REGION }), config.USER_POOL_ID),
    now: () => deps.clock.now(),
  },
});
