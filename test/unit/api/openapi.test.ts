import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/api/openapi.ts';

describe('OpenAPI description', () => {
  it('docs/openapi.json is the one the schemas generate (run `npm run openapi` after changing them)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('describes the submission from the zod schema, with its bounds', () => {
    const doc = openApiDocument();
    const schema = doc.paths['/dossiers'].post.requestBody.content['application/json'].schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.required).toEqual(expect.arrayContaining(['porteur', 'dispositifCode', 'budget', 'undertakings']));
    expect(JSON.stringify(schema.properties.porteur)).toContain('"maxLength":200');
  });
});
