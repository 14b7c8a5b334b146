/**
 * The dossier's fields as a porteur reads them on the console's filing form: a French label, a
 * help, the labels of an enumeration's values and, where the schema's type does not say it, how
 * the value is entered (`saisie`). Keyed by the field's path in the submission schema, an array's
 * item written `*` (`budget.expenses.*.amountCents`). GET /referentiel serves them beside the
 * schema's JSON Schema; the console builds the form from both (console/public/js/schema-form.js),
 * so a field added to the schema appears on the form — and test/unit/submission/form-labels.test.ts
 * fails until it has its label here.
 */
import { RESOURCE_SOURCE_LABELS } from '#domain/catalog/index.ts';
import { UNDERTAKINGS } from './undertakings.ts';

export interface FieldLabel {
  libelle: string;
  aide?: string;
  /** The labels of an enumeration's values. */
  valeurs?: Record<string, string>;
  /** How the value is typed in, when its JSON type does not say: a day, a day of the year, euros (the value is in cents), a long text. */
  saisie?: 'date' | 'mois-jour' | 'euros' | 'texte-long';
}

export const SUBMISSION_FIELD_LABELS: Record<string, FieldLabel> = {
  porteur: { libelle: 'La structure porteuse' },
  'porteur.name': { libelle: 'Nom de la structure' },
  'porteur.siret': { libelle: 'Numéro SIRET', aide: '14 chiffres, sans espace.' },
  'porteur.legalForm': {
    libelle: 'Forme juridique',
    valeurs: {
      association: 'Association',
      fondation: 'Fondation',
      cooperative: 'Coopérative',
      entreprise: 'Entreprise',
      'collectivite-territoriale': 'Collectivité territoriale',
      'etablissement-public': 'Établissement public',
      'groupement-interet-public': 'Groupement d’intérêt public',
      autre: 'Autre',
    },
  },
  'porteur.contactEmail': { libelle: 'Adresse électronique de contact', aide: 'Les courriels du dossier y sont envoyés.' },
  'porteur.sites': {
    libelle: 'Sites de la structure',
    aide: 'Le siège et les antennes ; au moins un dans le Pas-de-Calais (résidence administrative ou antenne).',
  },
  'porteur.sites.*': { libelle: 'Site' },
  'porteur.sites.*.kind': { libelle: 'Type de site', valeurs: { siege: 'Siège', antenne: 'Antenne' } },
  'porteur.sites.*.address': { libelle: 'Adresse' },
  'porteur.sites.*.postalCode': { libelle: 'Code postal', aide: '5 chiffres.' },
  'porteur.sites.*.city': { libelle: 'Commune' },
  'porteur.fiscalYearEnd': {
    libelle: 'Jour de clôture de l’exercice comptable',
    aide: 'MM-JJ, par exemple 12-31 ou 06-30 : les documents annuels sont dus dans les 6 mois qui suivent.',
    saisie: 'mois-jour',
  },
  dispositifCode: { libelle: 'Dispositif' },
  project: { libelle: 'L’opération' },
  'project.title': { libelle: 'Intitulé de l’opération' },
  'project.summary': {
    libelle: 'Présentation de l’opération',
    aide: 'Objectifs, actions menées, moyens, partenaires.',
    saisie: 'texte-long',
  },
  territories: { libelle: 'Territoires de l’opération', aide: 'Parmi ceux du périmètre du dispositif.' },
  publics: { libelle: 'Publics visés', aide: 'Les publics du dispositif sont indiqués ; d’autres publics prioritaires sont possibles.' },
  operation: { libelle: 'Période de l’opération' },
  'operation.startDate': { libelle: 'Date de début', saisie: 'date' },
  'operation.endDate': { libelle: 'Date de fin', aide: 'Au plus tard le 31 décembre 2027.', saisie: 'date' },
  'operation.insertionWorksite': { libelle: 'L’opération est un chantier d’insertion' },
  participantsPlanned: { libelle: 'Nombre de participants prévus' },
  indicators: {
    libelle: 'Indicateurs proposés',
    aide: 'Facultatif : les indicateurs que vous proposez pour l’évaluation de l’opération, en plus de ceux du dispositif, chacun avec son objectif.',
  },
  'indicators.*': { libelle: 'Indicateur' },
  'indicators.*.name': { libelle: 'Intitulé de l’indicateur' },
  'indicators.*.target': { libelle: 'Objectif (nombre)' },
  budget: {
    libelle: 'Budget prévisionnel',
    aide: 'En équilibre : le total des dépenses est égal au total des ressources, au centime près.',
  },
  'budget.expenses': { libelle: 'Dépenses prévisionnelles' },
  'budget.expenses.*': { libelle: 'Dépense' },
  'budget.expenses.*.label': { libelle: 'Poste de dépense' },
  'budget.expenses.*.amountCents': { libelle: 'Montant (en euros)', saisie: 'euros' },
  'budget.resources': {
    libelle: 'Ressources prévisionnelles',
    aide: 'Dont la participation demandée au Département (source « participation du Département »).',
  },
  'budget.resources.*': { libelle: 'Ressource' },
  'budget.resources.*.label': { libelle: 'Libellé' },
  'budget.resources.*.amountCents': { libelle: 'Montant (en euros)', saisie: 'euros' },
  'budget.resources.*.source': { libelle: 'Source', valeurs: RESOURCE_SOURCE_LABELS },
  undertakings: { libelle: 'Engagements de la structure', aide: 'La structure s’engage à :' },
  ...Object.fromEntries(
    UNDERTAKINGS.map((u) => [
      `undertakings.${u.key}`,
      { libelle: u.label, ...(u.requiredWhen === 'insertion-worksite' ? { aide: 'Pour un chantier d’insertion seulement.' } : {}) },
    ]),
  ),
};

/** The undertakings with when each is owed (the form shows the worksite's only for a worksite). */
export const FORM_UNDERTAKINGS = UNDERTAKINGS.map((u) => ({ cle: u.key, requisSi: u.requiredWhen }));
