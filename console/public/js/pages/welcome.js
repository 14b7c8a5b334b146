/**
 * Accueil: the first page of a local platform whose date is outside the call's filing window. It
 * says so and gives the ways on, as `npm start` prints them (GET /_local/info « depot »,
 * infra/local/first-screen.ts), then leads to the console's pages.
 */
import { h, section } from '../dom.js';
import { jour } from '../format.js';

function wayOn(way) {
  return h('li', {}, h('h3', {}, way.titre), h('pre', { class: 'commande' }, h('code', {}, way.commande)), h('p', {}, way.explication));
}

export async function render(ctx) {
  const info = await ctx.refreshLocal();
  const depot = info?.depot;
  const home = ctx.identity?.role === 'porteur' ? ['/mes-dossiers', 'Aller à mes dossiers'] : ['/taches', 'Aller à la boîte de réception'];
  return {
    title: 'Accueil',
    content: [
      h('h1', {}, 'Bienvenue sur la console de l’appel à projets'),
      info ? h('p', { class: 'chapo' }, `Plateforme locale, au ${jour(info.jour)}.`) : null,
      depot ? h('div', { class: depot.etat === 'ouvert' ? 'notice' : 'notice alerte', id: 'etat-depot' }, h('p', {}, depot.message)) : null,
      depot && depot.voies.length > 0 ? section('Pour continuer', h('ol', { class: 'voies' }, depot.voies.map(wayOn))) : null,
      section(
        'La console',
        h(
          'ul',
          {},
          h('li', {}, h('a', { href: `#${home[0]}` }, home[1])),
          h('li', {}, h('a', { href: '#/identite' }, 'Changer d’identité (instructeur, chef de SLAI/SLISL, secrétariat CP, porteur)')),
          h('li', {}, h('a', { href: '#/plateforme-locale' }, 'Horloge et courriels de la plateforme')),
        ),
      ),
    ],
  };
}
