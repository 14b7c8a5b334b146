/**
 * The console's forms are built from the schemas that validate them and their French labels
 * (GET /referentiel, `formulaires`): the labels cover each schema exactly.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { submissionSchema, UNDERTAKINGS } from '#domain/submission/index.ts';
import { type FieldLabel, FORM_UNDERTAKINGS, SUBMISSION_FIELD_LABELS } from '#domain/submission/form-labels.ts';
import { PARTICIPANTS_FIELD_LABELS, participantsBodySchema } from '#functions/api/schemas.ts';

type Json = { type?: string; properties?: Record<string, Json>; items?: Json; enum?: string[] };

/** Every field's path in the JSON Schema (an array's item as `*`), with its enumeration when it has one. */
function paths(schema: Json, at = ''): [string, Json][] {
  const out: [string, Json][] = at ? [[at, schema]] : [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) out.push(...paths(child, at ? `${at}.${key}` : key));
  if (schema.items?.properties) out.push(...paths(schema.items, `${at}.*`));
  return out;
}

const FORMS: [string, z.ZodMiniType, Record<string, FieldLabel>][] = [
  ['the dossier', submissionSchema, SUBMISSION_FIELD_LABELS],
  ['the participant list', participantsBodySchema, PARTICIPANTS_FIELD_LABELS],
];

describe.each(FORMS)('the labels of %s’s form', (_, schema, labels) => {
  const fields = paths(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json);

  it('name every field of the schema in French, and nothing else', () => {
    expect(Object.keys(labels).sort()).toEqual(fields.map(([p]) => p).sort());
    for (const [path, label] of Object.entries(labels)) expect(label.libelle.length, path).toBeGreaterThan(2);
  });

  it('name every value of an enumeration', () => {
    for (const [path, field] of fields) {
      if (!field.enum) continue;
      expect(Object.keys(labels[path]?.valeurs ?? {}).sort(), path).toEqual([...field.enum].sort());
    }
  });
});

describe('the dossier’s form', () => {
  it('gives each undertaking the call’s words and when it is owed', () => {
    expect(FORM_UNDERTAKINGS.map((u) => u.cle)).toEqual(UNDERTAKINGS.map((u) => u.key));
    expect(FORM_UNDERTAKINGS.find((u) => u.cle === 'insertionWorksiteSafety')?.requisSi).toBe('insertion-worksite');
  });
});
