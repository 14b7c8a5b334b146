/**
 * `npm start -- --identite jwt`: sign-in as on AWS, on this machine. The stand-in issuer (for
 * Cognito's managed login) with the platform's accounts — kept in `<data>/users.json` — and one
 * staff account per role, created as an administrator creates them on AWS (README, Deploy), with
 * a local password printed at start. Porteurs ask for their account in the console, and the
 * service opens it (the invitation lands in the SES viewer).
 */
import { join } from 'node:path';
import { startOidcIssuer, type OidcIssuer } from './issuer.ts';
import { LocalUserDirectory } from './users.ts';

/** The console's client id on the local platform (on AWS: the ConsoleClientId output). */
export const LOCAL_CLIENT_ID = 'console-locale';

/** Local only, printed at start: never a password of a deployed pool. */
const LOCAL_STAFF_PASSWORD = 'Connexion-locale-2026';
const LOCAL_STAFF: { username: string; groups: string[]; attributes: Record<string, string> }[] = [
  { username: 'instruction-arrageois@pasdecalais.fr', groups: ['service-instructeur'], attributes: { 'custom:territory': 'arrageois' } },
  { username: 'chef-slai-arrageois@pasdecalais.fr', groups: ['chef-slai-slisl'], attributes: { 'custom:territory': 'arrageois' } },
  { username: 'commission-permanente@pasdecalais.fr', groups: ['secretariat-cp'], attributes: {} },
];

export interface LocalSignIn {
  readonly issuer: OidcIssuer;
  readonly users: LocalUserDirectory;
}

export async function startLocalSignIn(dataDir: string | undefined, port: number): Promise<LocalSignIn> {
  const users = new LocalUserDirectory(dataDir ? { file: join(dataDir, 'users.json') } : {});
  for (const staff of LOCAL_STAFF) users.add({ ...staff, password: LOCAL_STAFF_PASSWORD });
  try {
    return { issuer: await startOidcIssuer({ users, clientId: LOCAL_CLIENT_ID, redirectUris: [], port }), users };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`sign-in: port ${port} is already in use (set another port with --oidc-port)`);
    throw error;
  }
}

export function signInLines(signIn: LocalSignIn): string[] {
  return [
    `  Connexion (Cognito local) ${signIn.issuer.issuer}   comptes des services, mot de passe « ${LOCAL_STAFF_PASSWORD} » :`,
    ...LOCAL_STAFF.map((s) => `                      ${s.username} (${s.groups[0]})`),
    '                      porteurs : « Demander un compte » dans la console ; l’invitation arrive dans la visionneuse des courriels.',
  ];
}
