/** Reading rendered emails back in tests. */

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a reader sees of an HTML body: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<br>\n/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

/** The markup of an HTML body: its tags, in order (the `<br>` of typed line breaks aside). */
export function tags(html: string): string[] {
  return (html.match(/<[^>]*>/g) ?? []).filter((tag) => tag !== '<br>');
}

const MONTHS = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';

/** Breaches of French typography in a text, each with where it is. */
export function typographyProblems(textWithUrls: string): string[] {
  // A URL is not prose.
  const text = textWithUrls.replace(/https?:\/\/\S+/g, 'URL');
  const rules: [string, RegExp][] = [
    ['plain space before a high punctuation mark', / [:;?!»]/g],
    ['high punctuation mark with no space before', /(?<![\u00A0\u202F ]):(?!\/\/)|(?<![\u00A0\u202F ])[;?!»]/g],
    ['« not followed by a non-breaking space', /«(?![\u00A0\u202F])/g],
    ['€ not preceded by a non-breaking space', /(?<!\u00A0)€/g],
    ['amount with plain-space thousands', /\d \d{3}(?:,\d{2})/g],
    ['typewriter apostrophe', /'/g],
    ['typewriter double quote', /"/g],
    ['first of the month not written 1er', new RegExp(`(?<![\\d])1 (?:${MONTHS})`, 'g')],
    ['n° not followed by a non-breaking space', /n°(?!\u00A0)/g],
  ];
  const problems: string[] = [];
  for (const [rule, re] of rules) {
    for (const m of text.matchAll(re)) {
      problems.push(`${rule}: …${text.slice(Math.max(0, m.index - 30), m.index + 10)}…`);
    }
  }
  return problems;
}

type Path = readonly (string | number)[];

const NOT_FREE_TEXT = new Set(['code', 'email', 'outcome', 'occasion', 'obligation', 'ground', 'kind']);
const ENUM_ARRAYS = new Set(['decisions', 'missingDocuments']);

/** The paths of every free-text string in a parameter object (not dates, codes, URLs, addresses, enums). */
export function freeTextPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') {
    const key = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
    const inEnumArray = typeof path.at(-1) === 'number' && ENUM_ARRAYS.has(String(path.at(-2)));
    const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
    return NOT_FREE_TEXT.has(key) || key.endsWith('Url') || inEnumArray || isDate ? [] : [path];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => freeTextPaths(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => freeTextPaths(v, [...path, k]));
  }
  return [];
}

/** A deep copy of `value` with `replacement` at `path`. */
export function withValueAt<T>(value: T, path: Path, replacement: unknown): T {
  const copy = structuredClone(value) as unknown as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  path.slice(0, -1).forEach((p) => {
    node = node[p] as Record<string | number, unknown>;
  });
  const last = path.at(-1);
  if (last === undefined) throw new Error('empty path');
  node[last] = replacement;
  return copy as unknown as T;
}
