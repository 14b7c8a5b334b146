/** Building the page without innerHTML: every piece of data goes in as text (no injection). */
const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttributes(el, attrs) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
}

function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children (lists flattened, null and false left out, data as text). */
export function fill(el, ...children) {
  el.replaceChildren();
  appendChildren(el, children);
  return el;
}

/** An HTML element: h('a', { href: '#/x' }, 'texte', h('span', {}, '…')). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  appendChildren(el, children);
  return el;
}

/** An SVG element. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  appendChildren(el, children);
  return el;
}

let uid = 0;
/** A unique id for aria-labelledby / label[for]. */
export function newId(prefix = 'id') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A section with its heading, labelled by it (a region landmark a screen reader lists). */
export function section(title, ...children) {
  const id = newId('section');
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** Runs `work` over items, at most `limit` at a time. */
export async function mapLimit(items, limit, work) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
