/**
 * Déposer un dossier (porteur): the dispositifs open today (closing date, publics, perimeter,
 * required co-funding; a dispositif filed through another channel says how instead), then the
 * form built from the submission's JSON Schema and the labels of its fields (GET /referentiel:
 * a field added to the schema appears here), the budget's totals and balance recomputed at each
 * keystroke, the undertakings. The draft is kept on this device while the porteur writes
 * (localStorage: the draft only, never a token) with the request's Idempotency-Key, so a retried
 * filing is the same filing. Every refusal of the API is shown next to the field it names.
 */
import { api, getLocalInfo, getReferentiel } from '../api.js';
import { fill, h, newId, section } from '../dom.js';
import { euros, instant, jour, jourParis } from '../format.js';
import { clearRefusals, labelKey, schemaForm, showRefusals, showSummary } from '../schema-form.js';

const draftKey = (who) => `aap.brouillon-dossier.${who.id}`;
/** Where each part of the dossier goes on the page; a part the schema adds later goes to the last section. */
const SECTIONS = [
  ['La structure porteuse', ['porteur']],
  ['L’opération', ['project', 'territories', 'publics', 'operation', 'participantsPlanned']],
  ['Budget prévisionnel', ['budget']],
  ['Engagements', ['undertakings']],
];

