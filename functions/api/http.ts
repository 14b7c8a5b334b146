/** Lambda entry: the HTTP API (API Gateway HTTP API, JWT authorizer). */
import { cognitoIdentityProvider } from '#adapters/aws/cognito.ts';
import { CognitoAccountDirectory } from '#adapters/cognito/account-directory.ts';
import { DynamoAccountRequestStore } from '#adapters/dynamodb/account-requests.ts';
import { dynamoClient } from '../clients.ts';
import { apiEnv, readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';

const config = readConfig(apiEnv);
const dynamo = dynamoClient(config);
const deps = depsFromConfig(config, dynamo);

export const handler = apiHandler(deps, {
  accounts: {
    requests: new DynamoAccountRequestStore({ client: dynamo, tableName: config.TABLE_NAME }),
    directory: new CognitoAccountDirectory(cognitoIdentityProvider({ region: config.AWS_REGION }), config.USER_POOL_ID),
    now: () => deps.clock.now(),
  },
});
