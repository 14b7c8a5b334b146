/**
 * `npm start`'s platform, once its process has the platform's environment (start.ts, whose
 * options these are): starts it, prints where each service answers, plays the demo if asked, and
 * stops it on SIGINT / SIGTERM.
 */
// First: the functions' logger and metrics are built on import, from the environment this sets.
import './powertools-env.ts';
import { usePlainProcessEnv } from './plain-env.ts';
import { parseArgs } from 'node:util';
import { type Platform, startPlatform } from './platform.ts';
import { IDENTITY_HEADER } from './http-api-server.ts';
import { filingWindowLines, filingWindowOn } from './first-screen.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import { signInLines, startLocalSignIn } from './oidc/local-sign-in.ts';
import { lowerHelperThreadsPriority } from './helper-threads.ts';

usePlainProcessEnv();
lowerHelperThreadsPriority();

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'dynamo-port': { type: 'string', default: '8000' },
    'ses-port': { type: 'string', default: '8005' },
    'sfn-port': { type: 'string', default: '8083' },
    data: { type: 'string', default: '.data' },
    memory: { type: 'boolean', default: false },
    'start-date': { type: 'string' },
    demo: { type: 'boolean', default: false },
    exit: { type: 'boolean', default: false },
    identite: { type: 'string', default: 'locale' },
    'oidc-port': { type: 'string', default: '8090' },
  },
});
if (values.identite !== 'locale' && values.identite !== 'jwt') {
  console.error(`--identite: locale or jwt expected, got ${values.identite}`);
  process.exit(2);
}

function port(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name}: a port number is expected, got ${value}`);
    process.exit(2);
  }
  return n;
}

const startAt = values['start-date'] ? new Date(`${values['start-date']}T08:00:00Z`) : undefined;
const signIn =
  values.identite === 'jwt'
    ? await startLocalSignIn(values.memory ? undefined : values.data, port('oidc-port', values['oidc-port'])).catch((error: unknown) => {
        console.error(`The platform could not start: ${(error as Error).message}`);
        return process.exit(1);
      })
    : undefined;
let platform: Platform;
try {
  platform = await startPlatform({
    ...(signIn ? { identity: { mode: 'jwt', issuer: signIn.issuer.issuer, clientId: signIn.issuer.clientId }, users: signIn.users } : {}),
    ...(values.memory ? {} : { dataDir: values.data }),
    ports: {
      api: port('port', values.port),
      dynamo: port('dynamo-port', values['dynamo-port']),
      ses: port('ses-port', values['ses-port']),
      sfn: port('sfn-port', values['sfn-port']),
    },
    ...(startAt ? { startAt } : {}),
    log: (line) => console.log(line),
  });
} catch (error) {
  console.error(`The platform could not start: ${(error as Error).message}`);
  process.exit(1);
}

signIn?.issuer.allowRedirect(`${platform.api}/console/`);
console.log(`Plateforme « appel à projets inclusion durable 2026 » démarrée — ${values.memory ? 'en mémoire' : `données dans ${values.data}`}
  API HTTP            ${platform.api}   ${signIn ? `(connexion : jetons de ${signIn.issuer.issuer}, vérifiés comme par API Gateway)` : `(identité locale : en-tête ${IDENTITY_HEADER}: porteur:<id>[:<siret>] | service-instructeur:<id>:<territoire> | chef-slai-slisl:<id>:<territoire> | secretariat-cp:<id>)`}
  Courriels (SES)     ${platform.ses}   (visionneuse web)
  Step Functions      ${platform.sfn}
  DynamoDB            ${platform.dynamo}
  Horloge             ${platform.clock.now().toISOString()} — avancer : POST ${platform.api}/_local/horloge {"jours": 30} ou npm run horloge -- --jours 30
Ctrl-C pour arrêter.`);
if (signIn) console.log(signInLines(signIn).join('\n'));
if (startAt && platform.clock.restored)
  console.log(
    `--start-date ignorée : les données de ${values.data} ont déjà leur date (une plateforme neuve : --data <autre dossier> ou --memory).`,
  );
// The first screen: a platform whose date is outside the filing window says so, and how to go on (also on the console's first page).
if (!values.demo) {
  console.log(
    ['', ...filingWindowLines(filingWindowOn(parisDateOf(platform.clock.now()))), `Console : ${platform.api}/console/`].join('\n'),
  );
}

if (values.demo) {
  const { runDemo } = await import('./demo.ts');
  try {
    const summary = await runDemo({ api: platform.api, ses: platform.ses, log: (line: string) => console.log(line) });
    console.log(`DEMO-SUMMARY ${JSON.stringify(summary)}`);
  } catch (error) {
    console.error(`La démo a échoué : ${(error as Error).message}`);
    await platform.stop();
    process.exit(1);
  }
  if (values.exit) {
    await platform.stop();
    await signIn?.issuer.close();
    process.exit(0);
  }
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('Arrêt…');
  await platform.stop();
  await signIn?.issuer.close();
  console.log('Plateforme arrêtée.');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
