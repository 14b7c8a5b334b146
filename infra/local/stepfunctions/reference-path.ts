/**
 * Reads an ASL reference path (`$.a.b[0]['c d']`, or `$$.…` against the context object): the
 * simple JSONPath subset that `TimeoutSecondsPath`, `HeartbeatSecondsPath`, `SecondsPath` and
 * `TimestampPath` accept. Returns undefined when the path selects nothing.
 */

type Segment = string | number;

function parseSegments(path: string, root: '$' | '$$'): Segment[] {
  const segments: Segment[] = [];
  let i = root.length;
  while (i < path.length) {
    const char = path[i];
    if (char === '.') {
      const match = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!match) throw new Error(`invalid reference path: ${path}`);
      segments.push(match[0]);
      i += 1 + match[0].length;
    } else if (char === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw new Error(`invalid reference path: ${path}`);
      const inner = path.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^'.*'$/.test(inner) || /^".*"$/.test(inner)) segments.push(inner.slice(1, -1));
      else throw new Error(`unsupported reference path: ${path}`);
      i = close + 1;
    } else {
      throw new Error(`invalid reference path: ${path}`);
    }
  }
  return segments;
}

/** Parsed paths: they come from the definitions, a few each (bounded all the same). */
const parsed = new Map<string, Segment[]>();
const MAX_PARSED = 1_000;

export function readReferencePath(path: string, input: unknown, context: unknown): unknown {
  const root = path.startsWith('$$') ? '$$' : '$';
  if (!path.startsWith('$')) throw new Error(`invalid reference path: ${path}`);
  let value: unknown = root === '$$' ? context : input;
  let segments = parsed.get(path);
  if (!segments) {
    segments = parseSegments(path, root);
    if (parsed.size < MAX_PARSED) parsed.set(path, segments);
  }
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
