/** Mes dossiers (porteur): my dossiers, what I owe and by when, and filing it (complements, bilan, annual documents). */
import { api, getReferentiel } from '../api.js';
import { porteurTaskButton } from '../actions.js';
import { h, mapLimit, section } from '../dom.js';
import { euros, jour, joursEntre, jourParis, statut } from '../format.js';

export async function render(ctx) {
  const [list, ref] = await Promise.all([api('GET', '/dossiers'), getReferentiel()]);
  const details = await mapLimit(list.dossiers, 4, (d) => api('GET', `/dossiers/${encodeURIComponent(d.id)}`));
  const today = ctx.getLocalInfo()?.jour ?? jourParis(new Date());
  const back = '/mes-dossiers';

  // What I owe: my open tasks (complements, bilan) and my pending deadlines.
  const owed = [];
  for (const dossier of details) {
    const openTasks = dossier.taches.filter((t) => t.statut === 'open' && t.role === 'porteur');
    for (const task of openTasks) {
      // The bilan's and the complements' own deadline when there is one (the task may run a grace period past it).
      const kind = task.etape.startsWith('bilan') ? 'bilan' : task.etape;
      const deadline = dossier.echeances.find((e) => e.type === kind && e.statut === 'pending');
      owed.push({
        le: deadline?.le ?? jourParis(task.echeance),
        quoi: task.titre,
        dossier,
        action: porteurTaskButton(ctx, { task, dossier, back }),
      });
    }
    for (const e of dossier.echeances) {
      if (e.statut !== 'pending' || ref.typesEcheances[e.type]?.duPar !== 'porteur') continue;
      // The bilan and the complements are also the open task above: one line each.
      if (
        (e.type === 'bilan' && openTasks.some((t) => t.etape.startsWith('bilan'))) ||
        (e.type === 'complements' && openTasks.some((t) => t.etape === 'complements'))
      )
        continue;
      // Annual documents go by mail to the service gestionnaire, which records them: nothing to click here.
      const action =
        e.type === 'participant-list'
          ? h(
              'a',
              { class: 'bouton', href: `#/dossiers/${encodeURIComponent(dossier.id)}/participants` },
              'Transmettre les entrées et sorties',
            )
          : null;
      const quoi = `${ref.typesEcheances[e.type]?.titre ?? e.type}${e.type === 'annual-documents' ? ` — exercice ${e.objet}` : e.type === 'participant-list' ? ` — comité du ${jour(e.objet)}` : ''}`;
      owed.push({ le: e.le, quoi, dossier, action });
    }
  }
  owed.sort((a, b) => a.le.localeCompare(b.le));
  const when = (day) => {
    const n = joursEntre(today, day);
    if (n < 0) return h('span', { class: 'badge retard' }, `En retard de ${-n} jour${n < -1 ? 's' : ''}`);
    if (n === 0) return h('span', { class: 'badge retard' }, 'Aujourd’hui');
    return h('span', { class: 'badge a-venir' }, `Dans ${n} jour${n > 1 ? 's' : ''}`);
  };

  const owedList = owed.length
    ? h(
        'ul',
        { class: 'liste-dus' },
        owed.map((o) =>
          h(
            'li',
            { class: 'carte' },
            h('h3', {}, o.quoi),
            h(
              'p',
              {},
              'Dossier ',
              h('a', { href: `#/dossiers/${encodeURIComponent(o.dossier.id)}` }, o.dossier.reference),
              ` — à faire au plus tard le ${jour(o.le)} `,
              when(o.le),
            ),
            o.action ? h('div', { class: 'actions' }, o.action) : null,
          ),
        ),
      )
    : h('p', {}, 'Vous ne devez rien pour l’instant.');

  const table = list.dossiers.length
    ? h(
        'table',
        {},
        h('caption', {}, 'Mes dossiers, le plus récent d’abord'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Référence', 'Projet', 'Dispositif', 'État', 'Montant demandé', 'Montant accordé', 'Déposé le'].map((c, i) =>
              h('th', { scope: 'col', class: i === 4 || i === 5 ? 'nombre' : undefined }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          list.dossiers.map((d) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/dossiers/${encodeURIComponent(d.id)}` }, d.reference)),
              h('td', {}, d.projet),
              h('td', {}, h('abbr', { title: ref.dispositifs.find((x) => x.code === d.dispositif)?.titre ?? '' }, d.dispositif)),
              h('td', {}, statut(ref, d.statut)),
              h('td', { class: 'nombre' }, euros(d.montants.requestedCents)),
              h('td', { class: 'nombre' }, d.montants.grantedCents === undefined ? '—' : euros(d.montants.grantedCents)),
              h('td', {}, jour(d.deposeLe)),
            ),
          ),
        ),
      )
    : h('p', {}, 'Vous n’avez déposé aucun dossier.');

  return {
    title: 'Mes dossiers',
    content: [
      h('h1', {}, 'Mes dossiers'),
      h('p', { class: 'chapo' }, `Porteur « ${ctx.identity.id} » : vos dossiers, ce que vous devez transmettre et avant quand.`),
      h('p', {}, h('a', { class: 'bouton', href: '#/deposer' }, 'Déposer un nouveau dossier')),
      section('Ce que je dois', owedList),
      section('Mes dossiers', h('div', { class: 'defilement' }, table)),
    ],
  };
}
