/**
 * Bad input, fuzzed (fast-check) on every route of the API: malformed, oversized, wrongly typed,
 * injected (`{"$ne": …}`, HTML/script, 1 MB strings, unicode edge cases), negative and fractional
 * cents, impossible dates. Zero 5xx, zero writes (the whole table compared before and after), and
 * every refusal says in French what is wrong — with the field for a 422.
 */
import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validSubmissionFixture } from '#test/support/fixtures/submission.ts';
import { apiClient, type Api, type ApiResult } from '#test/support/api-client.ts';
import { startHarness, type Harness } from '#test/support/workflow-harness.ts';
import { dynamoClient } from '#test/support/aws.ts';

let h: Harness;
let api: Api;
let dossierId: string;
let taskId: string;
const territory = validSubmissionFixture().territories[0]!;
const PORTEUR = { porteur: 'fuzz-porteur' } as const;
const INSTRUCTEUR = { role: 'service-instructeur', territory } as const;
const CP = { role: 'secretariat-cp', id: 'cp' } as const;
let tried = 0;

async function snapshot(): Promise<string> {
  const doc = DynamoDBDocumentClient.from(dynamoClient());
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: h.platform.tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.map((i) => JSON.stringify(i)).sort());
}

function expectFrenchRefusal(res: ApiResult, what: string): void {
  tried++;
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(typeof res.body?.erreur?.message, what).toBe('string');
  if (res.status === 422) {
    expect(res.body.erreur.champs?.length, `${what}: a 422 names its fields`).toBeGreaterThan(0);
    for (const f of res.body.erreur.champs) {
      expect(typeof f.champ).toBe('string');
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.message, `${what}: ${f.message}`).not.toMatch(/^(Invalid|Expected|Required|Too (small|big)|Unrecognized)/);
    }
  }
}

// -- Bad values ---------------------------------------------------------------------------------

const HUGE = 'x'.repeat(1_000_000);
const injectionObjects = fc.constantFrom<unknown>({ $ne: null }, { $gt: '' }, { $where: 'sleep(1000)' });
/** Strings that are fine as free text but never a SIRET, a postal code, a date, a code, an email. */
const injectionStrings = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE dossiers; --",
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
);
/** Strings that are no acceptable text: empty, 1 MB, control characters, a lone surrogate, too many astral characters. */
const malformedText = fc.constantFrom('', HUGE, '\u0000\u0001\u202e', 'a\uD800b', '𝕏'.repeat(6000));
const nonStrings = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 2 }),
  injectionObjects,
);
const wrongTypes = fc.oneof(nonStrings, malformedText);
const badCents = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true, noNaN: true }),
  fc.constant(1e20),
  fc.constant('100'),
  fc.constant(null),
);
const badDates = fc.constantFrom('2026-02-30', '2026-13-01', '31/12/2026', '2026-1-1', '', '2026-02-29', '0000-00-00', '<b>2026-03-01</b>');

type Leaf = { path: (string | number)[]; value: unknown };
function leaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [{ path, value }];
}
const SUBMISSION_LEAVES = leaves(validSubmissionFixture());

function badValueFor(leaf: Leaf): fc.Arbitrary<unknown> {
  const name = String(leaf.path.at(-1));
  if (typeof leaf.value === 'number')
    return /Cents$/.test(name)
      ? fc.oneof(badCents, wrongTypes)
      : fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true, noNaN: true }), wrongTypes);
  if (typeof leaf.value === 'boolean')
    return fc.oneof(
      fc.constantFrom('true', 1, 0, 'oui'),
      wrongTypes.filter((v) => typeof v !== 'boolean'),
    );
  if (typeof leaf.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(leaf.value)) return fc.oneof(badDates, wrongTypes);
  if (/Date$/.test(name)) return fc.oneof(badDates, wrongTypes);
  if (['siret', 'postalCode', 'dispositifCode', 'fiscalYearEnd', 'contactEmail', 'legalForm', 'kind', 'source'].includes(name))
    return fc.oneof(injectionStrings, wrongTypes);
  return wrongTypes;
}

function setAt(target: unknown, path: (string | number)[], value: unknown, remove = false): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) delete node[last];
  else node[last] = value;
}

const badSubmission = fc.oneof(
  fc.integer({ min: 0, max: SUBMISSION_LEAVES.length - 1 }).chain((i) => {
    const leaf = SUBMISSION_LEAVES[i]!;
    return badValueFor(leaf).map((value) => {
      const body = validSubmissionFixture();
      setAt(body, leaf.path, value);
      return { body, what: `${leaf.path.join('.')} = ${JSON.stringify(value)?.slice(0, 60)}` };
    });
  }),
  fc.integer({ min: 0, max: SUBMISSION_LEAVES.length - 1 }).map((i) => {
    const leaf = SUBMISSION_LEAVES[i]!;
    const body = validSubmissionFixture();
    setAt(body, leaf.path, undefined, true);
    return { body, what: `without ${leaf.path.join('.')}` };
  }),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in validSubmissionFixture())),
      fc.anything(),
    )
    .map(([k, v]) => ({ body: { ...validSubmissionFixture(), [k]: v }, what: `extra field ${k}` })),
  fc.anything().map((body) => ({ body, what: `anything: ${JSON.stringify(body)?.slice(0, 60)}` })),
);

