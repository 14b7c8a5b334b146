/**
 * Changer d'identité (local platform only): signing in is out of scope locally, the console acts
 * as the chosen role (header X-Identite). With a Cognito token (config « jwt ») it only shows who
 * the token says you are.
 */
import { currentIdentity, getConfig, getReferentiel, setLocalIdentity } from '../api.js';
import { h, newId } from '../dom.js';
import { ROLES, role as roleLabel } from '../format.js';

export async function render(ctx) {
  if (getConfig().identite !== 'locale') {
    const who = currentIdentity();
    return {
      title: 'Identité',
      content: [
        h('h1', {}, 'Identité'),
        who
          ? h(
              'p',
              {},
              `Vous êtes connecté comme ${roleLabel(who.role)} (${who.id})${who.role === 'porteur' ? '' : `, territoire ${who.territoire}`}.`,
            )
          : h('p', { class: 'notice alerte' }, 'Aucun jeton d’identité : connectez-vous par le portail du Département.'),
      ],
    };
  }
  const ref = await getReferentiel();
  const who = ctx.identity;
  const roleName = newId('role');
  const idField = newId('identifiant');
  const territoryField = newId('territoire');
  const roles = ['service-instructeur', 'chef-slai-slisl', 'secretariat-cp', 'porteur'];
  const territorySelect = h(
    'select',
    { id: territoryField, name: 'territoire' },
    ref.territoires.map((t) => h('option', { value: t.code, ...(t.code === who?.territoire ? { selected: true } : {}) }, t.nom)),
  );
  const help = h('p', { class: 'aide', id: newId('aide-territoire') });
  territorySelect.setAttribute('aria-describedby', help.id);
  const idInput = h('input', {
    id: idField,
    name: 'identifiant',
    type: 'text',
    required: true,
    'aria-required': 'true',
    autocomplete: 'off',
    pattern: '[A-Za-z0-9._@\\-]{1,64}',
    value: who?.id ?? '',
    'aria-describedby': `${idField}-aide`,
  });
  const error = h('p', { class: 'message-champ', id: `${idField}-erreur`, hidden: true });
  const form = h(
    'form',
    { 'aria-labelledby': 'titre-identite' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Rôle'),
      roles.map((r) => {
        const id = newId('role-choix');
        return h(
          'div',
          { class: 'choix' },
          h('input', {
            type: 'radio',
            name: roleName,
            id,
            value: r,
            ...(r === (who?.role ?? 'service-instructeur') ? { checked: true } : {}),
          }),
          h('label', { for: id }, ROLES[r]),
        );
      }),
    ),
    h(
      'div',
      { class: 'champ' },
      h('label', { for: idField }, 'Identifiant'),
      h(
        'span',
        { class: 'aide', id: `${idField}-aide` },
        'Lettres, chiffres et « . _ @ - » ; pour un porteur, l’identifiant sous lequel il a déposé ses dossiers.',
      ),
      idInput,
      error,
    ),
    h('div', { class: 'champ' }, h('label', { for: territoryField }, 'Territoire'), help, territorySelect),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Utiliser cette identité')),
  );
  const selectedRole = () => form.querySelector(`input[name="${roleName}"]:checked`)?.value ?? 'service-instructeur';
  const syncTerritory = () => {
    const territorial = selectedRole() === 'service-instructeur' || selectedRole() === 'chef-slai-slisl';
    territorySelect.disabled = !territorial;
    help.textContent = territorial
      ? 'Le territoire dont vous instruisez les dossiers.'
      : selectedRole() === 'porteur'
        ? 'Sans objet pour un porteur.'
        : 'Sans objet : le secrétariat de la Commission Permanente travaille pour tout le département.';
  };
  form.addEventListener('change', syncTerritory);
  syncTerritory();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = idInput.value.trim();
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(id)) {
      error.hidden = false;
      error.textContent = 'Identifiant obligatoire : lettres, chiffres et « . _ @ - » (64 au plus).';
      idInput.setAttribute('aria-invalid', 'true');
      idInput.setAttribute('aria-describedby', `${idField}-aide ${idField}-erreur`);
      idInput.focus();
      return;
    }
    const r = selectedRole();
    setLocalIdentity(r === 'porteur' || r === 'secretariat-cp' ? `${r}:${id}` : `${r}:${id}:${territorySelect.value}`);
    window.dispatchEvent(new Event('aap:identite'));
    const now = currentIdentity();
    ctx.navigate(now.role === 'porteur' ? '/mes-dossiers' : '/taches', `Vous agissez maintenant comme ${roleLabel(now.role)} (${now.id}).`);
  });
  return {
    title: 'Changer d’identité',
    content: [
      h('h1', { id: 'titre-identite' }, 'Changer d’identité'),
      h(
        'p',
        { class: 'notice' },
        'Plateforme locale : la connexion n’est pas simulée, la console agit sous l’identité choisie ici (en-tête X-Identite). Sur AWS, l’identité vient du jeton Cognito de la personne connectée.',
      ),
      form,
    ],
  };
}
