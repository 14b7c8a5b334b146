/**
 * Commission Permanente (its secretariat): the dossiers ready for a session with the amounts
 * asked and what is left of each dispositif's envelope (GET /commission-permanente/preparation),
 * the session's decisions entered row by row and recorded in one call
 * (POST /commission-permanente/seances), the envelopes recomputed as the favourable amounts are
 * typed — a dispositif whose favourable decisions exceed what is left is said at once, and so is
 * each decision the API answers did not fit —, the list exported as CSV (the API's) and as a
 * printable page (#/commission-permanente/impression, print CSS).
 */
import { api, download } from '../api.js';
import { fill, h, newId, section } from '../dom.js';
import { clearRefusals, showSummary } from '../schema-form.js';
import { euros, jour, parseEuros } from '../format.js';

const AVIS = { favourable: 'Favorable', unfavourable: 'Défavorable', adjourned: 'Ajourné' };

function envelopeTable(caption, rows) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Dispositif', 'Enveloppe restante', 'Avis favorables proposés', 'Reste après la séance'].map((c, i) =>
          h('th', { scope: 'col', class: i ? 'nombre' : undefined }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { class: r.after < 0 ? 'en-retard' : undefined },
          h('th', { scope: 'row' }, r.code),
          h('td', { class: 'nombre' }, euros(r.left)),
          h('td', { class: 'nombre' }, euros(r.favourable)),
          h(
            'td',
            { class: 'nombre' },
            r.after < 0 ? [h('span', { class: 'badge retard' }, 'Enveloppe dépassée'), ` de ${euros(-r.after)}`] : euros(r.after),
          ),
        ),
      ),
    ),
  );
}

