/** AWS SDK clients pointed at the local services started by the global setup. */
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { DynamoDB } from '#adapters/aws/dynamodb.ts';
import { Ses } from '#adapters/aws/ses.ts';

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const region = 'eu-west-3';

export function dynamoClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials: localCredentials });
}

/** The adapters' DynamoDB client (adapters/aws/dynamodb.ts) over HTTP, signed: as a Lambda reaches DynamoDB. */
export function dynamoDocuments(): DynamoDB {
  return new DynamoDB({ endpoint: inject('dynamoEndpoint'), region, credentials: localCredentials });
}

/** The mailer's SES client (adapters/aws/ses.ts) over HTTP, signed. */
export function sesClient(): Ses {
  return new Ses({ endpoint: inject('sesEndpoint'), region, credentials: localCredentials });
}

/** A table name no other test file uses. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
