/**
 * The undertakings (« engagements ») a porteur declares in its dossier, each with the call's words.
 * Call, « Critères d'éligibilité » (premises), « En conformité avec les textes législatifs et
 * réglementaires, l'organisme s'engage à » (the list), « Budget » (separate accounting),
 * « Suivi » (MonJob62, entries/exits to the MDS), « Évaluation » (bilan, annual documents),
 * « Communication » (the charter). The rule that they must all be declared true is
 * domain/rules/undertakings-declared.ts.
 */
import { catalog } from '#domain/catalog/shipped-catalog.ts';

const charter = catalog.call.communicationCharter;
/** The charter's address as the call writes it (no scheme): www.pasdecalais.fr/Partenaires/Contreparties-communication. */
const charterAddress = charter.url.replace(/^https:\/\//, '');

export interface UndertakingDefinition {
  /** The field of `undertakings` in the submission. */
  key: string;
  /** What the porteur declares, in French (shown on the form and in violations). */
  label: string;
  /** The call's words the undertaking comes from. */
  callWording: string;
  /** `always`, or only when the operation is an insertion worksite (« chantier d'insertion »). */
  requiredWhen: 'always' | 'insertion-worksite';
}

export const UNDERTAKINGS = [
  {
    key: 'regularActivityInPasDeCalais',
    label: 'développer une activité régulière au sein de sa résidence administrative ou de son antenne dans le Pas-de-Calais',
    callWording:
      'avoir une résidence administrative ou une antenne sur le territoire du département du Pas-de-Calais et développer une activité régulière au sein de celle-ci',
    requiredWhen: 'always',
  },
  {
    key: 'premisesAccessible',
    label:
      "disposer de locaux conformes aux normes d'accueil du public (notamment des personnes à mobilité réduite), aux règles d'hygiène et de sécurité, accessibles aux bénéficiaires et pourvus des moyens matériels nécessaires",
    callWording:
      "justifier de locaux répondant aux normes légales en vigueur en matière d'accueil du public, notamment en ce qui concerne l'accueil de publics à mobilité réduite",
    requiredWhen: 'always',
  },
  {
    key: 'premisesServedByPublicTransport',
    label: 'disposer de locaux desservis par les transports en commun',
    callWording: 'Les locaux doivent être desservis par les transports en commun',
    requiredWhen: 'always',
  },
  {
    key: 'certifiedAccounts',
    label: 'tenir une comptabilité certifiée par un expert-comptable et, le cas échéant, par un commissaire aux comptes',
    callWording: 'Tenir une comptabilité certifiée par un expert-comptable et le cas échéant, par un commissaire aux comptes',
    requiredWhen: 'always',
  },
  {
    key: 'separateAccounting',
    label: "suivre de façon distincte dans sa comptabilité les charges et les produits liés à l'opération",
    callWording:
      "Les candidats doivent être en mesure de suivre de façon distincte dans leur comptabilité les dépenses et les ressources liées à l'opération",
    requiredWhen: 'always',
  },
  {
    key: 'publicProcurementRules',
    label: 'respecter les règles des marchés publics, notamment pour l’emploi de prestataires',
    callWording: 'Respecter les règles des marchés publics, notamment pour l’emploi de prestataires',
    requiredWhen: 'always',
  },
  {
    key: 'europeanRulesAndEqualOpportunities',
    label: "respecter les règles et priorités des politiques communautaires, dont l'égalité des chances entre les femmes et les hommes",
    callWording:
      'Respecter les règles et priorités des politiques communautaires, notamment les règles de concurrence, de passation des marchés publics, et le principe d’égalité des chances entre les femmes et les hommes',
    requiredWhen: 'always',
  },
  {
    key: 'adequateResources',
    label: "mobiliser des moyens humains et matériels adéquats à la conduite de l'action et à son suivi administratif et financier",
    callWording:
      'Mobiliser des moyens humains et matériels adéquats à la conduite des actions menées ainsi qu’au suivi administratif et financier',
    requiredWhen: 'always',
  },
  {
    key: 'beneficiaryDataAndEvidence',
    label: 'fournir les informations sur les bénéficiaires nécessaires aux indicateurs et conserver toutes les pièces probantes',
    callWording: 'Fournir toutes les informations sur les bénéficiaires permettant de renseigner les indicateurs',
    requiredWhen: 'always',
  },
  {
    key: 'acceptControls',
    label: 'se soumettre à tout contrôle technique, administratif et financier, sur pièces et sur place',
    callWording: 'Se soumettre à tout contrôle technique, administratif et financier, sur pièces et sur place',
    requiredWhen: 'always',
  },
  {
    key: 'consentForUseOfResults',
    label: "solliciter l'accord exprès du Département pour toute utilisation des travaux, études et résultats",
    callWording:
      'Solliciter l’accord express du Département pour toute utilisation à des fins commerciales ou non, des travaux, études, résultats',
    requiredWhen: 'always',
  },
  {
    key: 'reportChanges',
    label: 'signaler au Département tout changement juridique, financier ou technique de la structure',
    callWording: 'Signaler au Département tout changement juridique, financier, technique touchant l’organisation de la structure',
    requiredWhen: 'always',
  },
  {
    key: 'insurance',
    label: "contracter les assurances garantissant les dommages d'ouvrage et les responsabilités civiles liées à l'opération",
    callWording: "Contracter les assurances garantissant les dommages d'ouvrage et les responsabilités civiles liées à l'opération",
    requiredWhen: 'always',
  },
  {
    key: 'socialCommercialTaxLaw',
    label: 'respecter les règles de droit social, commercial et fiscal',
    callWording: 'Respecter les règles de droit social, commercial et fiscal',
    requiredWhen: 'always',
  },
  {
    key: 'monJob62',
    label: "utiliser la plateforme MonJob62, en informer chaque bénéficiaire et l'accompagner dans son inscription",
    callWording:
      'Utiliser la plateforme numérique MonJob62, informer tout bénéficiaire accueilli de l’existence de son portail usager et l’accompagner dans son inscription/utilisation de l’outil',
    requiredWhen: 'always',
  },
  {
    key: 'participantMovesToMds',
    label:
      'communiquer à la Maison du Département Solidarité, 8 jours avant chaque comité de pilotage/suivi, les entrées et sorties de participants',
    callWording:
      'l’organisme s’engage à communiquer aux services de la Maison du Département Solidarité du territoire concerné, 8 jours avant la tenue du comité de pilotage/suivi, chaque entrée et sortie de participants',
    requiredWhen: 'always',
  },
  {
    key: 'bilanAndAnnualDocuments',
    label:
      "transmettre le bilan final dans les délais et, chaque année dans les 6 mois suivant la fin de l'exercice, les documents annuels",
    callWording: 'la structure devra annuellement et dans les 6 mois suivant la fin de l’exercice, transmettre les documents suivants',
    requiredWhen: 'always',
  },
  {
    key: 'communicationCharter',
    label: `respecter la charte « ${charter.title} », consultable à l'adresse ${charterAddress}, et la charte graphique du Département`,
    callWording:
      "La structure s'engage à respecter la charte à l'intention des partenaires bénéficiant d'une aide ou d'un soutien du Conseil départemental du Pas-de-Calais, intitulée « obligations et contreparties en matière de communication », consultable sur le site internet du Département à l'adresse suivante : www.pasdecalais.fr/Partenaires/Contreparties-communication",
    requiredWhen: 'always',
  },
  {
    key: 'insertionWorksiteSafety',
    label: "pour un chantier d'insertion : fournir aux salariés une tenue de sécurité adéquate et organiser leur visite médicale",
    callWording: 'Concernant les chantiers d’insertion, respecter les règles d’hygiène et de sécurité applicables',
    requiredWhen: 'insertion-worksite',
  },
] as const satisfies readonly UndertakingDefinition[];

export type UndertakingKey = (typeof UNDERTAKINGS)[number]['key'];

export const UNDERTAKING_KEYS = UNDERTAKINGS.map((u) => u.key) as readonly UndertakingKey[];
