/**
 * Demandes de compte (the instructing services): the porteurs' requests waiting, oldest first;
 * opening one creates the account (Cognito on AWS: the person gets an invitation email with a
 * temporary password), refusing one records the reason. GET /demandes-de-compte, POST
 * /demandes-de-compte/{id}/ouverture and /refus.
 */
import { confirmedActionButton } from '../actions.js';
import { api } from '../api.js';
import { h } from '../dom.js';
import { instant } from '../format.js';

function actions(ctx, demande) {
  const who = h('p', {}, h('strong', {}, demande.structure), ` — SIRET ${demande.siret} — ${demande.nom} <${demande.courriel}>`);
  return [
    confirmedActionButton(ctx, {
      label: 'Ouvrir le compte',
      attrs: { 'aria-label': `Ouvrir le compte de ${demande.structure}` },
      title: 'Confirmer : ouvrir le compte',
      intro: [
        who,
        h('p', {}, 'Le compte est lié à ce SIRET ; la personne reçoit par courriel son identifiant et un mot de passe provisoire.'),
      ],
      confirmLabel: 'Ouvrir le compte',
      onConfirm: () => api('POST', `/demandes-de-compte/${encodeURIComponent(demande.id)}/ouverture`),
      back: '/demandes-de-compte',
      said: (done) => `Compte ouvert pour ${demande.structure} : identifiant ${done.identifiant}.`,
    }),
    ' ',
    confirmedActionButton(ctx, {
      label: 'Refuser',
      attrs: { class: 'danger', 'aria-label': `Refuser la demande de ${demande.structure}` },
      title: 'Confirmer : refuser la demande',
      intro: [who],
      fields: [
        {
          name: 'motif',
          label: 'Motif du refus',
          help: 'Au moins 5 caractères.',
          kind: 'texte-long',
          required: true,
          minLength: 5,
          apiNames: ['motif'],
        },
      ],
      confirmLabel: 'Refuser la demande',
      onConfirm: (values) => api('POST', `/demandes-de-compte/${encodeURIComponent(demande.id)}/refus`, values),
      back: '/demandes-de-compte',
      said: () => `Demande de ${demande.structure} refusée.`,
    }),
  ];
}

export async function render(ctx) {
  const { demandes } = await api('GET', '/demandes-de-compte');
  return {
    title: 'Demandes de compte',
    content: [
      h('h1', {}, 'Demandes d’ouverture de compte'),
      h('p', { class: 'chapo' }, 'Les porteurs demandent leur compte ici ; leur ouverture relève des services du Département.'),
      demandes.length === 0
        ? h('p', { id: 'aucune-demande' }, 'Aucune demande en attente.')
        : h(
            'table',
            {},
            h('caption', {}, `${demandes.length} demande${demandes.length > 1 ? 's' : ''} en attente, la plus ancienne d’abord`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Reçue le', 'Structure', 'SIRET', 'Contact', 'Message', 'Actions'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              demandes.map((d) =>
                h(
                  'tr',
                  {},
                  h('td', {}, instant(d.demandeLe)),
                  h('th', { scope: 'row' }, d.structure),
                  h('td', {}, d.siret),
                  h('td', {}, `${d.nom} — ${d.courriel}${d.telephone ? ` — ${d.telephone}` : ''}`),
                  h('td', {}, d.message ?? '—'),
                  h('td', {}, actions(ctx, d)),
                ),
              ),
            ),
          ),
    ],
  };
}
