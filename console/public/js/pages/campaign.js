/**
 * Campagne: dossiers by state and by axe; the dossiers by state at the end of each month (a
 * table whose rows end with a line of their counts: the numbers are in the cells, the line repeats
 * them for the eye); each dispositif's envelope, committed versus available (a table whose rows
 * carry a bar, likewise); the deadlines of the coming 30 days. Read from GET /campagne.
 */
import { api, getReferentiel } from '../api.js';
import { h, newId, s, section } from '../dom.js';
import { euros, jour, nombre, role as roleLabel } from '../format.js';

function bar(engage, total) {
  const width = 200;
  const used = total > 0 ? Math.min(1, engage / total) : 0;
  return s(
    'svg',
    { class: 'graphe-barre', width, height: 18, viewBox: `0 0 ${width} 18`, 'aria-hidden': 'true', focusable: 'false' },
    s('rect', { x: 0, y: 1, width, height: 16, fill: '#e3e3fd', stroke: '#161616', 'stroke-width': 1 }),
    s('rect', { x: 0, y: 1, width: Math.round(used * width), height: 16, fill: '#000091' }),
  );
}

/** A row's counts over time as a line (hidden from screen readers: the cells say it). */
function sparkline(counts, max) {
  const width = 140;
  const height = 28;
  const x = (i) => (counts.length > 1 ? (i * (width - 4)) / (counts.length - 1) + 2 : width / 2);
  const y = (n) => height - 3 - (max > 0 ? (n * (height - 6)) / max : 0);
  return s(
    'svg',
    { class: 'graphe-ligne', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', focusable: 'false' },
    s('line', { x1: 0, y1: height - 3, x2: width, y2: height - 3, stroke: '#929292', 'stroke-width': 1 }),
    s('polyline', {
      points: counts.map((n, i) => `${x(i).toFixed(1)},${y(n).toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: '#000091',
      'stroke-width': 2,
    }),
    counts.map((n, i) => s('circle', { cx: x(i).toFixed(1), cy: y(n).toFixed(1), r: 2.5, fill: '#000091' })),
  );
}

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** The dossiers by state at each month's end since the first filing, then today. */
function overTimeTable(overTime, ref, today) {
  const rows = ref.statuts.filter((st) => overTime.parStatut[st.code]);
  const max = Math.max(0, ...rows.flatMap((st) => overTime.parStatut[st.code]));
  const label = (day) => (day === today ? `aujourd’hui (${jour(day)})` : `fin ${MONTH.format(new Date(`${day}T12:00:00Z`))}`);
  return h(
    'table',
    { id: 'dossiers-dans-le-temps' },
    h('caption', {}, 'Dossiers par état à la fin de chaque mois, depuis le premier dépôt'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'État'),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Graphique'), h('span', { 'aria-hidden': 'true' }, 'Évolution')),
        overTime.jours.map((d) => h('th', { scope: 'col', class: 'nombre' }, label(d))),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((st) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, st.libelle),
          h('td', {}, sparkline(overTime.parStatut[st.code], max)),
          overTime.parStatut[st.code].map((n) => h('td', { class: 'nombre' }, nombre(n))),
        ),
      ),
    ),
  );
}

export async function render(_ctx) {
  const [data, ref] = await Promise.all([api('GET', '/campagne'), getReferentiel()]);
  const territoryName = (code) =>
    code === 'departement' ? 'tout le département' : (ref.territoires.find((t) => t.code === code)?.nom ?? code);
  const axes = ref.axes;

  // Dossiers by state (rows) and by axe (columns).
  const statuses = ref.statuts.filter((st) => data.dossiers.parStatut[st.code]);
  const byAxe = (axe, st) => data.dossiers.parAxe[String(axe)]?.[st] ?? 0;
  const statusTable = h(
    'table',
    {},
    h('caption', {}, `Dossiers par état et par axe (${nombre(data.dossiers.total)} dossier${data.dossiers.total > 1 ? 's' : ''})`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'État'),
        axes.map((a) => h('th', { scope: 'col', class: 'nombre' }, h('abbr', { title: a.titre }, `Axe ${a.numero}`))),
        h('th', { scope: 'col', class: 'nombre' }, 'Total'),
      ),
    ),
    h(
      'tbody',
      {},
      statuses.map((st) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, st.libelle),
          axes.map((a) => h('td', { class: 'nombre' }, nombre(byAxe(a.numero, st.code)))),
          h('td', { class: 'nombre' }, nombre(data.dossiers.parStatut[st.code])),
        ),
      ),
    ),
    h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, 'Total'),
        axes.map((a) => h('td', { class: 'nombre' }, nombre(statuses.reduce((n, st) => n + byAxe(a.numero, st.code), 0)))),
        h('td', { class: 'nombre' }, nombre(data.dossiers.total)),
      ),
    ),
  );
  const axesLegend = h(
    'ul',
    {},
    axes.map((a) => h('li', {}, `Axe ${a.numero} : ${a.titre}`)),
  );

  // Envelopes: the dispositifs with a commitment or a dossier first; all on demand.
  const withActivity = (e) => e.engageCents > 0 || data.dossiers.parDispositif?.[e.dispositif];
  const toggleId = newId('toutes-enveloppes');
  const toggle = h('input', { type: 'checkbox', id: toggleId });
  const tbody = h('tbody');
  const caption = h('caption');
  const envelopeTable = h(
    'table',
    { id: 'enveloppes' },
    caption,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Dispositif'),
        h('th', { scope: 'col', class: 'nombre' }, 'Enveloppe'),
        h('th', { scope: 'col', class: 'nombre' }, 'Engagé'),
        h('th', { scope: 'col', class: 'nombre' }, 'Disponible'),
        h('th', { scope: 'col', class: 'nombre' }, 'Part engagée'),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Graphique'), h('span', { 'aria-hidden': 'true' }, 'Engagé / enveloppe')),
      ),
    ),
    tbody,
  );
  const count = h('p', { role: 'status', 'aria-live': 'polite' });
  const fillEnvelopes = () => {
    const active = data.enveloppes.filter(withActivity);
    const rows = toggle.checked || active.length === 0 ? data.enveloppes : active;
    caption.textContent =
      toggle.checked || active.length === 0
        ? 'Enveloppe engagée et disponible, tous les dispositifs'
        : 'Enveloppe engagée et disponible, dispositifs ayant des dossiers';
    tbody.replaceChildren(
      ...rows.map((e) => {
        const percent = e.totalCents > 0 ? Math.round((1000 * e.engageCents) / e.totalCents) / 10 : 0;
        return h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            h('abbr', { title: e.titre }, e.dispositif),
            h('span', { class: 'aide' }, ` ${e.titre.length > 60 ? `${e.titre.slice(0, 60)}…` : e.titre}`),
          ),
          h('td', { class: 'nombre' }, euros(e.totalCents)),
          h('td', { class: 'nombre' }, euros(e.engageCents)),
          h('td', { class: 'nombre' }, euros(e.disponibleCents)),
          h('td', { class: 'nombre' }, `${String(percent).replace('.', ',')} %`),
          h('td', {}, bar(e.engageCents, e.totalCents)),
        );
      }),
    );
    count.textContent = `${rows.length} dispositif${rows.length > 1 ? 's' : ''} affiché${rows.length > 1 ? 's' : ''} sur ${data.enveloppes.length}.`;
  };
  toggle.addEventListener('change', fillEnvelopes);
  fillEnvelopes();
  const totals = data.enveloppes.reduce((t, e) => ({ total: t.total + e.totalCents, engage: t.engage + e.engageCents }), {
    total: 0,
    engage: 0,
  });

  // Deadlines of the coming 30 days.
  const deadlines = data.echeances.liste.length
    ? h(
        'table',
        {},
        h('caption', {}, `Échéances du ${jour(data.echeances.du)} au ${jour(data.echeances.au)}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Date', 'Échéance', 'Dossier', 'Porteur', 'Due par'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          data.echeances.liste.map((e) =>
            h(
              'tr',
              {},
              h('td', {}, jour(e.le)),
              h('td', {}, e.titre, e.type === 'annual-documents' || e.type === 'participant-list' ? ` (${e.objet})` : ''),
              h('td', {}, h('a', { href: `#/dossiers/${encodeURIComponent(e.dossierId)}` }, e.reference)),
              h('td', {}, e.porteur),
              h('td', {}, e.duPar === 'departement' ? 'le Département' : roleLabel(e.duPar)),
            ),
          ),
        ),
      )
    : h('p', {}, `Aucune échéance du ${jour(data.echeances.du)} au ${jour(data.echeances.au)}.`);

  return {
    title: 'Campagne',
    content: [
      h('h1', {}, 'Campagne 2026'),
      h('p', { class: 'chapo' }, `Périmètre : ${territoryName(data.territoire)} — situation au ${jour(data.jour)}.`),
      section(
        'Dossiers par état et par axe',
        data.dossiers.total ? [h('div', { class: 'defilement' }, statusTable), axesLegend] : h('p', {}, 'Aucun dossier déposé.'),
      ),
      section(
        'Dossiers par état dans le temps',
        data.dossiers.dansLeTemps.jours.length
          ? // Wider than the page as the months go by: a region the keyboard can scroll.
            h(
              'div',
              { class: 'defilement', tabindex: '0', role: 'group', 'aria-label': 'Dossiers par état dans le temps (défilable)' },
              overTimeTable(data.dossiers.dansLeTemps, ref, data.jour),
            )
          : h('p', {}, 'Aucun dossier déposé.'),
      ),
      section(
        'Enveloppes par dispositif',
        h(
          'p',
          {},
          `Tous dispositifs : ${euros(totals.engage)} engagés sur ${euros(totals.total)} (${euros(totals.total - totals.engage)} disponibles).`,
        ),
        h(
          'div',
          { class: 'legende', 'aria-hidden': 'true' },
          h('span', {}, h('span', { class: 'pastille engage' }), 'Engagé'),
          h('span', {}, h('span', { class: 'pastille disponible' }), 'Disponible'),
        ),
        h('div', { class: 'champ case' }, toggle, h('label', { for: toggleId }, 'Afficher les 50 dispositifs')),
        count,
        h('div', { class: 'defilement' }, envelopeTable),
      ),
      section('Échéances des 30 prochains jours', deadlines),
    ],
  };
}