function readDraft(who) {
  try {
    return JSON.parse(localStorage.getItem(draftKey(who)) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The session of a dispositif open on a day, if any (days as AAAA-MM-JJ compare as strings). */
const openSession = (d, day) => d.sessions.find((s) => s.ouverture <= day && day <= s.cloture);

/**
 * How the dossier enters (call, « Modalités de dépôt »): filed on this platform (E-partenaire's
 * dispositifs), filed through the individual filing space a service opened for the porteur (a
 * Word-channel dispositif: #/depot/<id>), or registered by the instructing service from
 * Démarches simplifiées with its number (#/demarches-simplifiees).
 */
async function entryOf(ctx, ref) {
  const invitationId = ctx.params?.invitationId;
  if (invitationId) {
    const space = await api('GET', `/invitations-depot/${encodeURIComponent(invitationId)}`);
    return {
      key: `depot.${space.id}`,
      title: 'Déposer par votre espace de dépôt',
      intro: `Espace de dépôt individualisé ouvert pour ${space.porteur.nom} (SIRET ${space.porteur.siret}), jusqu’au ${jour(space.expireLe)} inclus : il ne sert qu’une fois.`,
      closed:
        space.etat === 'utilise'
          ? 'Un dossier a déjà été déposé par cet espace.'
          : space.etat === 'expire'
            ? `Cet espace a expiré le ${jour(space.expireLe)} : demandez au service d’en ouvrir un nouveau.`
            : undefined,
      accepts: (d) => d.code === space.dispositif,
      file: (body) => api('POST', `/invitations-depot/${encodeURIComponent(space.id)}/dossier`, body),
      back: ['#/mes-dossiers', 'Retour à mes dossiers'],
    };
  }
  if (ctx.identity.role === 'service-instructeur')
    return {
      key: 'demarches-simplifiees',
      title: 'Enregistrer un dossier Démarches simplifiées',
      intro: 'Le dossier reçu sur Démarches simplifiées, saisi tel quel avec son numéro : mêmes règles et même vie qu’un dépôt.',
      number: true,
      accepts: (d) => d.canal === 'demarches-simplifiees',
      file: (body, number) => api('POST', '/demarches-simplifiees/dossiers', { numero: number, dossier: body }),
      back: ['#/taches', 'Retour à la boîte de réception'],
    };
  return {
    key: 'e-partenaire',
    title: 'Déposer un dossier',
    accepts: (d) => d.canal === ref.canalDuDepot,
    file: (body, _number, key) => api('POST', '/dossiers', body, { 'idempotency-key': key }),
    back: ['#/mes-dossiers', 'Retour à mes dossiers'],
  };
}

export async function render(ctx) {
  const ref = await getReferentiel();
  const entry = await entryOf(ctx, ref);
  const who = { ...ctx.identity, id: entry.key === 'e-partenaire' ? ctx.identity.id : `${ctx.identity.id}.${entry.key}` };
  const today = getLocalInfo()?.jour ?? jourParis(new Date());
  const form = ref.formulaires.dossier;
  const labels = form.champs;
  const territoryName = (code) => ref.territoires.find((t) => t.code === code)?.nom ?? code;
  const publicName = (code) => ref.publics.find((p) => p.code === code)?.nom ?? code;
  const channelOf = (code) => ref.canaux.find((c) => c.code === code);
  const sourceName = (code) => ref.sourcesDeFinancement[code] ?? code;

  const here = entry.closed ? [] : ref.dispositifs.filter((d) => entry.accepts(d) && openSession(d, today));
  const elsewhere = ref.dispositifs.filter((d) => !entry.accepts(d) && openSession(d, today));
  const closed = ref.dispositifs.filter((d) => !openSession(d, today));
  let draft = readDraft(who) ?? {};
  let dispositif = here.find((d) => d.code === draft.dispositifCode);

  // 1. The dispositif.
  const selectId = newId('dispositif');
  const dispositifHelp = newId('aide');
  const select = h(
    'select',
    { id: selectId, 'aria-describedby': dispositifHelp, 'aria-required': 'true' },
    h('option', { value: '' }, '— choisir un dispositif ouvert —'),
    ref.axes.map((axe) =>
      here.some((d) => d.axe === axe.numero)
        ? h(
            'optgroup',
            { label: `Axe ${axe.numero} — ${axe.titre}` },
            here
              .filter((d) => d.axe === axe.numero)
              .map((d) =>
                h('option', { value: d.code, ...(d.code === dispositif?.code ? { selected: true } : {}) }, `${d.code} — ${d.titre}`),
              ),
          )
        : null,
    ),
  );
  const dispositifError = h('p', { class: 'message-champ', id: newId('erreur'), hidden: true });
  const card = h('div', { 'aria-live': 'polite' });
  const describe = () => {
    if (!dispositif) {
      card.replaceChildren();
      return;
    }
    const axe = ref.axes.find((a) => a.numero === dispositif.axe);
    const session = openSession(dispositif, today);
    const cofunding = axe?.cofinancementRequis ?? [];
    card.replaceChildren(
      h(
        'div',
        { class: 'carte' },
        h('h3', {}, `${dispositif.code} — ${dispositif.titre}`),
        h(
          'dl',
          { class: 'proprietes' },
          h('dt', {}, 'Axe'),
          h('dd', {}, `${axe?.numero} — ${axe?.titre}`),
          h('dt', {}, 'Dépôt ouvert'),
          h('dd', {}, `du ${jour(session.ouverture)} au ${jour(session.cloture)} inclus`),
          h('dt', {}, 'Publics du dispositif'),
          h('dd', {}, dispositif.publics.map(publicName).join(', ') || '—'),
          h('dt', {}, 'Périmètre'),
          h(
            'dd',
            {},
            dispositif.perimetre.length === ref.territoires.length
              ? 'tout le département'
              : dispositif.perimetre.map(territoryName).join(', '),
          ),
          h('dt', {}, 'Cofinancement exigé'),
          h('dd', {}, cofunding.length ? `une ressource ${cofunding.map(sourceName).join(' ou ')}` : 'aucun'),
          h('dt', {}, 'Contact'),
          h('dd', {}, `${dispositif.contact.service} — ${dispositif.contact.courriel}`),
        ),
      ),
    );
  };

  // 2. The dossier, from the schema (dispositifCode is chosen above).
  const schema = {
    ...form.schema,
    properties: Object.fromEntries(Object.entries(form.schema.properties).filter(([k]) => k !== 'dispositifCode')),
  };
  const status = h('p', { class: 'aide', id: 'etat-brouillon' });
  const builder = schemaForm({
    labels,
    options: {
      territories: () =>
        (dispositif?.perimetre ?? ref.territoires.map((t) => t.code)).map((code) => ({ value: code, label: territoryName(code) })),
      publics: () =>
        [...ref.publics]
          .sort((a, b) => Number(dispositif?.publics.includes(b.code) ?? 0) - Number(dispositif?.publics.includes(a.code) ?? 0))
          .map((p) => ({ value: p.code, label: p.nom, hint: dispositif?.publics.includes(p.code) ? 'public du dispositif' : undefined })),
    },
    // Kept at each change (a few kilobytes in localStorage): a reload or a closed tab loses nothing.
    onInput: () => {
      update();
      save();
    },
  });
  const root = builder.object('', schema);
  const part = (key) => root.children.find((c) => c.path === key);

  // The budget's totals, balance, participation asked and required co-funding, as the porteur types.
  const totals = h('div', { class: 'totaux-budget', role: 'status', 'aria-live': 'polite', id: 'totaux-budget' });
  const worksite = () => part('operation')?.find(['insertionWorksite'])?.focusable;
  const worksiteOnly = new Set(form.engagements.filter((e) => e.requisSi === 'insertion-worksite').map((e) => `undertakings.${e.cle}`));
  const update = () => {
    const problems = [];
    const budget = part('budget')?.read(problems) ?? {};
    const sum = (lines) => (lines ?? []).reduce((s, l) => s + (Number.isFinite(l.amountCents) ? l.amountCents : 0), 0);
    const expenses = sum(budget.expenses);
    const resources = sum(budget.resources);
    const asked = sum((budget.resources ?? []).filter((r) => r.source === 'departement'));
    const gap = resources - expenses;
    const cofunding = ref.axes.find((a) => a.numero === dispositif?.axe)?.cofinancementRequis ?? [];
    const cofunded = (budget.resources ?? []).some((r) => cofunding.includes(r.source) && r.amountCents > 0);
    fill(
      totals,
      h(
        'p',
        {},
        `Total des dépenses : ${euros(expenses)} — total des ressources : ${euros(resources)}. `,
        gap === 0
          ? h('strong', {}, 'Le budget est à l’équilibre.')
          : h(
              'strong',
              { class: 'desequilibre' },
              `Budget déséquilibré : les ${gap > 0 ? 'ressources dépassent les dépenses' : 'dépenses dépassent les ressources'} de ${euros(Math.abs(gap))}.`,
            ),
      ),
      h('p', {}, `Participation demandée au Département : ${euros(asked)}.`),
      cofunding.length
        ? h('p', {}, `Cofinancement exigé pour cet axe (${cofunding.map(sourceName).join(' ou ')}) : ${cofunded ? 'présent' : 'absent'}.`)
        : null,
      problems.length ? h('p', {}, 'Certains montants ne sont pas lisibles : voir les champs signalés au dépôt.') : null,
    );
    // An undertaking owed by a worksite only (`requisSi`) is shown when the operation is one.
    for (const c of part('undertakings')?.children ?? []) if (worksiteOnly.has(c.path)) c.element.hidden = !worksite()?.checked;
  };

  const save = () => {
    draft = {
      cle: draft.cle ?? crypto.randomUUID(),
      dispositifCode: select.value || undefined,
      valeurs: root.raw(),
      enregistreLe: new Date().toISOString(),
    };
    localStorage.setItem(draftKey(who), JSON.stringify(draft));
    status.textContent = `Brouillon enregistré sur cet appareil le ${instant(draft.enregistreLe)}.`;
  };
  if (draft.valeurs) {
    root.write(draft.valeurs);
    status.textContent = `Brouillon repris : enregistré sur cet appareil le ${instant(draft.enregistreLe)}.`;
  } else if (who.siret) root.find(['porteur', 'siret'])?.focusable?.setAttribute('value', who.siret);
  select.addEventListener('change', () => {
    dispositif = here.find((d) => d.code === select.value);
    dispositifError.hidden = true;
    select.setAttribute('aria-invalid', 'false');
    describe();
    part('territories')?.refresh();
    part('publics')?.refresh();
    update();
    save();
  });
  describe();
  update();

  // The Démarches simplifiées number, for a dossier the service registers.
  const numberId = newId('numero');
  const numberInput = h('input', {
    id: numberId,
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: 12,
    'aria-required': 'true',
  });
  const numberError = h('p', { class: 'message-champ', id: newId('erreur'), hidden: true });
  const numberField = {
    focusable: numberInput,
    error: {
      set(message) {
        numberError.hidden = !message;
        numberError.textContent = message ?? '';
        numberInput.setAttribute('aria-invalid', message ? 'true' : 'false');
        numberInput.setAttribute('aria-describedby', message ? numberError.id : '');
      },
    },
  };

  // Refusals: the summary (links to the fields) and each field's own message.
  const summary = h('div', { tabindex: '-1', class: 'resume-erreurs' });
  const lookup = {
    find: (parts) =>
      parts[0] === 'numero'
        ? numberField
        : parts[0] === 'dispositifCode'
          ? {
              focusable: select,
              error: {
                set(message) {
                  dispositifError.hidden = !message;
                  dispositifError.textContent = message ?? '';
                  select.setAttribute('aria-invalid', message ? 'true' : 'false');
                  select.setAttribute('aria-describedby', [dispositifHelp, message ? dispositifError.id : ''].join(' ').trim());
                },
              },
            }
          : root.find(parts),
  };
  const labelOf = (path) => (path === 'numero' ? 'Numéro Démarches simplifiées' : (labels[labelKey(path)]?.libelle ?? path));
  // A registered dossier's refusals name its fields under `dossier.`: the form's own.
  const ownFields = (champs) => champs.map((c) => ({ ...c, champ: c.champ.replace(/^dossier\./, '') }));
  const submit = h('button', { type: 'submit' }, 'Déposer le dossier');
  const forget = h('button', { type: 'button', class: 'secondaire' }, 'Effacer le brouillon');
  forget.addEventListener('click', () => {
    localStorage.removeItem(draftKey(who));
    ctx.navigate(location.hash.replace(/^#/, ''), 'Brouillon effacé.');
  });
  const formEl = h('form', { novalidate: true, 'aria-labelledby': 'titre-depot' });
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusals(formEl, summary);
    const problems = [];
    const body = { ...root.read(problems), ...(select.value ? { dispositifCode: select.value } : {}) };
    if (!select.value) problems.unshift({ champ: 'dispositifCode', message: 'choisissez un dispositif ouvert' });
    if (entry.number && !numberInput.value.trim()) problems.unshift({ champ: 'numero', message: 'champ obligatoire' });
    if (problems.length) {
      showSummary(summary, 'Le dossier n’a pas été déposé : corrigez les champs signalés.', showRefusals(lookup, problems, labelOf));
      return;
    }
    save();
    submit.disabled = true;
    formEl.setAttribute('aria-busy', 'true');
    try {
      const filed = await entry.file(body, numberInput.value.trim(), draft.cle);
      localStorage.removeItem(draftKey(who));
      ctx.navigate(
        `/dossiers/${filed.id}`,
        `Dossier ${filed.reference} ${entry.number ? 'enregistré' : 'déposé'} : un accusé de réception est envoyé à ${body.porteur?.contactEmail ?? 'l’adresse de contact du porteur'}.`,
      );
    } catch (error) {
      showSummary(summary, error.message ?? String(error), showRefusals(lookup, ownFields(error.champs ?? []), labelOf));
    } finally {
      submit.disabled = false;
      formEl.removeAttribute('aria-busy');
    }
  });

  const placed = new Set(SECTIONS.flatMap(([, keys]) => keys));
  const rest = root.children.filter((c) => !placed.has(c.path));
  formEl.append(
    summary,
    entry.number
      ? section(
          'Le dossier Démarches simplifiées',
          h(
            'div',
            { class: 'champ' },
            h('label', { for: numberId }, 'Numéro Démarches simplifiées (obligatoire)'),
            numberInput,
            numberError,
          ),
        )
      : null,
    section(
      '1. Le dispositif',
      h(
        'div',
        { class: 'champ' },
        h('label', { for: selectId }, labels.dispositifCode?.libelle ?? 'Dispositif'),
        h('span', { class: 'aide', id: dispositifHelp }, `Les dispositifs ouverts au dépôt le ${jour(today)} sur cette plateforme.`),
        select,
        dispositifError,
      ),
      card,
    ),
    ...SECTIONS.map(([title, keys], i) =>
      section(
        `${i + 2}. ${title}`,
        keys.map((k) => part(k)?.element),
        keys.includes('budget') ? totals : null,
        i === SECTIONS.length - 1 && rest.length ? rest.map((c) => c.element) : null,
      ),
    ),
    status,
    h('div', { class: 'actions' }, submit, forget),
  );

  const others = h(
    'details',
    {},
    h('summary', {}, `Les autres dispositifs (${elsewhere.length + closed.length})`),
    elsewhere.length
      ? [
          h('h3', {}, 'Ouverts, mais déposés par un autre canal'),
          h(
            'ul',
            {},
            elsewhere.map((d) =>
              h(
                'li',
                {},
                `${d.code} — ${d.titre} : ${channelOf(d.canal)?.libelle ?? d.canal}. ${channelOf(d.canal)?.commentDeposer ?? ''}`,
              ),
            ),
          ),
        ]
      : null,
    closed.length
      ? [
          h('h3', {}, `Fermés au dépôt le ${jour(today)}`),
          h(
            'ul',
            {},
            closed.map((d) => {
              const next = d.sessions.find((s) => s.ouverture > today);
              return h(
                'li',
                {},
                `${d.code} — ${d.titre} : ${next ? `ouverture le ${jour(next.ouverture)}` : `clos depuis le ${jour(d.dateCloture)}`}.`,
              );
            }),
          ),
        ]
      : null,
  );

  return {
    title: entry.title,
    content: [
      h('p', {}, h('a', { href: entry.back[0] }, entry.back[1])),
      h('h1', { id: 'titre-depot' }, entry.title),
      entry.intro ? h('p', {}, entry.intro) : null,
      entry.closed ? h('p', { class: 'notice alerte' }, entry.closed) : null,
      h(
        'p',
        { class: 'chapo' },
        'Dossier de demande de participation financière à l’appel à projets « politiques d’inclusion durable 2026 ». Votre brouillon est gardé sur cet appareil pendant que vous écrivez.',
      ),
      here.length
        ? formEl
        : h('p', { class: 'notice alerte' }, `Aucun dispositif n’est ouvert au dépôt sur cette plateforme le ${jour(today)}.`),
      others,
    ],
  };
}
