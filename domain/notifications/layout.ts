/**
 * The shared layout of every email: a subject, a plain-text body and an HTML body built from the
 * same blocks, so both carry the same facts.
 *
 * Trust model. A template writes its own French sentences as the static parts of the `t` tagged
 * template; everything interpolated into it (names, references, comments typed by porteurs or
 * instructors, formatted dates and amounts) is a *value*. In HTML every value — and every static
 * part too, for good measure — is HTML-escaped (`& < > " '`), attribute values included, so
 * nothing a porteur types can become markup in an instructor's mailbox. In the plain text,
 * values are written exactly as given. French typography (non-breaking space before « : ; ? ! »,
 * inside « », after « n° ») is applied to the static parts only: a value is never rewritten.
 */
import { memoized } from '#domain/memoized.ts';
import type { ServiceContact } from './schemas.ts';

/** What a template returns: ready for SES (`Subject`, `Body.Text`, `Body.Html`). */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const NBSP = '\u00A0';

type Segment =
  | { readonly kind: 'static'; readonly text: string }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'strong'; readonly inner: Inline }
  | { readonly kind: 'mailto'; readonly address: string };

/** A run of text: the template's own words mixed with values. Build it with `t`. */
export interface Inline {
  readonly segments: readonly Segment[];
}

type Interpolation = string | Inline;

function isInline(x: Interpolation): x is Inline {
  return typeof x !== 'string';
}

function toInline(x: Interpolation): Inline {
  return isInline(x) ? x : { segments: [{ kind: 'value', text: x }] };
}

/**
 * `t\`Référence : ${reference}\``: the literal parts are the template's French (typography
 * applied), each `${…}` string is a value (escaped in HTML, verbatim in text), each `${…}` Inline
 * is nested as is.
 */
