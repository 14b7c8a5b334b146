/**
 * The console: a hash router over the pages, the identity in use, the navigation for its role,
 * the status messages (aria-live) and, on the local platform, its clock.
 */
import { api, ApiError, currentIdentity, getConfig, getLocalInfo, getReferentiel, loadConfig, local, setLocalInfo } from './api.js';
import { h } from './dom.js';
import { jour, role as roleLabel } from './format.js';
import * as inbox from './pages/inbox.js';
import * as dossier from './pages/dossier.js';
import * as campaign from './pages/campaign.js';
import * as porteur from './pages/porteur.js';
import * as filing from './pages/filing.js';
import * as commission from './pages/commission.js';
import * as participants from './pages/participants.js';
import * as identity from './pages/identity.js';
import * as localPlatform from './pages/local.js';
import * as welcome from './pages/welcome.js';
import * as signInPage from './pages/sign-in.js';
import * as accountRequest from './pages/account-request.js';
import * as accountRequests from './pages/account-requests.js';
import { completeSignIn, signOut } from './auth.js';

const SITE = 'Console AAP inclusion 2026';
const INSTRUCTOR_ROLES = ['service-instructeur', 'chef-slai-slisl', 'secretariat-cp'];

const ROUTES = [
  { pattern: /^\/taches$/, page: inbox, roles: INSTRUCTOR_ROLES },
  { pattern: /^\/taches\/([^/]+)$/, page: dossier, params: ['tacheId'] },
  { pattern: /^\/dossiers\/([^/]+)$/, page: dossier, params: ['dossierId'] },
  { pattern: /^\/dossiers\/([^/]+)\/participants$/, page: participants, params: ['dossierId'], roles: ['porteur'] },
  { pattern: /^\/campagne$/, page: campaign, roles: INSTRUCTOR_ROLES },
  { pattern: /^\/mes-dossiers$/, page: porteur, roles: ['porteur'] },
  { pattern: /^\/deposer$/, page: filing, roles: ['porteur'] },
  { pattern: /^\/depot\/([^/]+)$/, page: filing, params: ['invitationId'], roles: ['porteur'] },
  { pattern: /^\/demarches-simplifiees$/, page: filing, roles: ['service-instructeur'] },
  { pattern: /^\/commission-permanente(?:\/(impression))?$/, page: commission, params: ['impression'], roles: ['secretariat-cp'] },
  { pattern: /^\/identite$/, page: identity },
  { pattern: /^\/plateforme-locale$/, page: localPlatform },
  { pattern: /^\/accueil$/, page: welcome },
  { pattern: /^\/connexion$/, page: signInPage, public: true },
  { pattern: /^\/demande-de-compte$/, page: accountRequest, public: true },
  { pattern: /^\/demandes-de-compte$/, page: accountRequests, roles: ['service-instructeur', 'chef-slai-slisl'] },
];

const main = document.getElementById('contenu');
const message = document.getElementById('message');
let renderCount = 0;

/** A message for everyone, read by screen readers (role=status; errors as role=alert). */
export function announce(text, kind = 'succes') {
  message.replaceChildren(h('div', { class: `notice ${kind}`, ...(kind === 'erreur' ? { role: 'alert' } : {}) }, h('p', {}, text)));
}
export function clearAnnounce() {
  message.replaceChildren();
}

/** An API error, in the page (with each refused field). */
export function errorNotice(error, title = 'L’action n’a pas abouti.') {
  const champs = error instanceof ApiError ? error.champs : [];
  return h(
    'div',
    { class: 'notice erreur', role: 'alert' },
    h('p', {}, h('strong', {}, title), ' ', error?.message ?? String(error)),
    champs.length
      ? h(
          'ul',
          {},
          champs.map((c) => h('li', {}, `${c.champ} : ${c.message}`)),
        )
      : null,
  );
}

let signInError;
const signedInMode = () => getConfig().identite === 'jwt';