export async function render(ctx) {
  const prep = await api('GET', '/commission-permanente/preparation');
  const rows = prep.dossiers;
  if (ctx.params.impression) return printable(prep);

  const dateId = newId('date');
  const numberId = newId('deliberation');
  const dateInput = h('input', { id: dateId, type: 'date', 'aria-required': 'true' });
  const numberInput = h('input', { id: numberId, type: 'text', maxlength: 60, autocomplete: 'off', 'aria-required': 'true' });
  const errorLine = () => h('p', { class: 'message-champ', id: newId('erreur'), hidden: true });
  const fields = new Map([
    ['date', { control: dateInput, line: errorLine(), libelle: 'Date de la séance' }],
    ['numeroDeliberation', { control: numberInput, line: errorLine(), libelle: 'Numéro de délibération' }],
  ]);

  // One row per dossier: its decision, amount, reason, next session.
  const lines = rows.map((r, i) => {
    const label = (what) => `${what} — ${r.reference}`;
    const avis = h(
      'select',
      { id: newId('avis'), 'aria-label': label('Avis') },
      h('option', { value: '' }, '— pas à cette séance —'),
      Object.entries(AVIS).map(([code, text]) => h('option', { value: code }, text)),
    );
    const amount = h('input', {
      id: newId('montant'),
      type: 'text',
      inputmode: 'decimal',
      class: 'montant',
      autocomplete: 'off',
      'aria-label': label('Montant accordé en euros'),
      value: String(r.montantDemandeCents / 100).replace('.', ','),
    });
    const reason = h('input', { id: newId('motif'), type: 'text', maxlength: 2000, autocomplete: 'off', 'aria-label': label('Motif') });
    const next = h('input', { id: newId('prochaine'), type: 'date', 'aria-label': label('Prochaine séance') });
    const line = errorLine();
    const result = h('span', { class: 'resultat' });
    const tr = h(
      'tr',
      { 'data-dossier': r.dossierId },
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `#/dossiers/${encodeURIComponent(r.dossierId)}` }, r.reference),
        h('br'),
        h('span', { class: 'aide' }, r.statut === 'cp-adjourned' ? 'ajourné à une séance précédente' : 'prêt'),
      ),
      h('td', {}, r.porteur, h('br'), h('span', { class: 'aide' }, r.projet)),
      h('td', {}, r.dispositif),
      h('td', { class: 'nombre' }, euros(r.montantDemandeCents)),
      h('td', {}, avis),
      h('td', {}, amount),
      h('td', {}, reason),
      h('td', {}, next),
      h('td', {}, line, result),
    );
    const sync = () => {
      const a = avis.value;
      amount.disabled = a !== 'favourable';
      reason.disabled = a === '' || a === 'favourable';
      next.disabled = a !== 'adjourned';
      recompute();
    };
    avis.addEventListener('change', sync);
    amount.addEventListener('input', () => recompute());
    return { r, i, tr, avis, amount, reason, next, line, result, sync };
  });

  const envelopes = h('div', { id: 'enveloppes-seance', role: 'status', 'aria-live': 'polite' });
  const favourableCents = (l) => (l.avis.value === 'favourable' ? parseEuros(l.amount.value) : 0);
  function recompute() {
    const byCode = new Map();
    for (const l of lines) {
      const entry = byCode.get(l.r.dispositif) ?? {
        code: l.r.dispositif,
        left: prep.enveloppesRestantesCents[l.r.dispositif] ?? 0,
        favourable: 0,
      };
      const cents = favourableCents(l);
      if (Number.isFinite(cents)) entry.favourable += cents;
      byCode.set(l.r.dispositif, entry);
    }
    const list = [...byCode.values()].map((e) => ({ ...e, after: e.left - e.favourable }));
    const over = list.filter((e) => e.after < 0);
    fill(
      envelopes,
      h(
        'p',
        {},
        over.length
          ? h(
              'strong',
              { class: 'desequilibre' },
              `Enveloppe dépassée : ${over.map((e) => `${e.code} (de ${euros(-e.after)})`).join(', ')}.`,
            )
          : 'Aucune enveloppe dépassée par les avis favorables saisis.',
      ),
      envelopeTable('Enveloppes des dispositifs de la séance', list),
    );
  }
  for (const l of lines) l.sync();

  const summary = h('div', { tabindex: '-1', class: 'resume-erreurs' });
  /** A refusal next to its control (its line), and its item in the summary. */
  const refuse = (control, line, libelle, message) => {
    line.hidden = false;
    line.textContent = message;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', line.id);
    return { libelle, message, focus: control };
  };

  const submit = h('button', { type: 'submit' }, 'Enregistrer les décisions de la séance');
  const form = h('form', { novalidate: true, 'aria-label': 'Décisions de la séance' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusals(form, summary);
    for (const l of lines) l.result.textContent = '';
    const chosen = lines.filter((l) => l.avis.value);
    const local = chosen.length
      ? []
      : [refuse(lines[0].avis, lines[0].line, lines[0].r.reference, 'choisissez l’avis d’au moins un dossier')];
    const decisions = chosen.map((l) => {
      const cents = favourableCents(l);
      if (l.avis.value === 'favourable' && !Number.isFinite(cents))
        local.push(refuse(l.amount, l.line, l.r.reference, 'montant attendu, par exemple 45000 ou 45 000,50'));
      return {
        dossierId: l.r.dossierId,
        avis: l.avis.value,
        ...(l.avis.value === 'favourable' && Number.isFinite(cents) ? { montantCents: cents } : {}),
        ...(l.reason.value.trim() && !l.reason.disabled ? { motif: l.reason.value.trim() } : {}),
        ...(l.next.value && !l.next.disabled ? { prochaineSeance: l.next.value } : {}),
      };
    });
    if (local.length) return showSummary(summary, 'Rien n’a été enregistré : corrigez les champs signalés.', local);
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const body = { date: dateInput.value, numeroDeliberation: numberInput.value.trim(), decisions };
      const answer = await api('POST', '/commission-permanente/seances', body);
      // Each decision's outcome on its row; those not recorded (an envelope exceeded, another decision already there) said at once.
      const notRecorded = [];
      for (const d of answer.decisions) {
        const l = lines.find((x) => x.r.dossierId === d.dossierId);
        const why = d.enveloppeDepassee
          ? `l’avis favorable dépasse l’enveloppe restante du dispositif (${euros(d.enveloppeDepassee.resteCents)}) : le dossier attend une autre séance`
          : d.conflit
            ? 'une autre décision est déjà enregistrée'
            : undefined;
        if (why) notRecorded.push({ libelle: d.reference, message: why, focus: l?.avis });
        if (l) l.result.textContent = why ? `Non enregistré : ${why}` : d.dejaEnregistre ? 'Déjà enregistré' : 'Enregistré';
      }
      const recorded = answer.decisions.length - notRecorded.length;
      const said = `Séance du ${jour(body.date)} (délibération ${body.numeroDeliberation}) : ${recorded} décision${recorded > 1 ? 's' : ''} enregistrée${recorded > 1 ? 's' : ''}.`;
      if (notRecorded.length) showSummary(summary, `${said} Certaines décisions n’ont pas été enregistrées :`, notRecorded, 'alerte');
      else ctx.navigate('/commission-permanente', said);
    } catch (error) {
      const items = (error.champs ?? []).map((c) => {
        const at = /^decisions\.(\d+)(?:\.(\w+))?$/.exec(c.champ);
        const l = at ? chosen[Number(at[1])] : undefined;
        if (l)
          return refuse(
            { montantCents: l.amount, motif: l.reason, prochaineSeance: l.next }[at[2]] ?? l.avis,
            l.line,
            l.r.reference,
            c.message,
          );
        const field = fields.get(c.champ);
        return field ? refuse(field.control, field.line, field.libelle, c.message) : { libelle: 'Séance', message: c.message };
      });
      showSummary(summary, error.message ?? String(error), items);
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  const exportButton = h('button', { type: 'button', class: 'secondaire' }, 'Exporter la liste (CSV)');
  exportButton.addEventListener('click', async () => {
    try {
      await download('/commission-permanente/preparation?format=csv', 'commission-permanente.csv');
      ctx.announce('Liste exportée : commission-permanente.csv.');
    } catch (error) {
      ctx.announce(`L’export n’a pas abouti : ${error.message ?? error}`, 'erreur');
    }
  });

  form.append(
    summary,
    h(
      'div',
      { class: 'grille-champs' },
      h('div', { class: 'champ' }, h('label', { for: dateId }, 'Date de la séance'), dateInput, fields.get('date').line),
      h(
        'div',
        { class: 'champ' },
        h('label', { for: numberId }, 'Numéro de délibération'),
        numberInput,
        fields.get('numeroDeliberation').line,
      ),
    ),
    h(
      'div',
      { class: 'defilement' },
      h(
        'table',
        { id: 'dossiers-seance' },
        h('caption', {}, `Dossiers prêts pour la Commission Permanente (${rows.length})`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              'Dossier',
              'Porteur et projet',
              'Dispositif',
              'Montant demandé',
              'Avis',
              'Montant accordé (€)',
              'Motif',
              'Prochaine séance',
              'Résultat',
            ].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          lines.map((l) => l.tr),
        ),
      ),
    ),
    envelopes,
    h('div', { class: 'actions' }, submit),
  );

  return {
    title: 'Commission Permanente',
    content: [
      h('h1', {}, 'Commission Permanente'),
      h(
        'p',
        { class: 'chapo' },
        'Préparer une séance : les dossiers validés qui attendent la décision de la Commission Permanente, le montant demandé et ce qui reste de l’enveloppe de chaque dispositif. Les décisions de la séance s’enregistrent en une fois ; chaque dossier poursuit ensuite sa route.',
      ),
      h(
        'div',
        { class: 'actions' },
        exportButton,
        h('a', { class: 'bouton secondaire', href: '#/commission-permanente/impression' }, 'Version imprimable'),
      ),
      rows.length
        ? section('Décisions de la séance', form)
        : h('p', { class: 'notice' }, 'Aucun dossier n’attend de décision de la Commission Permanente.'),
    ],
  };
}

