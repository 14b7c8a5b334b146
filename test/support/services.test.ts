import { describe, expect, it } from 'vitest';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { inject } from 'vitest';
import { dynamoClient, localCredentials, region } from './aws.ts';

describe('local services started by the test setup', () => {
  it('answers the DynamoDB API', async () => {
    const out = await dynamoClient().send(new ListTablesCommand({}));
    expect(Array.isArray(out.TableNames)).toBe(true);
  });
  it('answers the SES API and lists the mail it received', async () => {
    const subject = `probe ${Date.now()}`;
    // An outside client: the SDK's (the mailer's own client is tested with the outbox).
    await new SESClient({ endpoint: inject('sesEndpoint'), region, credentials: localCredentials }).send(
      new SendEmailCommand({
        Source: 'noreply@pasdecalais.fr',
        Destination: { ToAddresses: ['porteur@example.org'] },
        Message: { Subject: { Data: subject }, Body: { Text: { Data: 'bonjour' } } },
      }),
    );
    const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: { subject: string }[] };
    expect(store.emails.map((e) => e.subject)).toContain(subject);
  });
});
