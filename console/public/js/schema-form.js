/**
 * A form built from a JSON Schema (the API's own, served by GET /referentiel) and the French
 * labels of its fields (by path, an array's item as `*`): an object is a group of fields, an array
 * of objects a list of rows one adds and removes, an array of codes a list of checkboxes (its
 * options given by the page), an enumeration a select, a boolean a checkbox, a number a number
 * field — euros for an amount in cents —, a string a text field bounded as the schema bounds it
 * (or a select, when the page gives its choices).
 * Every control can give its raw input (a draft) and take it back, give the value the API
 * expects (`read`), and show next to itself the refusal the API names by its path.
 */
import { fill, h, newId } from './dom.js';
import { parseEuros } from './format.js';

/** `budget.expenses.3.amountCents` → `budget.expenses.*.amountCents` (how labels are keyed). */
export const labelKey = (path) => path.replace(/\.\d+(?=\.|$)/g, '.*');
const idOf = (path) => `champ-${path.replaceAll('.', '-') || 'racine'}`;

/**
 * @param {object} options
 * @param {Record<string, {libelle: string, aide?: string, valeurs?: Record<string,string>, saisie?: string}>} options.labels
 * @param {Record<string, () => {value: string, label: string, hint?: string}[]>} [options.options] the choices of a code or an array of codes, by its path
 * @param {() => void} [options.onInput] told of every change (a draft to keep, totals to recompute)
 */
