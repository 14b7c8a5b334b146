import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDate, formatDays, formatEuros, formatPeriod } from '#domain/notifications/format.ts';
import { escapeHtml, frenchTypography, renderLayout, subjectLine, t, v, words } from '#domain/notifications/layout.ts';
import { lastNameInitial } from '#domain/notifications/participants.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';
import { fromDayNumber, toDayNumber } from '#domain/time/iso-date.ts';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

describe('amounts', () => {
  it('are written the French way, from cents', () => {
    expect(formatEuros(1_234_567)).toBe(`12${NNBSP}345,67${NBSP}€`);
    expect(formatEuros(4_500_000)).toBe(`45${NNBSP}000,00${NBSP}€`);
    expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(5)).toBe(`0,05${NBSP}€`);
    expect(formatEuros(99)).toBe(`0,99${NBSP}€`);
    expect(formatEuros(100_000_000_00)).toBe(`100${NNBSP}000${NNBSP}000,00${NBSP}€`);
  });

  it('are exact for every safe integer number of cents, and agree with Intl', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (cents) => {
        const text = formatEuros(cents);
        const digits = text.replace(/[^\d]/g, '');
        expect(BigInt(digits)).toBe(BigInt(cents));
        expect(text.endsWith(`,${String(cents % 100).padStart(2, '0')}${NBSP}€`)).toBe(true);
        if (cents < 1e12) {
          expect(text).toBe(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));
        }
      }),
    );
  });

  it('refuse what is not a whole number of cents', () => {
    expect(() => formatEuros(12.5)).toThrow(RangeError);
    expect(() => formatEuros(Number.NaN)).toThrow(RangeError);
    expect(() => formatEuros(2 ** 53)).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('are written in French long form, 1er for the first of a month', () => {
    expect(formatDate('2026-09-15')).toBe('15 septembre 2026');
    expect(formatDate('2026-07-01')).toBe('1er juillet 2026');
    expect(formatDate('2027-08-15')).toBe('15 août 2027');
    expect(formatDate('2028-02-29')).toBe('29 février 2028');
    expect(formatPeriod('2026-01-01', '2027-12-31')).toBe('du 1er janvier 2026 au 31 décembre 2027');
    expect(() => formatDate('2026-02-30')).toThrow(RangeError);
  });

  it('are Intl’s fr-FR long dates in Europe/Paris, and the same as the rest of the project writes them', () => {
    const intl = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
    const first = toDayNumber('1900-01-01');
    const last = toDayNumber('2100-12-31');
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (n) => {
        const date = fromDayNumber(n);
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const expected = intl.format(new Date(Date.UTC(y, m - 1, d, 12)));
        expect(formatDate(date)).toBe(d === 1 ? expected.replace(/^1 /, '1er ') : expected);
        expect(formatDate(date)).toBe(formatDateFr(date));
      }),
    );
  });

  it('count days in French', () => {
    expect(formatDays(0)).toBe('0 jour');
    expect(formatDays(1)).toBe('1 jour');
    expect(formatDays(2)).toBe('2 jours');
  });
});

describe('layout primitives', () => {
  it('escape every character HTML gives meaning to', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('Léa — 12 €')).toBe('Léa — 12 €');
  });

  it('apply French typography to the template’s words only', () => {
    expect(frenchTypography('Date : demain ; « oui » ? non ! n° 3')).toBe(
      `Date${NBSP}: demain${NBSP}; «${NBSP}oui${NBSP}»${NBSP}? non${NBSP}! n°${NBSP}3`,
    );
    const email = renderLayout({
      subject: t`Objet : ${'valeur : tapée ?'}`,
      greeting: words('Bonjour,'),
      blocks: [{ kind: 'paragraph', content: t`Texte : ${'a : b ; c ? d ! « e »'}` }],
      contact: { name: 'Service', email: 'service@example.org' },
    });
    expect(email.subject).toBe(`Objet${NBSP}: valeur : tapée ?`);
    expect(email.text).toContain(`Texte${NBSP}: a : b ; c ? d ! « e »`);
    expect(email.html).toContain(`Texte${NBSP}: a : b ; c ? d ! « e »`);
  });

  it('put a subject on one line', () => {
    expect(subjectLine(t`Dossier ${'A\r\nBcc: x@y.z'} : ${'B\u2028C\u0000D'}`)).toBe(`Dossier A Bcc: x@y.z${NBSP}: B C D`);
    expect(subjectLine(v('  trop   d’espaces  '))).toBe('trop d’espaces');
  });

  it('keep a typed line break as <br> in HTML and as a line break in text', () => {
    const email = renderLayout({
      subject: words('Objet'),
      greeting: words('Bonjour,'),
      blocks: [{ kind: 'quote', label: 'Motif', content: v('ligne 1\nligne <2>') }],
      contact: { name: 'Service', email: 'service@example.org' },
    });
    expect(email.html).toContain('ligne 1<br>\nligne &lt;2&gt;');
    expect(email.text).toContain(`Motif${NBSP}:\nligne 1\nligne <2>`);
  });
});

describe('last-name initials', () => {
  it('keep the first letter, upper case, with accents and combined characters', () => {
    expect(lastNameInitial('Dupont')).toBe('D.');
    expect(lastNameInitial('éloi')).toBe('É.');
    expect(lastNameInitial('  de La Fontaine')).toBe('D.');
    expect(lastNameInitial('E\u0301mile')).toBe('E\u0301.'); // E + combining acute: one letter
    expect(lastNameInitial('Ørsted')).toBe('Ø.');
  });
});
