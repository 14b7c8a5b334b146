import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/api/openapi.ts';
import { API_ROUTES } from '#functions/api/groups/index.ts';

type Doc = { paths: Record<string, Record<string, any>> };
const doc = openApiDocument() as unknown as Doc;

describe('OpenAPI description', () => {
  it('docs/openapi.json is the one the route table generates (run `npm run openapi` after changing a route or a schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('describes every route of the table, and only them', () => {
    const described = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('describes the submission from the zod schema, with its bounds', () => {
    const schema = doc.paths['/dossiers']!.post.requestBody.content['application/json'].schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.required).toEqual(expect.arrayContaining(['porteur', 'dispositifCode', 'budget', 'undertakings']));
    expect(JSON.stringify(schema.properties.porteur)).toContain('"maxLength":200');
  });

  it('gives every answer a schema of its own: no bare object', () => {
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods))
        for (const [status, answer] of Object.entries(op.responses as Record<string, { content: Record<string, { schema: any }> }>)) {
          const schema = answer.content['application/json']?.schema;
          if (!schema) continue;
          const bare = schema.type === 'object' && !schema.properties && !schema.additionalProperties;
          expect(bare, `${method} ${path} ${status}`).toBe(false);
        }
  });
});
