/**
 * Demande d'ouverture de compte (public: no sign-in needed): a porteur asks the département's
 * services for an account (the call: « L’ouverture de compte n’est pas automatique »). The form is
 * the confirmation dialog's (required fields checked here, every refusal of the API shown next to
 * its field): POST /demandes-de-compte.
 */
import { api } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { h } from '../dom.js';

const FIELDS = [
  { name: 'structure', label: 'Nom de la structure', kind: 'texte', required: true, maxLength: 200 },
  {
    name: 'siret',
    label: 'SIRET de la structure',
    help: '14 chiffres, sans espace. Le compte sera lié à ce SIRET.',
    kind: 'texte',
    required: true,
    maxLength: 14,
  },
  { name: 'nom', label: 'Vos prénom et nom', kind: 'texte', required: true, maxLength: 120 },
  {
    name: 'courriel',
    label: 'Votre adresse électronique',
    help: 'Elle sera votre identifiant de connexion.',
    kind: 'texte',
    required: true,
    maxLength: 254,
  },
  { name: 'telephone', label: 'Téléphone', kind: 'texte', required: false, maxLength: 20 },
  { name: 'message', label: 'Message aux services du Département', kind: 'texte-long', required: false, maxLength: 2000 },
];

export async function render() {
  const outcome = h('div', { role: 'status', 'aria-live': 'polite', id: 'resultat-demande' });
  const button = h('button', { type: 'button', id: 'demander-compte' }, 'Demander l’ouverture d’un compte');
  button.addEventListener('click', async () => {
    const done = await confirmDialog({
      title: 'Demande d’ouverture de compte',
      intro: [h('p', {}, 'Les services du Département examinent chaque demande ; vous recevrez un courriel à l’ouverture du compte.')],
      fields: FIELDS,
      confirmLabel: 'Envoyer la demande',
      onConfirm: (values) => api('POST', '/demandes-de-compte', values),
    });
    if (done) outcome.replaceChildren(h('div', { class: 'notice succes' }, h('p', {}, done.message)));
  });
  return {
    title: 'Demande d’ouverture de compte',
    content: [
      h('h1', {}, 'Demande d’ouverture de compte'),
      h(
        'p',
        { class: 'chapo' },
        'Pour déposer un dossier, votre structure a besoin d’un compte. Il se demande auprès des services du Département : l’ouverture n’est pas automatique et peut prendre plusieurs jours, anticipez-la.',
      ),
      h('p', {}, 'Le compte est lié au SIRET de votre structure : vous déposerez les dossiers de cette structure.'),
      h('div', { class: 'actions' }, button),
      outcome,
    ],
  };
}
