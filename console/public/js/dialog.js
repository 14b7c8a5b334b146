/**
 * A confirmation dialog (native <dialog>, modal: focus stays inside, Échap cancels, focus goes
 * back to the button that opened it) with the fields an action needs. Required fields are checked
 * here, then by the API: each refused field is shown next to it and in a summary (role=alert).
 */
import { h, newId } from './dom.js';
import { parseEuros } from './format.js';

function fieldControl(field, id, describedBy) {
  const common = {
    id,
    name: field.name,
    ...(field.required ? { required: true, 'aria-required': 'true' } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
  switch (field.kind) {
    case 'texte-long':
    case 'lignes':
      return h('textarea', { ...common, rows: field.kind === 'lignes' ? 4 : 5, maxlength: field.maxLength ?? 2000 }, field.value ?? '');
    case 'euros':
      return h('input', { ...common, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: field.value ?? '' });
    case 'date':
      return h('input', { ...common, type: 'date', value: field.value ?? '' });
    case 'annee':
      return h('input', { ...common, type: 'number', min: 2000, max: 2100, step: 1, value: field.value ?? '' });
    case 'nombre':
      return h('input', { ...common, type: 'number', min: 0, step: 1, inputmode: 'numeric', value: field.value ?? '' });
    case 'choix':
      return h(
        'select',
        common,
        h('option', { value: '' }, '— choisir —'),
        (field.options ?? []).map((o) => h('option', { value: o.value, ...(o.value === field.value ? { selected: true } : {}) }, o.label)),
      );
    default:
      return h('input', { ...common, type: 'text', autocomplete: 'off', maxlength: field.maxLength ?? 200, value: field.value ?? '' });
  }
}

function fieldValue(field, raw) {
  const text = raw.trim();
  if (text === '') return undefined;
  switch (field.kind) {
    case 'lignes':
      return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
    case 'euros':
      return parseEuros(text);
    case 'annee':
    case 'nombre':
      return Number(text);
    default:
      return text;
  }
}

/**
 * Opens the dialog; resolves with what `onConfirm` returned, or undefined when cancelled.
 * fields: [{ name, label, kind, required, help, value, apiNames: ['details.reason'] }]
 */
export function confirmDialog({ title, intro = [], fields = [], confirmLabel = 'Confirmer', cancelLabel = 'Annuler', onConfirm }) {
  return new Promise((resolve) => {
    const titleId = newId('dialogue-titre');
    const introId = newId('dialogue-texte');
    const summary = h('div', { class: 'resume-erreurs', tabindex: '-1' });
    const rows = fields.map((field) => {
      const id = newId(`champ-${field.name}`);
      const helpId = field.help ? newId('aide') : undefined;
      const errorId = newId('erreur');
      const control = fieldControl(field, id, [helpId].filter(Boolean).join(' '));
      const error = h('p', { class: 'message-champ', id: errorId, hidden: true });
      const wrapper = h(
        'div',
        { class: 'champ' },
        h('label', { for: id }, field.label, field.required ? ' (obligatoire)' : ' (facultatif)'),
        field.help ? h('span', { class: 'aide', id: helpId }, field.help) : null,
        control,
        error,
      );
      control.addEventListener('input', () => {
        if (control.getAttribute('aria-invalid') !== 'true') return;
        error.hidden = true;
        control.setAttribute('aria-invalid', 'false');
        control.setAttribute('aria-describedby', helpId ?? '');
      });
      return { field, control, error, errorId, helpId, wrapper };
    });
    const confirm = h('button', { type: 'submit' }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'secondaire' }, cancelLabel);
    const form = h('form', { novalidate: true }, summary, ...rows.map((r) => r.wrapper), h('div', { class: 'actions' }, confirm, cancel));
    const dialog = h(
      'dialog',
      { 'aria-labelledby': titleId, 'aria-describedby': introId },
      h('h2', { id: titleId }, title),
      h('div', { id: introId }, ...intro.map((p) => (typeof p === 'string' ? h('p', {}, p) : p))),
      form,
    );
    let result;
    const showErrors = (errors, general) => {
      for (const r of rows) {
        const message = errors.get(r.field.name);
        r.error.hidden = !message;
        r.error.textContent = message ?? '';
        r.control.setAttribute('aria-invalid', message ? 'true' : 'false');
        r.control.setAttribute('aria-describedby', [r.helpId, message ? r.errorId : undefined].filter(Boolean).join(' '));
      }
      const items = [...errors].map(([name, message]) => {
        const row = rows.find((r) => r.field.name === name);
        return h(
          'li',
          {},
          row
            ? h(
                'a',
                {
                  href: `#${row.control.id}`,
                  onclick: (e) => {
                    e.preventDefault();
                    row.control.focus();
                  },
                },
                `${row.field.label} : ${message}`,
              )
            : `${name} : ${message}`,
        );
      });
      if (!items.length && !general) {
        summary.replaceChildren();
        summary.removeAttribute('role');
        return;
      }
      summary.setAttribute('role', 'alert');
      summary.replaceChildren(
        h(
          'div',
          { class: 'notice erreur' },
          h('p', {}, h('strong', {}, general ?? 'Corrigez les champs signalés.')),
          items.length ? h('ul', {}, items) : null,
        ),
      );
      const firstInvalid = rows.find((r) => errors.has(r.field.name));
      (firstInvalid ? firstInvalid.control : summary).focus();
    };
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = {};
      const errors = new Map();
      for (const r of rows) {
        const value = fieldValue(r.field, r.control.value);
        if (value === undefined || (Array.isArray(value) && value.length === 0)) {
          if (r.field.required) errors.set(r.field.name, 'ce champ est obligatoire');
          continue;
        }
        if (typeof value === 'number' && Number.isNaN(value)) {
          errors.set(r.field.name, r.field.kind === 'euros' ? 'montant attendu, par exemple 45000 ou 45 000,50' : 'nombre attendu');
          continue;
        }
        if (r.field.minLength && typeof value === 'string' && value.length < r.field.minLength) {
          errors.set(r.field.name, `au moins ${r.field.minLength} caractères`);
          continue;
        }
        values[r.field.name] = value;
      }
      if (errors.size) {
        showErrors(errors);
        return;
      }
      confirm.disabled = true;
      cancel.disabled = true;
      form.setAttribute('aria-busy', 'true');
      try {
        result = await onConfirm(values);
        dialog.close();
      } catch (error) {
        const byField = new Map();
        for (const c of error.champs ?? []) {
          // A field answers for its API names and what lies under them (`depenses` for `depenses.2.payeeLe`).
          const row = rows.find(
            (r) =>
              (r.field.apiNames ?? [r.field.name]).some((n) => c.champ === n || c.champ.startsWith(`${n}.`)) ||
              c.champ === `details.${r.field.name}`,
          );
          byField.set(row ? row.field.name : c.champ, c.message);
        }
        showErrors(byField, error.message ?? String(error));
      } finally {
        confirm.disabled = false;
        cancel.disabled = false;
        form.removeAttribute('aria-busy');
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    (rows.find((r) => r.field.required && !r.control.value)?.control ?? rows[0]?.control ?? confirm).focus();
  });
}
