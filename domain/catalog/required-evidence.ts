/**
 * The evidence (« pièces probantes ») a porteur keeps for a participant.
 * Call, « Engagements » of the porteur: « il revient également au porteur de projet de conserver
 * toutes pièces probantes : pour les jeunes de moins de 26 ans : carte d'identité ou passeport ;
 * pour les bénéficiaires du RSA : attestation CAF […] ; pour les parcours relevant de l'IAE :
 * attestation CAF […], agrément de Pôle Emploi, contrat de travail et carte d'identité ou
 * passeport pour les moins de 26 ans ». The rules themselves are data (publics.json,
 * evidenceRules); this module only applies them.
 */
import type { Catalog } from './catalog.ts';
import type { EvidencePiece, EvidenceRule } from './schemas.ts';

export interface ParticipantProfile {
  /** Age in whole years on the day the participant enters the operation. */
  ageAtEntry: number;
  /** Priority publics the participant belongs to (codes). */
  publics: readonly string[];
  /** Path types of the participant (e.g. `iae`). */
  paths: readonly string[];
}

function applies(rule: EvidenceRule, p: ParticipantProfile): boolean {
  const { ageUnder, publics, paths } = rule.when;
  if (ageUnder !== undefined && !(p.ageAtEntry < ageUnder)) return false;
  if (publics !== undefined && !publics.some((c) => p.publics.includes(c))) return false;
  if (paths !== undefined && !paths.some((c) => p.paths.includes(c))) return false;
  return true;
}

/** The evidence rules that apply to a participant. */
export function applicableEvidenceRules(catalog: Catalog, participant: ParticipantProfile): EvidenceRule[] {
  if (!Number.isInteger(participant.ageAtEntry) || participant.ageAtEntry < 0) {
    throw new RangeError(`not an age in whole years: ${participant.ageAtEntry}`);
  }
  return catalog.evidenceRules.filter((r) => applies(r, participant));
}

/** The pieces owed for a participant: the union of the pieces of every applicable rule, in catalog order. */
export function requiredEvidence(catalog: Catalog, participant: ParticipantProfile): EvidencePiece[] {
  const owed = new Set(applicableEvidenceRules(catalog, participant).flatMap((r) => r.pieces));
  return catalog.evidencePieces.filter((p) => owed.has(p.code));
}