export function schemaForm({ labels, options = {}, onInput = () => {} }) {
  const labelOf = (path) => labels[labelKey(path)] ?? { libelle: path.split('.').pop() };
  /** What a refusal's path leads to: the control to focus and its error line. */
  const target = (focusable, error) => ({ focusable, error });

  /** The error line under a control, tied to it by aria-describedby (beside its help). */
  function errorSlot(control, helpId) {
    const id = newId('erreur');
    const line = h('p', { class: 'message-champ', id, hidden: true });
    return {
      line,
      set(message) {
        line.hidden = !message;
        line.textContent = message ?? '';
        if (control) {
          control.setAttribute('aria-invalid', message ? 'true' : 'false');
          control.setAttribute('aria-describedby', [helpId, message ? id : undefined].filter(Boolean).join(' '));
        }
      },
    };
  }

  function leaf(path, schema, required) {
    const label = labelOf(path);
    const id = idOf(path);
    const helpId = label.aide ? newId('aide') : undefined;
    const common = { id, name: path, ...(helpId ? { 'aria-describedby': helpId } : {}), ...(required ? { 'aria-required': 'true' } : {}) };
    let input;
    let kind = label.saisie;
    const choices = options[labelKey(path)]?.() ?? schema.enum?.map((v) => ({ value: v, label: label.valeurs?.[v] ?? v }));
    if (schema.type === 'boolean') kind = 'case';
    else if (choices) kind = 'liste';
    else if (schema.type === 'integer' || schema.type === 'number') kind ??= 'nombre';
    if (kind === 'case') input = h('input', { ...common, type: 'checkbox' });
    else if (kind === 'liste')
      input = h(
        'select',
        common,
        h('option', { value: '' }, '— choisir —'),
        choices.map((c) => h('option', { value: c.value }, c.label)),
      );
    else if (kind === 'texte-long' || (schema.maxLength ?? 0) > 500)
      input = h('textarea', { ...common, rows: 6, maxlength: schema.maxLength ?? 10000 });
    else if (kind === 'date') input = h('input', { ...common, type: 'date' });
    else if (kind === 'euros') input = h('input', { ...common, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'montant' });
    else if (kind === 'nombre') input = h('input', { ...common, type: 'number', step: 1, min: schema.minimum, max: schema.maximum });
    else
      input = h('input', {
        ...common,
        type: schema.format === 'email' ? 'email' : 'text',
        maxlength: schema.maxLength,
        ...(kind === 'mois-jour' ? { placeholder: 'MM-JJ', inputmode: 'numeric' } : {}),
        autocomplete: schema.format === 'email' ? 'email' : 'off',
      });
    input.addEventListener('input', () => {
      error.set(undefined);
      onInput();
    });
    input.addEventListener('change', onInput);
    const help = label.aide ? h('span', { class: 'aide', id: helpId }, label.aide) : null;
    const error = errorSlot(input, helpId);
    const element =
      kind === 'case'
        ? h('div', { class: 'champ case' }, input, h('label', { for: id }, label.libelle), help, error.line)
        : h('div', { class: 'champ' }, h('label', { for: id }, label.libelle, required ? '' : ' (facultatif)'), help, input, error.line);
    return {
      path,
      element,
      raw: () => (kind === 'case' ? input.checked : input.value),
      write(raw) {
        if (kind === 'case') input.checked = raw === true;
        else input.value = raw ?? '';
      },
      read(problems) {
        if (kind === 'case') return input.checked;
        const text = input.value.trim();
        if (text === '') return undefined;
        if (kind === 'euros' || kind === 'nombre') {
          const n = kind === 'euros' ? parseEuros(text) : Number(text);
          if (!Number.isFinite(n)) {
            problems.push({
              champ: path,
              message: kind === 'euros' ? 'montant attendu, par exemple 45000 ou 45 000,50' : 'nombre attendu',
            });
            return undefined;
          }
          return n;
        }
        return text;
      },
      find: (rest) => (rest.length === 0 ? target(input, error) : undefined),
    };
  }

  /** An array of codes: one checkbox per option (the page gives the options, which may change). */
  function codeList(path, schema) {
    const label = labelOf(path);
    const legendId = newId('legende');
    const helpId = label.aide ? newId('aide') : undefined;
    const box = h('div', { class: 'cases' });
    const fieldset = h(
      'fieldset',
      { id: idOf(path), 'aria-labelledby': legendId, ...(helpId ? { 'aria-describedby': helpId } : {}) },
      h('legend', { id: legendId }, label.libelle),
      label.aide ? h('p', { class: 'aide', id: helpId }, label.aide) : null,
      box,
    );
    const error = errorSlot(fieldset, helpId);
    fieldset.append(error.line);
    let checked = new Set();
    const render = () => {
      const choices = options[labelKey(path)]?.() ?? (schema.items?.enum ?? []).map((v) => ({ value: v, label: v }));
      box.replaceChildren(
        ...choices.map((choice) => {
          const id = newId('case');
          const input = h('input', { type: 'checkbox', id, value: choice.value, ...(checked.has(choice.value) ? { checked: true } : {}) });
          input.addEventListener('change', () => {
            if (input.checked) checked.add(choice.value);
            else checked.delete(choice.value);
            error.set(undefined);
            onInput();
          });
          return h(
            'div',
            { class: 'choix' },
            input,
            h('label', { for: id }, choice.label, choice.hint ? h('span', { class: 'aide' }, ` — ${choice.hint}`) : null),
          );
        }),
      );
      // A choice no longer offered is no longer checked.
      checked = new Set([...checked].filter((v) => choices.some((c) => c.value === v)));
    };
    render();
    return {
      path,
      element: fieldset,
      refresh: render,
      raw: () => [...checked],
      write(raw) {
        checked = new Set(Array.isArray(raw) ? raw : []);
        render();
      },
      read: () => (checked.size ? [...checked] : undefined),
      find: (rest) => (rest.length === 0 ? target(box.querySelector('input') ?? fieldset, error) : undefined),
    };
  }

  /** An array of objects: rows one adds and removes (at least the schema's minimum shown). */
  function rows(path, schema) {
    const label = labelOf(path);
    const item = labelOf(`${path}.0`);
    const legendId = newId('legende');
    const helpId = label.aide ? newId('aide') : undefined;
    const list = h('ol', { class: 'lignes' });
    const add = h('button', { type: 'button', class: 'secondaire' }, `Ajouter : ${item.libelle.toLowerCase()}`);
    const fieldset = h(
      'fieldset',
      { id: idOf(path), 'aria-labelledby': legendId, ...(helpId ? { 'aria-describedby': helpId } : {}) },
      h('legend', { id: legendId }, label.libelle),
      label.aide ? h('p', { class: 'aide', id: helpId }, label.aide) : null,
      list,
    );
    const error = errorSlot(fieldset, helpId);
    fieldset.append(error.line, h('div', { class: 'actions' }, add));
    let items = [];
    const min = Math.max(1, schema.minItems ?? 0);
    const render = (raws) => {
      items = raws.map((raw, i) => {
        const control = object(`${path}.${i}`, schema.items, { legend: `${item.libelle} ${i + 1}` });
        control.write(raw);
        const remove = h('button', { type: 'button', class: 'secondaire' }, `Retirer : ${item.libelle.toLowerCase()} ${i + 1}`);
        remove.addEventListener('click', () => {
          const kept = items.map((c) => c.raw()).filter((_, j) => j !== i);
          render(kept.length ? kept : [{}]);
          onInput();
          (list.querySelector('input, select, textarea') ?? add).focus();
        });
        if (raws.length > min) control.element.append(h('div', { class: 'actions' }, remove));
        return control;
      });
      list.replaceChildren(...items.map((c) => h('li', {}, c.element)));
      add.hidden = items.length >= (schema.maxItems ?? Infinity);
    };
    add.addEventListener('click', () => {
      render([...items.map((c) => c.raw()), {}]);
      onInput();
      items.at(-1).element.querySelector('input, select, textarea')?.focus();
    });
    render(Array.from({ length: min }, () => ({})));
    return {
      path,
      element: fieldset,
      raw: () => items.map((c) => c.raw()),
      write(raw) {
        render(Array.isArray(raw) && raw.length ? raw : Array.from({ length: min }, () => ({})));
      },
      read(problems) {
        // A row left empty is no row.
        return items.map((c) => c.read(problems)).filter((v) => v && Object.keys(v).length);
      },
      find(rest) {
        if (rest.length === 0) return target(list.querySelector('input, select, textarea') ?? add, error);
        return items[Number(rest[0])]?.find(rest.slice(1));
      },
      get length() {
        return items.length;
      },
      items: () => items,
    };
  }

  /** An object: its fields in the schema's order, in a fieldset (`legend`) or bare (a page's section). */
  function object(path, schema, { legend, only } = {}) {
    const required = new Set(schema.required ?? []);
    const children = Object.entries(schema.properties ?? {})
      .filter(([key]) => !only || only.includes(key))
      .map(([key, child]) => control(path ? `${path}.${key}` : key, child, required.has(key)));
    const label = path ? labelOf(path) : undefined;
    const legendText = legend ?? label?.libelle;
    const helpId = label?.aide ? newId('aide') : undefined;
    const element =
      legend !== false && path && legendText
        ? h(
            'fieldset',
            { id: idOf(path), ...(helpId ? { 'aria-describedby': helpId } : {}) },
            h('legend', {}, legendText),
            label?.aide && !legend ? h('p', { class: 'aide', id: helpId }, label.aide) : null,
            children.map((c) => c.element),
          )
        : h(
            'div',
            { id: path ? idOf(path) : undefined },
            children.map((c) => c.element),
          );
    const error = errorSlot(null);
    element.append(error.line);
    return {
      path,
      element,
      children,
      raw: () => Object.fromEntries(children.map((c) => [c.path.split('.').pop(), c.raw()])),
      write(raw) {
        for (const c of children) c.write(raw?.[c.path.split('.').pop()]);
      },
      read(problems) {
        const out = {};
        for (const c of children) {
          const v = c.read(problems);
          if (v !== undefined) out[c.path.split('.').pop()] = v;
        }
        return out;
      },
      find(rest) {
        if (rest.length === 0) return target(element.querySelector('input, select, textarea'), error);
        return children.find((c) => c.path.split('.').pop() === rest[0])?.find(rest.slice(1));
      },
    };
  }

  function control(path, schema, required) {
    if (schema.type === 'object') return object(path, schema);
    if (schema.type === 'array') return schema.items?.type === 'object' ? rows(path, schema) : codeList(path, schema);
    return leaf(path, schema, required);
  }

  return { object, control };
}

