/** Lambda entry: the HTTP API (API Gateway HTTP API, JWT authorizer). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { CognitoAccountDirectory } from '#adapters/cognito/account-directory.ts';
import { DynamoAccountRequestStore } from '#adapters/dynamodb/account-requests.ts';
import { readConfig } from '../config.ts';
import { depsFromConfig } from '../deps.ts';
import { apiHandler } from './app.ts';

const config = readConfig();
const deps = depsFromConfig(config);
/** The user pool where the service opens porteur accounts (set by infra/aws/constructs/api.ts). */
const { USER_POOL_ID } = z.object({ USER_POOL_ID: z.string().min(1) }).parse(process.env);

export const handler = apiHandler(deps, {
  accounts: {
    requests: new DynamoAccountRequestStore({
      client: new DynamoDBClient({
        region: config.AWS_REGION,
        ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
      }),
      tableName: config.TABLE_NAME,
    }),
    directory: new CognitoAccountDirectory(new CognitoIdentityProviderClient({ region: config.AWS_REGION }), USER_POOL_ID),
    now: () => deps.clock.now(),
  },
});
