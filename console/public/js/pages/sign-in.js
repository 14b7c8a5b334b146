/**
 * Connexion (config « jwt »): the page of a person not signed in. « Se connecter » goes to the
 * sign-in service (auth.js); a porteur without an account is told how to get one.
 */
import { signIn } from '../auth.js';
import { h } from '../dom.js';

export async function render(ctx) {
  const button = h('button', { type: 'button', id: 'se-connecter' }, 'Se connecter');
  button.addEventListener('click', () => {
    button.disabled = true;
    void signIn(ctx.returnTo ?? '#/');
  });
  return {
    title: 'Connexion',
    content: [
      h('h1', {}, 'Connexion'),
      ctx.signInError ? h('div', { class: 'notice erreur', role: 'alert' }, h('p', {}, ctx.signInError)) : null,
      h(
        'p',
        { class: 'chapo' },
        'Cette console sert aux services du Département du Pas-de-Calais qui instruisent les dossiers et aux porteurs de projets qui les déposent.',
      ),
      h('p', {}, 'Connectez-vous avec votre adresse électronique et votre mot de passe ; vous reviendrez ensuite ici.'),
      h('div', { class: 'actions' }, button),
      h(
        'p',
        {},
        'Porteur de projet sans compte : l’ouverture d’un compte se demande auprès des services du Département ; elle n’est pas automatique et peut prendre plusieurs jours. ',
        h('a', { href: '#/demande-de-compte' }, 'Demander l’ouverture d’un compte'),
        '.',
      ),
    ],
  };
}