export function t(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Inline {
  const segments: Segment[] = [];
  strings.forEach((literal, i) => {
    if (literal !== '') segments.push({ kind: 'static', text: literal });
    const value = values[i];
    if (value !== undefined) segments.push(...toInline(value).segments);
  });
  return { segments };
}

/** The template's own words, with no value. */
export function words(text: string): Inline {
  return { segments: [{ kind: 'static', text }] };
}

/** A value on its own. */
export function v(value: string): Inline {
  return toInline(value);
}

/** Emphasis (HTML `<strong>`; plain in text, where the label already says it). */
export function strong(content: Interpolation): Inline {
  return { segments: [{ kind: 'strong', inner: toInline(content) }] };
}

/** An email address: a `mailto:` link in HTML, the address in text. */
export function mailto(address: string): Inline {
  return { segments: [{ kind: 'mailto', address }] };
}

/** Joins runs with a separator written by the template. */
export function join(parts: readonly Interpolation[], separator: string): Inline {
  const segments: Segment[] = [];
  parts.forEach((part, i) => {
    if (i > 0 && separator !== '') segments.push({ kind: 'static', text: separator });
    segments.push(...toInline(part).segments);
  });
  return { segments };
}

export interface Fact {
  readonly label: string;
  readonly value: Inline;
}

export interface ListItem {
  readonly content: Inline;
  readonly children?: readonly Inline[];
}

export type Block =
  | { readonly kind: 'paragraph'; readonly content: Inline }
  | { readonly kind: 'heading'; readonly content: Inline }
  /** Label / value pairs: the key facts of the email. */
  | { readonly kind: 'facts'; readonly facts: readonly Fact[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly ListItem[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly Inline[])[] }
  /** Free text typed by someone (a comment, a reason): kept with its line breaks. */
  | { readonly kind: 'quote'; readonly label: string; readonly content: Inline }
  /** The call's own words, between « », with where they come from. */
  | { readonly kind: 'citation'; readonly content: string; readonly source: string }
  /** A warning that must stand out (a sanction, a deadline). */
  | { readonly kind: 'notice'; readonly content: Inline }
  /** A button-like link; the URL is written out in the text version. */
  | { readonly kind: 'action'; readonly label: string; readonly url: string };

export const paragraph = (content: Inline): Block => ({ kind: 'paragraph', content });
export const heading = (content: Inline | string): Block => ({
  kind: 'heading',
  content: typeof content === 'string' ? words(content) : content,
});
export const facts = (...rows: readonly (Fact | undefined)[]): Block => ({
  kind: 'facts',
  facts: rows.filter((r): r is Fact => r !== undefined),
});
export const fact = (label: string, value: Interpolation): Fact => ({ label, value: toInline(value) });
export const bullets = (items: readonly (Interpolation | ListItem)[]): Block => ({
  kind: 'list',
  ordered: false,
  items: items.map(listItem),
});
export const steps = (items: readonly (Interpolation | ListItem)[]): Block => ({
  kind: 'list',
  ordered: true,
  items: items.map(listItem),
});
export const table = (headers: readonly string[], rows: readonly (readonly Interpolation[])[]): Block => ({
  kind: 'table',
  headers,
  rows: rows.map((row) => row.map(toInline)),
});
export const quote = (label: string, content: string): Block => ({ kind: 'quote', label, content: v(content) });
export const citation = (content: string, source: string): Block => ({ kind: 'citation', content, source });
export const notice = (content: Inline): Block => ({ kind: 'notice', content });
export const action = (label: string, url: string): Block => ({ kind: 'action', label, url });

function listItem(item: Interpolation | ListItem): ListItem {
  if (typeof item === 'string') return { content: v(item) };
  return 'content' in item ? item : { content: item };
}

// ---------------------------------------------------------------------------------------------
// Typography and escaping

/**
 * French typography on the template's own words: a plain space before « : ; ? ! » » and after
 * « « » and « n° » becomes a non-breaking one. Values never go through here.
 */
export function frenchTypography(text: string): string {
  return typeset(text);
}

// The templates' words are a few hundred texts, rendered in every email: each set once.
const typeset = memoized(5_000, (text: string) =>
  text
    .replace(/ ([:;?!»])/g, `${NBSP}$1`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/\bn° /g, `n°${NBSP}`),
);

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const HTML_SPECIAL = /[&<>"']/;
const EVERY_HTML_SPECIAL = new RegExp(HTML_SPECIAL.source, 'g');

/** Escapes text for HTML content and for quoted attribute values (most text has nothing to escape: returned as it is). */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(EVERY_HTML_SPECIAL, (c) => HTML_ESCAPES[c] ?? c) : text;
}

/** Escaped, with the line breaks a person typed kept as `<br>`. */
function escapeMultiline(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>\n');
}

function inlineText(inline: Inline): string {
  return inline.segments
    .map((s) => {
      switch (s.kind) {
        case 'static':
          return frenchTypography(s.text);
        case 'value':
          return s.text;
        case 'strong':
          return inlineText(s.inner);
        case 'mailto':
          return s.address;
        default:
          return s satisfies never;
      }
    })
    .join('');
}

function inlineHtml(inline: Inline): string {
  return inline.segments
    .map((s) => {
      switch (s.kind) {
        case 'static':
          return escapeHtml(frenchTypography(s.text));
        case 'value':
          return escapeMultiline(s.text);
        case 'strong':
          return `<strong>${inlineHtml(s.inner)}</strong>`;
        case 'mailto':
          return `<a href="mailto:${escapeHtml(encodeURI(s.address))}">${escapeHtml(s.address)}</a>`;
        default:
          return s satisfies never;
      }
    })
    .join('');
}

/** Static text from a template (a label, a header): typography, then escaped for HTML. */
const staticHtml = (text: string): string => escapeHtml(frenchTypography(text));

/**
 * A subject is one header line: control characters and line breaks (from a value) become a
 * space, so no value can add a header or a line.
 */
export function subjectLine(inline: Inline): string {
  return inlineText(inline)
    .replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Rendering

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return inlineText(block.content);
    case 'heading': {
      const title = inlineText(block.content);
      return `${title}\n${'-'.repeat(Math.max(3, [...title].length))}`;
    }
    case 'facts':
      return block.facts.map((f) => `${frenchTypography(`${f.label} :`)} ${inlineText(f.value)}`).join('\n');
    case 'list':
      return block.items
        .map((item, i) => {
          const bullet = block.ordered ? `${i + 1}.` : '-';
          const children = (item.children ?? []).map((c) => `\n    - ${inlineText(c)}`).join('');
          return `  ${bullet} ${inlineText(item.content)}${children}`;
        })
        .join('\n');
    case 'table':
      return [block.headers.map(frenchTypography).join(' | '), ...block.rows.map((row) => row.map(inlineText).join(' | '))]
        .map((line) => `  ${line}`)
        .join('\n');
    case 'quote':
      return `${frenchTypography(`${block.label} :`)}\n${inlineText(block.content)}`;
    case 'citation':
      return frenchTypography(`« ${block.content} »\n(${block.source})`);
    case 'notice':
      return `${frenchTypography('Important :')}\n${inlineText(block.content)}`;
    case 'action':
      return `${frenchTypography(`${block.label} :`)} ${block.url}`;
  }
}

const STYLE = {
  body: 'margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1e1e1e;',
  container: 'max-width:640px;margin:0 auto;background:#ffffff;',
  header: 'background:#00508c;color:#ffffff;padding:16px 24px;font-size:16px;font-weight:bold;',
  content: 'padding:24px;font-size:15px;line-height:1.5;',
  heading: 'font-size:16px;margin:24px 0 8px;color:#00508c;',
  factLabel: 'text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:normal;color:#555555;',
  factValue: 'vertical-align:top;padding:4px 0;',
  table: 'border-collapse:collapse;width:100%;margin:8px 0 16px;',
  th: 'text-align:left;border-bottom:2px solid #00508c;padding:4px 8px;',
  td: 'border-bottom:1px solid #dddddd;padding:4px 8px;',
  quote: 'margin:8px 0 16px;padding:8px 16px;border-left:4px solid #cccccc;background:#fafafa;',
  notice: 'margin:16px 0;padding:12px 16px;border-left:4px solid #c0392b;background:#fdecea;',
  action: 'display:inline-block;padding:10px 20px;background:#00508c;color:#ffffff;text-decoration:none;border-radius:4px;',
  footer: 'padding:16px 24px;font-size:12px;color:#555555;border-top:1px solid #dddddd;',
} as const;

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(block.content)}</p>`;
    case 'heading':
      return `<h2 style="${STYLE.heading}">${inlineHtml(block.content)}</h2>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px;">\n${block.facts
        .map(
          (f) =>
            `<tr><th scope="row" style="${STYLE.factLabel}">${staticHtml(`${f.label} :`)}</th>` +
            `<td style="${STYLE.factValue}">${inlineHtml(f.value)}</td></tr>`,
        )
        .join('\n')}\n</table>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((item) => {
        const children = item.children?.length ? `<ul>${item.children.map((c) => `<li>${inlineHtml(c)}</li>`).join('')}</ul>` : '';
        return `<li>${inlineHtml(item.content)}${children}</li>`;
      });
      return `<${tag}>\n${items.join('\n')}\n</${tag}>`;
    }
    case 'table':
      return (
        `<table style="${STYLE.table}">\n<thead><tr>${block.headers
          .map((h) => `<th scope="col" style="${STYLE.th}">${staticHtml(h)}</th>`)
          .join('')}</tr></thead>\n<tbody>\n` +
        block.rows.map((row) => `<tr>${row.map((c) => `<td style="${STYLE.td}">${inlineHtml(c)}</td>`).join('')}</tr>`).join('\n') +
        `\n</tbody>\n</table>`
      );
    case 'quote':
      return `<p>${staticHtml(`${block.label} :`)}</p>\n<blockquote style="${STYLE.quote}">${inlineHtml(block.content)}</blockquote>`;
    case 'citation':
      return `<blockquote style="${STYLE.quote}"><p>${staticHtml(`« ${block.content} »`)}</p><p><em>${staticHtml(block.source)}</em></p></blockquote>`;
    case 'notice':
      return `<div style="${STYLE.notice}"><strong>${staticHtml('Important :')}</strong><br>\n${inlineHtml(block.content)}</div>`;
    case 'action':
      return `<p><a href="${escapeHtml(block.url)}" style="${STYLE.action}">${staticHtml(block.label)}</a></p>\n<p style="font-size:13px;color:#555555;">${staticHtml('Lien :')} ${escapeHtml(block.url)}</p>`;
  }
}

