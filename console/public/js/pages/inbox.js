/** Boîte de réception: the open tasks of my role and territory with their dossiers (GET /taches, one request), the oldest due first, overdue in evidence. */
import { api, getReferentiel } from '../api.js';
import { openFilingSpaceButton } from '../actions.js';
import { h, newId } from '../dom.js';
import { jour, role as roleLabel } from '../format.js';

export async function render(ctx) {
  // Each task comes with what the inbox shows of its dossier (who, which dispositif, which territory): one request.
  const [inbox, ref] = await Promise.all([api('GET', '/taches'), getReferentiel()]);
  const tasks = inbox.taches.map((t) => ({ ...t, dossier: { id: t.dossierId, ...t.dossier } }));
  tasks.sort((a, b) => a.echeance.localeCompare(b.echeance) || a.ouverteLe.localeCompare(b.ouverteLe));
  const territoryName = (code) => ref.territoires.find((t) => t.code === code)?.nom ?? code;
  const dispositifTitle = (code) => ref.dispositifs.find((d) => d.code === code)?.titre ?? '';
  const who = ctx.identity;

  const uniq = (values) => [...new Set(values)].sort((a, b) => String(a).localeCompare(String(b), 'fr', { numeric: true }));
  const filterIds = { dispositif: newId('filtre'), territoire: newId('filtre'), etape: newId('filtre'), retard: newId('filtre') };
  const select = (id, label, all, options) =>
    h(
      'div',
      { class: 'champ' },
      h('label', { for: id }, label),
      h(
        'select',
        { id },
        h('option', { value: '' }, all),
        options.map(([value, text]) => h('option', { value }, text)),
      ),
    );
  const form = h(
    'form',
    { class: 'filtres', 'aria-label': 'Filtrer les tâches', role: 'search' },
    select(
      filterIds.dispositif,
      'Dispositif',
      'Tous les dispositifs',
      uniq(tasks.map((t) => t.dossier.dispositif)).map((c) => [c, `${c} — ${dispositifTitle(c)}`.slice(0, 90)]),
    ),
    select(
      filterIds.territoire,
      'Territoire',
      'Tous les territoires',
      uniq(tasks.map((t) => t.dossier.territoire)).map((c) => [c, territoryName(c)]),
    ),
    select(
      filterIds.etape,
      'Tâche',
      'Toutes les tâches',
      uniq(tasks.map((t) => t.etape)).map((c) => [c, ref.etapes[c]?.titre ?? c]),
    ),
    h(
      'div',
      { class: 'champ case' },
      h('input', { type: 'checkbox', id: filterIds.retard }),
      h('label', { for: filterIds.retard }, 'En retard seulement'),
    ),
  );
  const count = h('p', { role: 'status', 'aria-live': 'polite', id: 'resultat-filtres' });
  const tbody = h('tbody');
  const table = h(
    'table',
    {},
    h('caption', {}, 'Tâches ouvertes, la plus ancienne échéance d’abord'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Échéance', 'Tâche', 'Dossier', 'Porteur', 'Dispositif', 'Territoire'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    tbody,
  );

  const apply = () => {
    const value = (id) => form.querySelector(`#${id}`).value;
    const onlyLate = form.querySelector(`#${filterIds.retard}`).checked;
    const shown = tasks.filter(
      (t) =>
        (!value(filterIds.dispositif) || t.dossier.dispositif === value(filterIds.dispositif)) &&
        (!value(filterIds.territoire) || t.dossier.territoire === value(filterIds.territoire)) &&
        (!value(filterIds.etape) || t.etape === value(filterIds.etape)) &&
        (!onlyLate || t.enRetard),
    );
    tbody.replaceChildren(
      ...shown.map((t) =>
        h(
          'tr',
          { class: t.enRetard ? 'en-retard' : undefined },
          h('td', {}, jour(t.echeance), t.enRetard ? [' ', h('span', { class: 'badge retard' }, 'En retard')] : null),
          h('td', {}, h('a', { href: `#/taches/${encodeURIComponent(t.id)}` }, t.titre)),
          h(
            'td',
            {},
            h('a', { href: `#/dossiers/${encodeURIComponent(t.dossier.id)}` }, t.dossier.reference),
            h('br'),
            h('span', { class: 'aide' }, t.dossier.projet),
          ),
          h('td', {}, t.dossier.porteur),
          h('td', {}, h('abbr', { title: dispositifTitle(t.dossier.dispositif) }, t.dossier.dispositif)),
          h('td', {}, territoryName(t.dossier.territoire)),
        ),
      ),
    );
    const late = shown.filter((t) => t.enRetard).length;
    count.textContent = `${shown.length} tâche${shown.length > 1 ? 's' : ''} affichée${shown.length > 1 ? 's' : ''} sur ${tasks.length}${late ? `, dont ${late} en retard` : ''}.`;
    table.hidden = shown.length === 0;
  };
  form.addEventListener('change', apply);
  form.addEventListener('submit', (e) => e.preventDefault());
  apply();

  const scope = who.territoire === 'departement' ? 'tout le département' : territoryName(who.territoire);
  return {
    title: 'Boîte de réception',
    content: [
      h('h1', {}, 'Boîte de réception'),
      h(
        'p',
        { class: 'chapo' },
        `Tâches ouvertes pour le rôle « ${roleLabel(who.role)} » — ${scope}. La plus ancienne échéance d’abord ; les tâches en retard sont signalées.`,
      ),
      // The dossiers that enter outside E-partenaire (call, « Modalités de dépôt »): the service's own actions.
      who.role === 'service-instructeur'
        ? h(
            'div',
            { class: 'actions' },
            openFilingSpaceButton(ctx, { ref, back: '/taches' }),
            h('a', { class: 'bouton', href: '#/demarches-simplifiees' }, 'Enregistrer un dossier Démarches simplifiées (3.7)'),
          )
        : null,
      tasks.length
        ? [form, count, h('div', { class: 'defilement' }, table)]
        : h('p', { class: 'notice' }, 'Aucune tâche ouverte : rien ne vous attend.'),
    ],
  };
}
