/**
 * Text a person typed must be well formed: no lone UTF-16 surrogate (it cannot be written as
 * UTF-8 in an email or a record) and no control character but tab and line breaks.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function isWellFormedText(s: string): boolean {
  return s.isWellFormed() && !CONTROL.test(s);
}

export const MALFORMED_TEXT_MESSAGE = 'contient des caractères invalides (caractères de contrôle ou Unicode mal formé)';
