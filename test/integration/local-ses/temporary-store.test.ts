/**
 * A local SES started without an emails file (the tests' platforms, the benches in memory) keeps its
 * emails in a temporary file (patches/aws-ses-v2-local+2.10.2.patch), removed with its directory once
 * the last SES of the process closes — not only when the process exits: a test runner's worker, killed
 * once its tests are done, used to leave one directory behind for each platform it had started.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { expect, it } from 'vitest';
import { startSes } from '#infra/local/ses/ses.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { privateTmpdir } from '#test/support/private-tmpdir.ts';

// The store makes its directory in os.tmpdir(): a private one here, so that what it leaves can be listed.
const temporary = privateTmpdir('ses-temporary-');

const sendOne = async (endpoint: string) => {
  const client = new SESClient({ endpoint, region, credentials: localCredentials, maxAttempts: 1 });
  await client.send(
    new SendEmailCommand({
      Source: 'aap-inclusion-2026@pasdecalais.fr',
      Destination: { ToAddresses: ['porteur@example.org'] },
      Message: { Subject: { Data: 'Dossier reçu' }, Body: { Text: { Data: 'Bonjour' } } },
    }),
  );
  client.destroy();
};

it('removes its temporary emails file and directory once the last SES of the process closes', async () => {
  const first = await startSes();
  await sendOne(first.endpoint);
  const [directory, ...others] = readdirSync(temporary);
  expect(others).toEqual([]);
  expect(directory).toMatch(/^aws-ses-v2-local-/);
  expect(readdirSync(join(temporary, directory!))).toHaveLength(1);

  // Two SES in one process share its store: the file stays while one of them is open.
  const second = await startSes();
  await first.close();
  expect(existsSync(join(temporary, directory!))).toBe(true);
  await sendOne(second.endpoint);
  await second.close();
  expect(readdirSync(temporary)).toEqual([]);

  // Started again, the store makes a new one, removed as well.
  const third = await startSes();
  await sendOne(third.endpoint);
  expect(readdirSync(temporary)).toHaveLength(1);
  await third.close();
  expect(readdirSync(temporary)).toEqual([]);
});