function homeOf(identityNow) {
  if (!identityNow) return signedInMode() ? '/connexion' : '/identite';
  return identityNow.role === 'porteur' ? '/mes-dossiers' : '/taches';
}

function renderMenu(path) {
  const who = currentIdentity();
  const items = [];
  if (getLocalInfo()) items.push(['/accueil', 'Accueil']);
  if (who && who.role !== 'porteur') items.push(['/taches', 'Boîte de réception'], ['/campagne', 'Campagne']);
  if (who?.role === 'secretariat-cp') items.push(['/commission-permanente', 'Commission Permanente']);
  if (who?.role === 'service-instructeur' || who?.role === 'chef-slai-slisl') items.push(['/demandes-de-compte', 'Demandes de compte']);
  if (!who) items.push(['/demande-de-compte', 'Demander un compte']);
  if (who?.role === 'porteur') items.push(['/mes-dossiers', 'Mes dossiers'], ['/deposer', 'Déposer un dossier']);
  if (getConfig().identite === 'locale') items.push(['/identite', 'Changer d’identité']);
  if (getLocalInfo()) items.push(['/plateforme-locale', 'Plateforme locale']);
  document.getElementById('menu').replaceChildren(
    ...items.map(([href, label]) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            href: `#${href}`,
            ...(path === href || (href === '/taches' && path.startsWith('/taches/')) ? { 'aria-current': 'page' } : {}),
          },
          label,
        ),
      ),
    ),
  );
}

async function renderIdentity() {
  const who = currentIdentity();
  const el = document.getElementById('identite-courante');
  if (!who) {
    el.replaceChildren(
      ...(signedInMode() ? ['Non connecté'] : ['Aucune identité : ', h('a', { href: '#/identite' }, 'choisir une identité')]),
    );
    return;
  }
  const signOutButton = signedInMode()
    ? h('button', { type: 'button', class: 'secondaire', id: 'se-deconnecter' }, 'Se déconnecter')
    : null;
  signOutButton?.addEventListener('click', () => signOut());
  let territoire = who.territoire;
  try {
    const ref = await getReferentiel();
    territoire =
      ref.territoires.find((t) => t.code === who.territoire)?.nom ??
      (who.territoire === 'departement' ? 'tout le département' : who.territoire);
  } catch {
    // the raw code will do
  }
  el.replaceChildren(
    'Vous êtes : ',
    h('strong', {}, roleLabel(who.role)),
    ` — ${who.nom ?? who.id}`,
    who.role === 'porteur' ? (who.siret ? ` — SIRET ${who.siret}` : '') : ` — ${territoire}`,
    ...(signOutButton ? [' ', signOutButton] : []),
  );
}

/** The local platform's clock in the header (local only). */
export async function refreshLocal() {
  const localInfo = await local('GET', '/_local/info').catch(() => undefined);
  setLocalInfo(localInfo);
  const el = document.getElementById('horloge-locale');
  if (!localInfo) {
    el.hidden = true;
    return undefined;
  }
  el.hidden = false;
  el.replaceChildren(
    'Plateforme locale — date du jour : ',
    h('strong', {}, jour(localInfo.jour)),
    ' · ',
    h('a', { href: '#/plateforme-locale' }, 'horloge et courriels'),
  );
  return localInfo;
}

let pendingMessage;
/** Goes to a page; `message` is announced once it is shown. */
export function navigate(path, message) {
  pendingMessage = message;
  if (location.hash === `#${path}`) void render();
  else location.hash = `#${path}`;
}

