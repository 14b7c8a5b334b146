/** Plateforme locale: the platform's clock, a button to move it, and the SES email viewer. */
import { local } from '../api.js';
import { h, newId, section } from '../dom.js';
import { instant, jourSemaine } from '../format.js';

export async function render(ctx) {
  const info = await ctx.refreshLocal();
  if (!info) {
    return {
      title: 'Plateforme locale',
      content: [
        h('h1', {}, 'Plateforme locale'),
        h('p', {}, 'Cette console ne tourne pas sur la plateforme locale : pas d’horloge ni de visionneuse à montrer.'),
      ],
    };
  }
  const daysId = newId('jours');
  const dateId = newId('date');
  const days = h('input', {
    id: daysId,
    name: 'jours',
    type: 'number',
    min: 1,
    max: 3650,
    step: 1,
    value: 1,
    required: true,
    'aria-required': 'true',
  });
  const date = h('input', { id: dateId, name: 'date', type: 'date', min: info.jour });
  const submit = h('button', { type: 'submit' }, 'Avancer l’horloge');
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { 'aria-label': 'Avancer l’horloge' },
    h('div', { class: 'champ' }, h('label', { for: daysId }, 'Avancer de (jours)'), days),
    h(
      'div',
      { class: 'champ' },
      h('label', { for: dateId }, 'ou jusqu’au (date, facultatif)'),
      h('span', { class: 'aide' }, 'Si une date est indiquée, elle l’emporte sur le nombre de jours.'),
      date,
    ),
    h('div', { class: 'actions' }, submit),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = date.value ? { date: date.value } : { jours: Number(days.value) };
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    status.replaceChildren(
      h('p', {}, 'Avancement en cours : chaque échéance, relance et tâche qui tombe dans l’intervalle est traitée jour par jour…'),
    );
    try {
      const now = await local('POST', '/_local/horloge', body);
      await ctx.refreshLocal();
      ctx.navigate('/plateforme-locale', `Horloge avancée : la plateforme est au ${jourSemaine(now.jour)}.`);
    } catch (error) {
      status.replaceChildren(ctx.errorNotice(error, 'L’horloge n’a pas bougé.'));
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return {
    title: 'Plateforme locale',
    content: [
      h('h1', {}, 'Plateforme locale'),
      h('p', { class: 'chapo' }, 'Outils de la plateforme sur ce poste : ils n’existent pas sur AWS.'),
      section(
        'Horloge',
        h(
          'p',
          { id: 'date-plateforme' },
          'La plateforme est au ',
          h('strong', {}, jourSemaine(info.jour)),
          ` (${instant(info.maintenant)}, heure de Paris).`,
        ),
        h(
          'p',
          {},
          'Avancer l’horloge déclenche, jour après jour, les traitements quotidiens : relances, échéances manquées, suspensions, tâches en retard.',
        ),
        form,
      ),
      section(
        'Courriels',
        h(
          'p',
          {},
          'Les courriels envoyés par la plateforme (SES local) se lisent dans la visionneuse : ',
          h(
            'a',
            { href: info.visionneuseCourriels, target: '_blank', rel: 'noopener', id: 'lien-visionneuse' },
            'Ouvrir la visionneuse des courriels',
            h('span', { class: 'sr-only' }, ' (nouvel onglet)'),
          ),
          '.',
        ),
      ),
    ],
  };
}
