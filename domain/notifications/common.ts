/** Pieces shared by the templates: greetings, closings and the facts that name a dossier. */
import { fact, t, words, type Fact, type Inline } from './layout.ts';
import type { Dispositif } from './schemas.ts';

/** A porteur is an organisation: the administrative greeting. */
export const PORTEUR_GREETING: Inline = words('Madame, Monsieur,');
export const PORTEUR_CLOSING: Inline = words('Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.');

/** Colleagues of the département (instructors, MDS). */
export function colleagueGreeting(name?: string): Inline {
  return name === undefined ? words('Bonjour,') : t`Bonjour ${name},`;
}

/** « 2.7 — Accompagnement socioprofessionnel… » */
export function dispositifLabel(d: Dispositif): string {
  return `${d.code} — ${d.title}`;
}

export function dossierFacts(p: { dossierReference: string; porteurName: string; dispositif: Dispositif }): Fact[] {
  return [fact('Dossier', p.dossierReference), fact('Porteur de projet', p.porteurName), fact('Dispositif', dispositifLabel(p.dispositif))];
}

/**
 * Means of redress for an unfavourable administrative decision (Code de justice administrative,
 * art. R421-1 and R421-5: the two-month time limit runs only if the notification states it).
 * Pas-de-Calais is within the Lille administrative court's jurisdiction.
 */
export const REDRESS: Inline = words(
  'Cette décision peut faire l’objet d’un recours gracieux auprès du Président du Conseil départemental du Pas-de-Calais, ' +
    'ou d’un recours contentieux devant le tribunal administratif de Lille, dans un délai de deux mois à compter de sa notification. ' +
    'Le tribunal administratif peut être saisi par l’application Télérecours citoyens (www.telerecours.fr).',
);
