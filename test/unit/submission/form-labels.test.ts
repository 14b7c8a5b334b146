/** The filing form's labels (domain/submission/form-labels.ts) cover the submission schema exactly. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { submissionSchema, UNDERTAKINGS } from '#domain/submission/index.ts';
import { FORM_UNDERTAKINGS, SUBMISSION_FIELD_LABELS } from '#domain/submission/form-labels.ts';

type Json = { type?: string; properties?: Record<string, Json>; items?: Json; enum?: string[] };

/** Every field's path in the JSON Schema (an array's item as `*`), with its enumeration when it has one. */
function paths(schema: Json, at = ''): [string, Json][] {
  const out: [string, Json][] = at ? [[at, schema]] : [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) out.push(...paths(child, at ? `${at}.${key}` : key));
  if (schema.items?.properties) out.push(...paths(schema.items, `${at}.*`));
  return out;
}

describe('the filing form’s labels', () => {
  const schema = z.toJSONSchema(submissionSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const fields = paths(schema);

  it('name every field of the submission schema in French, and nothing else', () => {
    expect(Object.keys(SUBMISSION_FIELD_LABELS).sort()).toEqual(fields.map(([p]) => p).sort());
    for (const [path, label] of Object.entries(SUBMISSION_FIELD_LABELS)) expect(label.libelle.length, path).toBeGreaterThan(2);
  });

  it('name every value of an enumeration', () => {
    for (const [path, field] of fields) {
      if (!field.enum) continue;
      expect(Object.keys(SUBMISSION_FIELD_LABELS[path]?.valeurs ?? {}).sort(), path).toEqual([...field.enum].sort());
    }
  });

  it('give each undertaking the call’s words and when it is owed', () => {
    expect(FORM_UNDERTAKINGS.map((u) => u.cle)).toEqual(UNDERTAKINGS.map((u) => u.key));
    expect(FORM_UNDERTAKINGS.find((u) => u.cle === 'insertionWorksiteSafety')?.requisSi).toBe('insertion-worksite');
  });
});
