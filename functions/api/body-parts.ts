/** What the API's body schemas are made of: a text field and an object without unknown fields, with French messages. */
import * as z from 'zod/mini';
import { isWellFormedText, MALFORMED_TEXT_MESSAGE } from '#domain/text/well-formed.ts';

export const text = (min: number, max: number) =>
  z
    .string({ error: 'texte attendu' })
    .check(
      z.trim(),
      z.minLength(min, { error: `au moins ${min} caractère${min > 1 ? 's' : ''}` }),
      z.maxLength(max, { error: `au plus ${max} caractères` }),
      z.refine(isWellFormedText, { error: MALFORMED_TEXT_MESSAGE }),
    );
export const body = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'champ inconnu' : 'objet JSON attendu') });