async function render() {
  const current = ++renderCount;
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const who = currentIdentity();
  if (path === '/' || path === '' || (path === '/connexion' && who)) {
    // A local platform outside the filing window first says so (and how to go on).
    const outsideWindow = getLocalInfo()?.depot && getLocalInfo().depot.etat !== 'ouvert';
    location.replace(`#${outsideWindow ? '/accueil' : homeOf(who)}`);
    return;
  }
  renderMenu(path);
  const route = ROUTES.find((r) => r.pattern.test(path));
  main.setAttribute('aria-busy', 'true');
  const context = {
    identity: who,
    params: {},
    announce,
    clearAnnounce,
    errorNotice,
    navigate,
    refreshLocal,
    getLocalInfo,
    isCurrent: () => current === renderCount,
    signInError,
    returnTo: path === '/connexion' ? '#/' : `#${path}`,
  };
  try {
    if (!route) {
      setPage('Page introuvable', [
        h('h1', { tabindex: '-1' }, 'Page introuvable'),
        h('p', {}, h('a', { href: `#${homeOf(who)}` }, 'Retour à l’accueil')),
      ]);
      return;
    }
    if (signedInMode() && !who && !route.public) {
      const page = await signInPage.render(context);
      if (current === renderCount) setPage(page.title, page.content);
      return;
    }
    if (route.roles && (!who || !route.roles.includes(who.role))) {
      setPage('Accès réservé', [
        h('h1', { tabindex: '-1' }, 'Accès réservé'),
        h('p', {}, `Cette page est réservée aux rôles : ${route.roles.map(roleLabel).join(', ')}.`),
        h('p', {}, h('a', { href: `#${homeOf(who)}` }, 'Aller à votre page d’accueil')),
      ]);
      return;
    }
    const match = route.pattern.exec(path);
    for (const [i, name] of (route.params ?? []).entries()) context.params[name] = match[i + 1];
    main.replaceChildren(h('p', {}, 'Chargement…'));
    if (getConfig().identite === 'locale') await refreshLocal();
    const page = await route.page.render(context);
    if (current !== renderCount) return;
    setPage(page.title, page.content);
    if (pendingMessage) {
      announce(pendingMessage);
      pendingMessage = undefined;
    }
  } catch (error) {
    if (current !== renderCount) return;
    setPage('Erreur', [h('h1', { tabindex: '-1' }, 'La page n’a pas pu être affichée'), errorNotice(error, 'Erreur :')]);
  } finally {
    if (current === renderCount) main.removeAttribute('aria-busy');
  }
}

let firstPageShown = false;
/** Puts the page in <main>, names the document after it and moves focus to its heading (RGAA 12.x). */
function setPage(title, content) {
  main.replaceChildren(...[content].flat(Infinity).filter((node) => node !== undefined && node !== null && node !== false));
  document.title = `${title} — ${SITE}`;
  const heading = main.querySelector('h1');
  // On the first page shown, focus stays at the top (the skip link comes first); afterwards it moves to the new page's title.
  if (heading && firstPageShown) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
  firstPageShown = true;
}

/** Re-renders the current page in place (after an action), keeping the status message. */
export async function refresh() {
  await render();
}

async function start() {
  const config = await loadConfig();
  if (config.identite === 'jwt') {
    try {
      await completeSignIn();
    } catch (error) {
      signInError = error.message;
    }
  }
  document.getElementById('pied-api').textContent =
    `API : ${config.apiBaseUrl || location.origin} — identité ${config.identite === 'jwt' ? `connexion par ${new URL(config.connexion.domaine).host}` : 'locale (en-tête X-Identite)'}.`;
  // A task link from a notification email: /taches/<id> (the site rewrites it to index.html).
  const fromPath = /\/taches\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
  if (fromPath && !location.hash)
    history.replaceState(null, '', `${location.pathname.replace(/taches\/[^/]+\/?$/, '')}#/taches/${fromPath[1]}`);
  await Promise.all([renderIdentity(), refreshLocal()]);
  // The skip link goes to <main> without touching the route.
  document.getElementById('lien-evitement').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', () => {
    // Only « #/… » is a route; any other fragment is an anchor in the page.
    if (location.hash && !location.hash.startsWith('#/')) return;
    if (!pendingMessage) clearAnnounce();
    void render();
  });
  window.addEventListener('aap:identite', () => {
    void renderIdentity();
  });
  await render();
  document.documentElement.dataset.pret = 'oui';
}

void start();
export { api };
