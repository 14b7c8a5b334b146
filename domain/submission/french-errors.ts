/**
 * French messages for the submission schema's checks. Every check of the schema carries its own
 * message (built here, each naming the rule broken); `frenchIssueMessage` is the safety net given
 * to every parse so that no issue ever reaches a porteur in English.
 */
import type * as z from 'zod/mini';

const TYPE_NAMES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  int: 'un nombre entier',
  boolean: 'un booléen (true ou false)',
  array: 'une liste',
  object: 'un objet',
  date: 'une date',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** Message for a value of the wrong type, or missing. */
export function typeError(expected: keyof typeof TYPE_NAMES) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'champ obligatoire' : `doit être ${typeName(expected)}`);
}

export const msg = {
  minChars: (n: number) => `doit comporter au moins ${n} caractère${n > 1 ? 's' : ''}`,
  maxChars: (n: number) => `doit comporter au plus ${n} caractères`,
  minItems: (n: number) => `doit contenir au moins ${n} élément${n > 1 ? 's' : ''}`,
  maxItems: (n: number) => `doit contenir au plus ${n} éléments`,
  unique: (what: string) => `ne doit pas contenir deux fois ${what}`,
  monthDay: "doit être le jour de clôture de l'exercice au format MM-JJ (par exemple 12-31 ou 06-30)",
  siret: 'doit être un numéro SIRET de 14 chiffres valide (clé de contrôle incorrecte)',
  siretFormat: 'doit être un numéro SIRET de 14 chiffres',
  postalCode: 'doit être un code postal de 5 chiffres',
  email: 'doit être une adresse électronique valide',
  cents: 'doit être un montant en centimes : nombre entier positif ou nul',
  maxCents: (max: number) => `doit être un montant d'au plus ${max} centimes`,
  positiveInt: 'doit être un nombre entier supérieur ou égal à 1',
  maxInt: (max: number) => `doit être au plus ${max}`,
  oneOf: (values: readonly string[]) => `doit être l'une des valeurs : ${values.join(', ')}`,
  dispositifCode: 'doit être un code de dispositif de la forme 1.1 … 5.11',
  code: 'doit être un code en minuscules (lettres, chiffres et tirets), par exemple « lens-lievin »',
  unknownField: 'champ non attendu',
} as const;

/** Safety net for any issue without its own message. */
export const frenchIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'champ obligatoire' : `doit être ${typeName(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'string') return msg.minChars(Number(issue.minimum));
      if (issue.origin === 'array') return msg.minItems(Number(issue.minimum));
      return `doit être supérieur ${issue.inclusive ? 'ou égal ' : ''}à ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return msg.maxChars(Number(issue.maximum));
      if (issue.origin === 'array') return msg.maxItems(Number(issue.maximum));
      return `doit être inférieur ${issue.inclusive ? 'ou égal ' : ''}à ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'email' ? msg.email : 'format invalide';
    case 'invalid_value':
      return msg.oneOf(issue.values.map(String));
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'champs non attendus' : 'champ non attendu'} : ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `doit être un multiple de ${String(issue.divisor)}`;
    default:
      return 'valeur invalide';
  }
};
