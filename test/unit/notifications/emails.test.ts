import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS, renderEmail, type EmailKind, type EmailParamsByKind } from '#domain/notifications/index.ts';
import { NO_REPLY, SENDER_NAME, escapeHtml } from '#domain/notifications/layout.ts';
import { FOOTER, SAMPLES } from './fixtures.ts';
import { freeTextPaths, tags, typographyProblems, visibleText, withValueAt } from './helpers.ts';

const render = <K extends EmailKind>(kind: K, params: EmailParamsByKind[K] = SAMPLES[kind].params) => renderEmail(kind, params);

/** HTML, attribute break-out, an event handler, and every character HTML gives meaning to. */
const PAYLOAD = `<script>alert(1)</script><img src=x onerror="alert('x')"> " onmouseover="steal()" & <b>gras</b>`;

describe.each(EMAIL_KINDS)('email %s', (kind) => {
  const sample = SAMPLES[kind];
  const email = render(kind);

  it('has the expected subject, on one line', () => {
    expect(email.subject).toBe(sample.subject);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('carries its key facts in both the text and the HTML', () => {
    for (const fact of [...sample.facts, ...FOOTER]) {
      expect(fact, 'a fact to look for verbatim in HTML has no character HTML escapes').toBe(escapeHtml(fact));
      expect(email.text, fact).toContain(fact);
      expect(email.html, fact).toContain(fact);
    }
  });

  it('ends with the département footer, the no-reply notice and the contact', () => {
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body).toContain('Département du Pas-de-Calais — Direction de l’inclusion');
      expect(body).toContain('Ce message est envoyé automatiquement, merci de ne pas y répondre.');
      expect(body).toContain(`Pour toute question\u00A0: ${FOOTER[0]}, ${FOOTER[1]}, tél. ${FOOTER[2]}`);
    }
    expect(email.text.indexOf(SENDER_NAME)).toBeGreaterThan(email.text.length / 2);
    expect(email.text).toContain(NO_REPLY);
    expect(email.html).toContain(`<a href="mailto:${FOOTER[1]}">`);
  });

  it('is a French HTML document with the subject as its title', () => {
    expect(email.html.startsWith('<!DOCTYPE html>\n<html lang="fr">')).toBe(true);
    expect(email.html).toContain('<meta charset="utf-8">');
    expect(email.html).toContain(`<title>${escapeHtml(email.subject)}</title>`);
    expect(email.html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('follows French typography in the subject, the text and the HTML', () => {
    expect(typographyProblems(email.subject)).toEqual([]);
    expect(typographyProblems(email.text)).toEqual([]);
    expect(typographyProblems(visibleText(email.html))).toEqual([]);
  });

  const paths = freeTextPaths(sample.params);

  it('has free-text parameters to attack', () => {
    expect(paths.length).toBeGreaterThan(0);
  });

  it.each(paths.map((p) => [p.join('.'), p] as const))('escapes %s in HTML and keeps it verbatim in text', (_, path) => {
    const attacked = render(kind, withValueAt(sample.params, path, PAYLOAD));
    const isLastName = path.at(-1) === 'lastName';
    // The markup is the template's, whatever the value: no tag, no attribute added.
    expect(tags(attacked.html)).toEqual(tags(email.html));
    expect(attacked.html).not.toContain('<script');
    expect(attacked.html).not.toContain('<img');
    expect(attacked.html).not.toContain('<b>');
    expect(attacked.html).not.toContain('" onmouseover');
    if (isLastName) {
      // Only the initial of a last name is written.
      expect(attacked.html).toContain('&lt;.');
      expect(attacked.text).toContain('<.');
      expect(attacked.text).not.toContain('alert');
    } else {
      expect(attacked.html).toContain(escapeHtml(PAYLOAD));
      expect(attacked.text).toContain(PAYLOAD);
    }
  });

  it.each(paths.map((p) => [p.join('.'), p] as const))(
    'keeps the subject on one line when %s holds line breaks (no header injection)',
    (_, path) => {
      const original = String(path.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], sample.params));
      const attacked = render(kind, withValueAt(sample.params, path, 'Acme\r\nBcc: victim@example.org\n\tX'));
      expect(attacked.subject).not.toMatch(/[\r\n\t\u0000-\u001f]/);
      const marked = render(kind, withValueAt(sample.params, path, `${original}ZZ`));
      if (marked.subject !== sample.subject) {
        // A value shown in the subject stays there, its line breaks and tabs turned into spaces.
        expect(attacked.subject).toContain('Acme Bcc: victim@example.org X');
      } else {
        expect(attacked.subject).toBe(sample.subject);
      }
    },
  );
});
