/**
 * `npm start` as a real process: a dossier played through the HTTP API to closure with the clock
 * moved, its emails read back from the SES viewer's store; the platform stopped (Ctrl-C) and
 * started again half-way on the same data; a taken port refused with a clear message. Then
 * `npm run demo`: the campaign completes and its summary is the one expected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { filingWindowLines, filingWindowOn } from '#infra/local/first-screen.ts';
import { startDynalite } from '#infra/local/services.ts';
import { localCredentials, region } from '#test/support/aws.ts';
import { threadsOf } from '#test/support/threads.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { sampleBilanOf, validSubmissionFixture } from '#test/support/fixtures/submission.ts';

const START = fileURLToPath(new URL('../../infra/local/start.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'platform-e2e-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  api: string;
  ses: string;
  output: string[];
  exited: Promise<number | null>;
}

function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [START, ...args], {
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let api: string | undefined;
    let ses: string | undefined;
    const onLine = (line: string) => {
      output.push(line);
      api ??= /API HTTP\s+(http:\/\/\S+)/.exec(line)?.[1];
      ses ??= /Courriels \(SES\)\s+(http:\/\/\S+)/.exec(line)?.[1];
      if (line.startsWith('Ctrl-C') && api && ses) resolve({ child, api, ses, output, exited });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((code) => reject(new Error(`platform exited with ${code}: ${output.join('\n')}`)));
  });
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGINT');
  return running.exited;
}

function client(api: string) {
  return async (method: string, path: string, identity?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(identity ? { 'x-identite': identity } : {}), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}
async function emails(ses: string, to: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${ses}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => e.destination.to.includes(to));
}
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  for (const until = Date.now() + ms; ; ) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`not reached: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PORTS = ['--port', '0', '--dynamo-port', '0', '--ses-port', '0', '--sfn-port', '0'];

describe('npm start, as a real process', { timeout: 240_000 }, () => {
  const body = validSubmissionFixture();
  const territory = body.territories[0]!;
  const porteur = 'porteur:e2e-asso';
  const instructeur = `service-instructeur:instructeur-e2e:${territory}`;
  const chef = `chef-slai-slisl:chef-e2e:${territory}`;
  const cp = 'secretariat-cp:cp-e2e';
  const to = body.porteur.contactEmail;
  let dossierId = '';

  const taskOf = (call: ReturnType<typeof client>, identity: string, step: string) =>
    eventually(async () => {
      const inbox = await call('GET', '/taches', identity);
      return (inbox.body.taches as { id: string; dossierId: string; etape: string }[]).find(
        (t) => t.dossierId === dossierId && t.etape === step,
      )?.id;
    }, `${step} task`);

  it('instructs a dossier up to its signed convention; the porteur’s emails arrive in the SES store', async () => {
    const platform = await start(['--data', dataDir, '--start-date', '2026-03-02', ...PORTS]);
    if (process.platform === 'linux') {
      // The same process runs start.ts built into JavaScript (infra/local/built-entry.ts), and finds the console's files.
      const command = readFileSync(`/proc/${platform.child.pid}/cmdline`, 'utf8').split('\0');
      expect(command.some((arg) => /\/node_modules\/\.cache\/inclusion-aap\/[0-9a-f]{12}\/infra-local-start\.mjs$/.test(arg))).toBe(true);
      // V8's helper threads below its event loop (infra/local/helper-threads.ts).
      const threads = threadsOf(platform.child.pid!);
      expect(threads.find((t) => t.name === 'MainThread')?.nice).toBe(0);
      const helpers = threads.filter((t) => t.name.startsWith('V8Worker'));
      expect(helpers.length).toBeGreaterThan(0);
      for (const helper of helpers) expect(helper.nice).toBe(10);
      const page = await fetch(`${platform.api}/console/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    }
    const call = client(platform.api);
    expect((await call('GET', '/_local/horloge')).body.jour).toBe('2026-03-02');
    const res = await call('POST', '/dossiers', porteur, body, { 'idempotency-key': 'e2e-dossier-0001' });
    expect(res.status).toBe(201);
    dossierId = res.body.id;
    const ack = await eventually(
      async () => (await emails(platform.ses, to)).find((e) => e.subject.includes('accusé de réception')),
      'acknowledgement',
    );
    expect(ack.subject).toContain(res.body.reference);
    expect(ack.body.text).toContain('2 mars 2026');
    expect(
      (
        await call('POST', `/taches/${await taskOf(call, instructeur, 'completeness-check')}/decision`, instructeur, {
          decision: 'complete',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', `/taches/${await taskOf(call, chef, 'chief-validation')}/decision`, chef, { decision: 'approve' })).status,
    ).toBe(200);
    await taskOf(call, cp, 'cp-decision');
    const session = await call('POST', '/commission-permanente/seances', cp, {
      date: '2026-04-10',
      numeroDeliberation: 'CP-E2E-1',
      decisions: [{ dossierId, avis: 'favourable', montantCents: 4_500_000 }],
    });
    expect(session.status).toBe(200);
    const favourable = await eventually(
      async () => (await emails(platform.ses, to)).find((e) => e.subject.includes('favorable')),
      'favourable decision',
    );
    expect(favourable.body.text).toMatch(/45\s000,00\s€/);
    expect(favourable.body.text).toContain('CP-E2E-1');
    await call('POST', '/_local/horloge', undefined, { date: '2026-04-20' });
    expect(
      (
        await call('POST', `/taches/${await taskOf(call, instructeur, 'convention-signature')}/decision`, instructeur, {
          decision: 'signed',
          details: { signedOn: '2026-04-20' },
        })
      ).status,
    ).toBe(200);
    await eventually(
      async () => ((await call('GET', `/dossiers/${dossierId}`, porteur)).body.statut === 'in-execution' ? true : undefined),
      'in execution',
    );
    const payment = await eventually(
      async () => (await emails(platform.ses, to)).find((e) => e.subject.includes('versement')),
      'advance payment',
    );
    expect(payment.body.text).toMatch(/22\s500,00\s€/);
    expect(await stop(platform)).toBe(0);
    expect(platform.output.join('\n')).toContain('Plateforme arrêtée.');
  });

  it('on today’s date, outside the filing window, says so and prints the ways on; refuses a taken port with a clear message', async () => {
    const first = await start(['--memory', ...PORTS]);
    const window = filingWindowOn(parisDateOf(new Date()));
    const expected = filingWindowLines(window);
    await eventually(async () => (first.output.some((l) => l.startsWith('Console : ')) ? true : undefined), 'the first screen');
    for (const line of expected) expect(first.output).toContain(line);
    if (window.etat === 'apres')
      expect(first.output.join('\n')).toMatch(/npm start -- --data \.data-\S+ --start-date \d{4}-\d{2}-\d{2}[\s\S]*npm run demo/);
    const port = new URL(first.api).port;
    const second = spawn(
      process.execPath,
      [START, '--memory', '--port', port, '--dynamo-port', '0', '--ses-port', '0', '--sfn-port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    second.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => second.on('exit', r));
    expect(code).toBe(1);
    expect(err).toContain(`port ${port} is already in use`);
    await stop(first);
  });

  /** Runs `npm start` expecting it to refuse: its exit code and what it wrote on stderr. */
  async function refused(args: string[]): Promise<{ code: number | null; err: string }> {
    const child = spawn(process.execPath, [START, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    return { code: await new Promise<number | null>((r) => child.on('exit', r)), err };
  }

  it('refuses a second platform on the same data directory, naming the process that has it', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'platform-e2e-shared-'));
    const first = await start(['--data', shared, ...PORTS]);
    const second = await refused(['--data', shared, ...PORTS]);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`the data directory ${shared} is in use by process ${first.child.pid}`);
    await stop(first);
    rmSync(shared, { recursive: true, force: true });
  });

  it('refuses a data directory of an earlier version (the Step Functions runtime then kept its state in DynamoDB), saying what to do', async () => {
    const former = mkdtempSync(join(tmpdir(), 'platform-e2e-former-'));
    const dynamo = await startDynalite({ path: join(former, 'dynamodb') });
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: localCredentials });
    await client.send(
      new CreateTableCommand({
        TableName: 'inclusion-aap-stepfunctions',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    client.destroy();
    await dynamo.close();
    const run = await refused(['--data', former, ...PORTS]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${former} was written by an earlier version of the platform`);
    expect(run.err).toContain('Start on a new data directory (--data <dir>)');
    rmSync(former, { recursive: true, force: true });
  });

  it('with --identite jwt, signs in as on AWS: the stand-in issuer with staff accounts, tokens required, the console configured for it', async () => {
    const platform = await start(['--memory', '--identite', 'jwt', '--oidc-port', '0', ...PORTS]);
    const issuer = await eventually(
      async () => platform.output.map((l) => /Connexion \(Cognito local\) (http:\/\/\S+)/.exec(l)?.[1]).find(Boolean),
      'the sign-in line',
    );
    expect(platform.output.join('\n')).toContain('instruction-arrageois@pasdecalais.fr (service-instructeur)');
    const config = (await (await fetch(`${platform.api}/console/config.json`)).json()) as {
      identite: string;
      connexion: { domaine: string };
    };
    expect(config).toMatchObject({ identite: 'jwt', connexion: { domaine: issuer } });
    expect(((await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string }).issuer).toBe(issuer);
    const anonymous = await fetch(`${platform.api}/taches`, { headers: { 'x-identite': 'service-instructeur:x:arrageois' } });
    expect([anonymous.status, await anonymous.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect(await stop(platform)).toBe(0);
  });

  it('started again on the same data, goes on: comité with its J-8 notice, end of the operation, bilan, closure', async () => {
    const platform = await start(['--data', dataDir, '--start-date', '2026-01-12', ...PORTS]);
    const call = client(platform.api);
    expect((await call('GET', '/_local/horloge')).body.jour).toBe('2026-04-20');
    expect(platform.output.join('\n')).toContain('--start-date ignorée');
    expect((await call('GET', `/dossiers/${dossierId}`, porteur)).body.statut).toBe('in-execution');
    expect((await call('POST', `/dossiers/${dossierId}/comites`, instructeur, { date: '2026-06-15' })).status).toBe(202);
    const notice = await eventually(
      async () => (await emails(platform.ses, to)).find((e) => e.subject.includes('comité du 15 juin 2026')),
      'J-8 notice',
    );
    expect(notice.body.text).toContain('5 juin 2026');
    await call('POST', '/_local/horloge', undefined, { date: '2027-04-02' });
    expect((await call('GET', `/dossiers/${dossierId}`, porteur)).body.statut).toBe('bilan-due');
    const documents = [
      'rapport-activite',
      'comptes-annuels',
      'rapport-commissaire-aux-comptes',
      'tableau-missions-salaries',
      'balance-generale',
    ];
    expect((await call('POST', `/dossiers/${dossierId}/documents-annuels`, instructeur, { exercice: 2026, documents })).status).toBe(200);
    expect((await call('POST', `/dossiers/${dossierId}/bilan`, porteur, sampleBilanOf(body.dispositifCode))).status).toBe(200);
    expect(
      (await call('POST', `/taches/${await taskOf(call, instructeur, 'bilan-review')}/decision`, instructeur, { decision: 'accept' }))
        .status,
    ).toBe(200);
    const closed = await eventually(
      async () => (await emails(platform.ses, to)).find((e) => e.subject.includes('dossier soldé')),
      'closure email',
    );
    expect(closed.body.text).toMatch(/45\s000,00\s€/);
    const detail = await call('GET', `/dossiers/${dossierId}`, porteur);
    expect(detail.body.statut).toBe('closed');
    expect(detail.body.historiqueIntegre).toBe(true);
    expect(detail.body.courriels.every((e: { statut: string }) => e.statut === 'sent')).toBe(true);
    expect(await stop(platform)).toBe(0);
  });
});

describe('npm run demo', { timeout: 240_000 }, () => {
  it('plays the campaign to its end; the summary is the scenario’s', async () => {
    const child = spawn(process.execPath, [START, '--memory', '--start-date', '2026-03-02', '--demo', '--exit', ...PORTS], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let summary: any;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('DEMO-SUMMARY ')) summary = JSON.parse(line.slice(13));
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    expect(await new Promise((r) => child.on('exit', r)), err).toBe(0);
    expect(summary.dossiers).toBe(32); // 30 through E-partenaire, a Word dossier and a Démarches simplifiées one
    expect(summary.byStatus).toEqual({ closed: 27, rejected: 2, incomplete: 1, 'cp-unfavourable': 1, 'reimbursement-demanded': 1 });
    expect(summary.emailsByKind).toMatchObject({
      'filing-invitation': 1,
      acknowledgement: 32,
      'decision-favourable': 28,
      'decision-rejected': 2,
      'decision-unfavourable': 1,
      'decision-adjourned': 1,
      'dossier-incomplete': 1,
      'convention-to-sign': 28,
      'participant-list-notice': 56,
      'participant-list': 29, // 28 operations, one on two territories: one list per MDS
      'payments-suspended': 1,
      'payments-resumed': 1, // the suspension lifted by the service, with its reason
      'suspension-waived': 1,
      'deadline-extended': 2, // annual documents extended; a reimbursement demand delayed to a new date for the bilan
      'reimbursement-demand': 2, // the bilan missed (validated by the service); a part reclaimed after a control
      'dossier-closed': 27,
    });
    expect(summary.envelopes.reduce((s: number, e: { committedCents: number }) => s + e.committedCents, 0)).toBe(28 * 4_500_000);
    // A bilan evaluated against its indicators: the dispositif's and the one its porteur proposed.
    expect(
      summary.evaluation.rows.map((r: { label: string; target: number; achieved: number }) => [r.label, r.target, r.achieved]),
    ).toEqual([
      ['Participants accompagnés', 20, 20],
      ['Ateliers collectifs tenus', 12, 10],
    ]);
  });
});