/** The session's list on paper: by dispositif, with the envelope left; the page's print CSS leaves out the console around it. */
function printable(prep) {
  const byCode = Map.groupBy(prep.dossiers, (r) => r.dispositif);
  const print = h('button', { type: 'button' }, 'Imprimer');
  print.addEventListener('click', () => window.print());
  return {
    title: 'Commission Permanente — liste imprimable',
    content: [
      h('p', { class: 'ecran-seulement' }, h('a', { href: '#/commission-permanente' }, 'Retour à la préparation de la séance')),
      h('h1', {}, 'Commission Permanente — dossiers proposés'),
      h(
        'p',
        {},
        `Liste établie le ${jour(new Date().toISOString())} : ${prep.dossiers.length} dossier${prep.dossiers.length > 1 ? 's' : ''}. Séance du ……………… — délibération n° ………………`,
      ),
      h('div', { class: 'actions ecran-seulement' }, print),
      [...byCode].map(([code, list]) =>
        section(
          `Dispositif ${code} — enveloppe restante ${euros(prep.enveloppesRestantesCents[code] ?? 0)}`,
          h(
            'table',
            { class: 'impression' },
            h('caption', {}, `Dossiers du dispositif ${code}`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Référence', 'Porteur', 'Projet', 'Territoire', 'État', 'Montant demandé', 'Avis'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              list.map((r) =>
                h(
                  'tr',
                  {},
                  h('td', {}, r.reference),
                  h('td', {}, r.porteur),
                  h('td', {}, r.projet),
                  h('td', {}, r.territoire),
                  h('td', {}, r.statut === 'cp-adjourned' ? 'ajourné' : 'prêt'),
                  h('td', { class: 'nombre' }, euros(r.montantDemandeCents)),
                  h('td', {}, ''),
                ),
              ),
            ),
            h(
              'tfoot',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'row', colspan: 5 }, 'Total demandé'),
                h('td', { class: 'nombre' }, euros(list.reduce((s, r) => s + r.montantDemandeCents, 0))),
                h('td', {}),
              ),
            ),
          ),
        ),
      ),
    ],
  };
}