export const SENDER_NAME = 'Département du Pas-de-Calais — Direction de l’inclusion';
export const NO_REPLY = 'Ce message est envoyé automatiquement, merci de ne pas y répondre.';

function contactInline(contact: ServiceContact): Inline {
  const parts: Interpolation[] = [contact.name, mailto(contact.email)];
  if (contact.phone !== undefined) parts.push(t`tél. ${contact.phone}`);
  return join(parts, ', ');
}

export interface EmailContent {
  readonly subject: Inline;
  /** « Madame, Monsieur, », « Bonjour, »… */
  readonly greeting: Inline;
  readonly blocks: readonly Block[];
  /** The closing formula, if any. */
  readonly closing?: Inline;
  readonly contact: ServiceContact;
}

/** Renders the three parts of an email from its blocks. */
export function renderLayout(content: EmailContent): RenderedEmail {
  const subject = subjectLine(content.subject);
  const contact = contactInline(content.contact);
  const contactLine = t`Pour toute question : ${contact}`;

  const textParts = [inlineText(content.greeting), ...content.blocks.map(blockText)];
  if (content.closing) textParts.push(inlineText(content.closing));
  textParts.push(['-- ', SENDER_NAME, NO_REPLY, inlineText(contactLine)].join('\n'));
  const text = `${textParts.join('\n\n')}\n`;

  const html = [
    '<!DOCTYPE html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.container}">`,
    `<div style="${STYLE.header}">${staticHtml(SENDER_NAME)}</div>`,
    `<div style="${STYLE.content}">`,
    `<p>${inlineHtml(content.greeting)}</p>`,
    ...content.blocks.map(blockHtml),
    ...(content.closing ? [`<p>${inlineHtml(content.closing)}</p>`] : []),
    '</div>',
    `<div style="${STYLE.footer}">`,
    `<p>${staticHtml(SENDER_NAME)}</p>`,
    `<p>${staticHtml(NO_REPLY)}</p>`,
    `<p>${inlineHtml(contactLine)}</p>`,
    '</div>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');

  return { subject, text, html };
}
