/**
 * Starters for the local stand-ins of AWS services: dynalite (DynamoDB API) and
 * aws-ses-v2-local (SES API with a mail viewer). Used by `npm start` and by the tests.
 */
export type { LocalService } from './listen.ts';
export { assertDynalitePatched, startDynalite, type LocalDynamo } from './dynamodb/dynalite.ts';
export { assertSesPatched, startSes, type LocalSes } from './ses/ses.ts';