/**
 * Shows each refusal next to the control its path names (or the nearest one above it), and
 * returns the summary's items: { champ, message, libelle, focus } — what a summary lists and links.
 */
export function showRefusals(root, champs, labelOf) {
  return champs.map((c) => {
    const parts = c.champ.split('.');
    let found;
    for (let n = parts.length; n >= 0 && !found; n--) found = root.find(parts.slice(0, n));
    if (found) found.error.set(c.message);
    return { ...c, libelle: labelOf(c.champ), focus: found?.focusable };
  });
}

/** Takes back the refusals shown in a form: each field's message and invalid state, and the summary. */
export function clearRefusals(form, summary) {
  for (const line of form.querySelectorAll('.message-champ')) {
    line.hidden = true;
    line.textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.setAttribute('aria-invalid', 'false');
  summary.removeAttribute('role');
  summary.replaceChildren();
}

/** The refusals' summary (role=alert) above a form: each refusal a link to its field; focus moves to it. */
export function showSummary(summary, title, items = [], kind = 'erreur') {
  summary.setAttribute('role', 'alert');
  const link = (item) =>
    h(
      'a',
      {
        href: `#${item.focus.id}`,
        onclick: (event) => {
          event.preventDefault();
          item.focus.focus();
        },
      },
      `${item.libelle} : ${item.message}`,
    );
  fill(
    summary,
    h(
      'div',
      { class: `notice ${kind}` },
      h('p', {}, h('strong', {}, title)),
      items.length
        ? h(
            'ul',
            {},
            items.map((item) => h('li', {}, item.focus?.id ? link(item) : `${item.libelle} : ${item.message}`)),
          )
        : null,
    ),
  );
  summary.focus();
}
