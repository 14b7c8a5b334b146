/**
 * Entrées et sorties de participants (porteur), before a comité de suivi: the form built from
 * the API's schema (GET /referentiel, `formulaires.participants`), the comité among the dossier's
 * coming ones, each participant's territory among the operation's (required when it has several:
 * each territory's MDS is sent its own participants). POST /dossiers/{id}/participants answers
 * which MDS was sent what; every refusal is shown next to the field it names.
 */
import { api, getReferentiel } from '../api.js';
import { h } from '../dom.js';
import { jour } from '../format.js';
import { clearRefusals, labelKey, schemaForm, showRefusals, showSummary } from '../schema-form.js';

export async function render(ctx) {
  const [dossier, ref] = await Promise.all([api('GET', `/dossiers/${encodeURIComponent(ctx.params.dossierId)}`), getReferentiel()]);
  const form = ref.formulaires.participants;
  const back = `/dossiers/${dossier.id}`;
  const territories = dossier.dossier.territories ?? [dossier.territoire];
  const territoryName = (code) => ref.territoires.find((t) => t.code === code)?.nom ?? code;
  const coming = (dossier.suivi?.comites ?? []).filter((c) => !c.heldOn);
  const header = [
    h('p', {}, h('a', { href: `#${back}` }, `Retour au dossier ${dossier.reference}`)),
    h('h1', {}, 'Entrées et sorties de participants'),
    h(
      'p',
      { class: 'chapo' },
      `Dossier ${dossier.reference} — « ${dossier.projet} ». Chaque entrée et chaque sortie est transmise à la Maison du Département Solidarité du territoire concerné, 8 jours avant le comité de suivi.`,
    ),
  ];
  if (!coming.length)
    return {
      title: 'Entrées et sorties de participants',
      content: [...header, h('p', { class: 'notice' }, 'Aucun comité de suivi n’est programmé pour ce dossier.')],
    };

  const builder = schemaForm({
    labels: form.champs,
    options: {
      comiteDate: () =>
        coming.map((c) => ({
          value: c.date,
          label: `Comité du ${jour(c.date)} (à transmettre au plus tard le ${jour(c.participantListDue)})`,
        })),
      // One territory: the API takes it for every participant; several: each participant names its own.
      'entrees.*.territoire': () => territories.map((t) => ({ value: t, label: territoryName(t) })),
      'sorties.*.territoire': () => territories.map((t) => ({ value: t, label: territoryName(t) })),
    },
  });
  const root = builder.object('', form.schema);
  if (coming.length === 1) root.find(['comiteDate']).focusable.value = coming[0].date;
  const labelOf = (path) => form.champs[labelKey(path)]?.libelle ?? path;
  const summary = h('div', { tabindex: '-1', class: 'resume-erreurs' });
  const submit = h('button', { type: 'submit' }, 'Transmettre à la MDS');
  const formEl = h(
    'form',
    { novalidate: true, 'aria-label': 'Entrées et sorties de participants' },
    summary,
    root.element,
    h('div', { class: 'actions' }, submit),
  );
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearRefusals(formEl, summary);
    const problems = [];
    const body = root.read(problems);
    const refused = (title, champs) => showSummary(summary, title, showRefusals(root, champs, labelOf));
    if (problems.length) return refused('Rien n’a été transmis : corrigez les champs signalés.', problems);
    submit.disabled = true;
    try {
      const sent = await api('POST', `/dossiers/${encodeURIComponent(dossier.id)}/participants`, body);
      const who = sent.mds.map(
        (m) => `${m.nom} (${m.entrees} entrée${m.entrees > 1 ? 's' : ''}, ${m.sorties} sortie${m.sorties > 1 ? 's' : ''})`,
      );
      ctx.navigate(back, `Entrées et sorties du comité du ${jour(sent.comite)} transmises : ${who.join(' ; ')}.`);
    } catch (error) {
      refused(error.message ?? String(error), error.champs ?? []);
    } finally {
      submit.disabled = false;
    }
  });
  return { title: 'Entrées et sorties de participants', content: [...header, formEl] };
}