beforeAll(async () => {
  h = await startHarness('2026-03-02');
  api = apiClient(h.platform.deps);
  const res = await api('POST', '/dossiers', {
    as: PORTEUR,
    body: validSubmissionFixture(),
    headers: { 'Idempotency-Key': 'fuzz-base-0001' },
  });
  await h.settle();
  dossierId = res.body.id;
  taskId = (await h.openTask(dossierId, 'completeness-check')).id;
});
afterAll(async () => {
  console.info(`API fuzz: ${tried} malformed requests, no 5xx, no write`);
  await h?.close();
});

describe('API fuzz', { timeout: 240_000 }, () => {
  it('refuses every malformed dossier, naming the field in French, and writes nothing', async () => {
    const before = await snapshot();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(badSubmission, async ({ body, what }) => {
        n++;
        const res = await api('POST', '/dossiers', {
          as: PORTEUR,
          body,
          headers: { 'Idempotency-Key': `fuzz-${String(n).padStart(6, '0')}` },
        });
        expectFrenchRefusal(res, what);
      }),
      { numRuns: 1500 },
    );
    const after = await snapshot();
    const [b, a] = [JSON.parse(before) as string[], JSON.parse(after) as string[]];
    expect(a.filter((x) => !b.includes(x))).toEqual([]);
    expect(after).toBe(before);
  });

  it('refuses malformed bodies, headers and ids on every other route, and writes nothing', async () => {
    const before = await snapshot();
    const badId = fc.oneof(
      fc.string({ minLength: 1, maxLength: 300 }).map(encodeURIComponent),
      fc.constantFrom('..%2F..%2Fetc', '%00', encodeURIComponent('𝕏'.repeat(50)), encodeURIComponent('{"$ne":1}')),
    );
    const badBody = fc.oneof(
      wrongTypes,
      fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(wrongTypes, injectionStrings, badCents, badDates), { maxKeys: 4 }),
    );
    const routes: [string, (id: string) => string, object][] = [
      ['POST', (id) => `/taches/${id}/decision`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/comites`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/comites/2026-06-15/compte-rendu`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/participants`, PORTEUR],
      ['POST', (id) => `/dossiers/${id}/avenants`, PORTEUR],
      ['POST', (id) => `/dossiers/${id}/documents-annuels`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/delais`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/suspension/levee`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/controles`, INSTRUCTEUR],
      ['POST', (id) => `/dossiers/${id}/bilan`, PORTEUR],
      ['POST', (id) => `/dossiers/${id}/complements`, PORTEUR],
      ['POST', () => '/commission-permanente/seances', CP],
      ['GET', (id) => `/dossiers/${id}`, PORTEUR],
      ['GET', (id) => `/taches/${id}`, INSTRUCTEUR],
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: routes.length - 1 }), fc.boolean(), badId, badBody, async (r, realId, id, body) => {
        const [method, path, as] = routes[r]!;
        const real = realId && method === 'POST';
        const target = real ? path(path(id).startsWith('/taches') ? taskId : dossierId) : path(id);
        const res = await api(method, target, { as: as as never, ...(method === 'POST' ? { body } : {}) });
        expectFrenchRefusal(res, `${method} ${target.slice(0, 80)} ${JSON.stringify(body)?.slice(0, 80)}`);
      }),
      { numRuns: 1500 },
    );
    // Bad JSON text, bad Idempotency-Keys, anonymous callers.
    for (const raw of ['{', 'null}', '\u0000', '[1,2', '"é', '{"a":1}{"b":2}']) {
      expectFrenchRefusal(await api('POST', `/taches/${taskId}/decision`, { as: INSTRUCTEUR, rawBody: raw }), `raw ${raw}`);
    }
    for (const key of ['', 'short', 'x'.repeat(200), 'clé-accentuée-1', 'a b c d e f g h', '<script>']) {
      expectFrenchRefusal(
        await api('POST', '/dossiers', { as: PORTEUR, body: validSubmissionFixture(), headers: { 'Idempotency-Key': key } }),
        `key ${key}`,
      );
    }
    for (const [method, path] of routes)
      expectFrenchRefusal(await api(method, path(dossierId), { as: 'anonymous', body: {} }), `anonymous ${path(dossierId)}`);
    expect(await snapshot()).toBe(before);
  });
});
