/**
 * zod schemas of the catalog files in data/catalog/ — the schemas are the types (z.infer).
 * Each file schema checks one file's shape; the references between files (a perimeter names
 * known territories, a dispositif's window lies inside the call's, …) are checked by the loader
 * (catalog.ts), which names the file and the field of every problem.
 */
import * as z from 'zod/mini';
import { isoDateSchema as isoDate } from '#domain/time/iso-date-schema.ts';
import { CHANNELS, PAYMENT_EVENTS, RESOURCE_SOURCES } from './codes.ts';

const comment = z.optional(z.string());
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
const email = z.email().check(z.maxLength(254));

/** A territory code: a lower-case slug (`lens-lievin`). */
export const territoryCodeSchema = z.string().check(z.regex(/^[a-z]+(-[a-z]+)*$/, 'not a territory code (lower-case slug)'));
/** A public, evidence piece or path code: a lower-case slug with digits allowed (`jeunes-moins-26-precarite`). */
const slug = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'not a code (lower-case slug)'));
/** A dispositif code: `<axe>.<n>` (`1.1` … `5.11`). */
export const dispositifCodeSchema = z.string().check(z.regex(/^[1-9]\.[1-9]\d?$/, 'not a dispositif code (e.g. 2.13)'));

export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const resourceSourceSchema = z.enum(RESOURCE_SOURCES);
export type ResourceSource = z.infer<typeof resourceSourceSchema>;

// ---------------------------------------------------------------- call.json

export const callSchema = z.strictObject({
  $comment: comment,
  title: text,
  opensOn: isoDate,
  closesOnLatest: isoDate,
  windowSource: text,
  operations: z.strictObject({ earliestStart: isoDate, latestEnd: isoDate, source: text }),
  /** The charter « obligations et contreparties en matière de communication » every funded structure undertakes to respect. */
  communicationCharter: z.strictObject({ title: text, url: z.url({ protocol: /^https$/ }), source: text }),
  /** What the evaluation of an operation reads: the natures of a participant's exit (« la nature des sorties »), a closed list. */
  evaluation: z.strictObject({
    source: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
    $comment: comment,
    exitNatures: z.array(z.strictObject({ code: slug, label: text })).check(z.minLength(1)),
  }),
  departement: z.strictObject({
    code: z.string().check(z.regex(/^\d{2}$/)),
    name: text,
    postalCodePrefixes: z.array(z.string().check(z.regex(/^\d{2,5}$/))).check(z.minLength(1)),
    source: text,
  }),
  channels: z
    .array(z.strictObject({ code: channelSchema, label: text, howToFile: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)) }))
    .check(z.length(CHANNELS.length)),
});
export type Call = z.infer<typeof callSchema>;
export type ChannelInfo = Call['channels'][number];

// ---------------------------------------------------------------- axes.json

export const axeSchema = z.strictObject({
  $comment: comment,
  number: z.number().check(z.int(), z.gte(1), z.lte(9)),
  title: text,
  /** A dossier of the axe shows at least one of these resources (> 0), from the call's text; empty: none required. */
  requiredCofundingAnyOf: z.array(resourceSourceSchema),
});
export type Axe = z.infer<typeof axeSchema>;
export const axesFileSchema = z.strictObject({ $comment: comment, axes: z.array(axeSchema).check(z.minLength(1)) });
export type AxesFile = z.infer<typeof axesFileSchema>;

// ---------------------------------------------------------------- territories.json

export const territorySchema = z.strictObject({
  code: territoryCodeSchema,
  name: text,
  /** One of the territories of the Engagement pour le Renouveau du Bassin Minier. */
  erbm: z.boolean(),
  mds: z.strictObject({
    name: text,
    email,
    /** True while the address is the documented placeholder, not the MDS's real mailbox. */
    emailIsDefault: z.boolean(),
  }),
});
export type Territory = z.infer<typeof territorySchema>;
export const territoriesFileSchema = z.strictObject({ $comment: comment, territories: z.array(territorySchema).check(z.minLength(1)) });
export type TerritoriesFile = z.infer<typeof territoriesFileSchema>;

// ---------------------------------------------------------------- publics.json

export const publicSchema = z.strictObject({
  code: slug,
  label: text,
  /** One of the 4 publics the dispositifs « s'adressent prioritairement » to; otherwise a public a dispositif's title names. */
  priority: z.boolean(),
  /** The call's words naming the public (the priority list, or the title), verbatim. */
  callWording: text,
});
export type Public = z.infer<typeof publicSchema>;

export const pathTypeSchema = z.strictObject({ code: slug, label: text });
export type PathType = z.infer<typeof pathTypeSchema>;

export const evidencePieceSchema = z.strictObject({ code: slug, label: text });
export type EvidencePiece = z.infer<typeof evidencePieceSchema>;

export const evidenceRuleSchema = z.strictObject({
  code: slug,
  /** Every condition given must hold; a rule with no condition would apply to everyone. */
  when: z
    .strictObject({
      /** The participant's age (whole years) at entry is below this. */
      ageUnder: z.optional(z.number().check(z.int(), z.positive(), z.lte(120))),
      /** The participant belongs to at least one of these publics. */
      publics: z.optional(z.array(slug).check(z.minLength(1))),
      /** The participant's path is of at least one of these types. */
      paths: z.optional(z.array(slug).check(z.minLength(1))),
    })
    .check(
      z.refine((w) => w.ageUnder !== undefined || w.publics !== undefined || w.paths !== undefined, {
        message: 'an evidence rule needs at least one condition',
      }),
    ),
  pieces: z.array(slug).check(z.minLength(1)),
  note: z.optional(text),
  callWording: text,
});
export type EvidenceRule = z.infer<typeof evidenceRuleSchema>;

export const publicsFileSchema = z.strictObject({
  $comment: comment,
  publics: z.array(publicSchema).check(z.minLength(1)),
  pathTypes: z.array(pathTypeSchema),
  evidencePieces: z.array(evidencePieceSchema).check(z.minLength(1)),
  evidenceRules: z.array(evidenceRuleSchema),
});
export type PublicsFile = z.infer<typeof publicsFileSchema>;

// ---------------------------------------------------------------- dispositifs.json

/** A submission window: filing is open from `opensOn` to `closesOn`, both Paris days included. */
export const sessionSchema = z.strictObject({ opensOn: isoDate, closesOn: isoDate });
export type Session = z.infer<typeof sessionSchema>;

export const paymentScheduleSchema = z
  .strictObject({
    installments: z
      .array(z.strictObject({ on: z.enum(PAYMENT_EVENTS), percent: z.number().check(z.int(), z.gte(1), z.lte(100)) }))
      .check(z.minLength(1)),
  })
  .check(
    z.refine((s) => s.installments.reduce((sum, i) => sum + i.percent, 0) === 100, {
      message: 'installment percents must add up to 100',
    }),
    z.refine((s) => s.installments.at(-1)?.on === 'bilan-accepted', {
      message: 'the last installment (the balance, « solde ») is paid when the bilan is accepted',
    }),
    z.refine((s) => new Set(s.installments.map((i) => i.on)).size === s.installments.length, {
      message: 'one installment per event',
    }),
  );
export type PaymentSchedule = z.infer<typeof paymentScheduleSchema>;

export const contactSchema = z.strictObject({ service: text, email });
export type Contact = z.infer<typeof contactSchema>;

/** The parameters a fiche dispositif would give, that `defaults` supplies when it is unknown. */
const defaultableShape = {
  /** Territories where the dispositif may run. */
  perimeter: z.array(territoryCodeSchema).check(z.minLength(1)),
  /** The publics the dispositif targets: a dossier serves at least one of them. */
  publics: z.array(slug).check(z.minLength(1)),
  /** The dispositif's envelope, in euro cents. */
  envelopeCents: z.number().check(z.int(), z.positive(), z.lte(1e13)),
  /** Months after the operation's end within which the final bilan is owed. */
  bilanDelayMonths: z.number().check(z.int(), z.gte(1), z.lte(24)),
  paymentSchedule: paymentScheduleSchema,
  contact: contactSchema,
  /** Planned comités de pilotage/suivi per year (a planning hint; the real dates are recorded). */
  comitesPerYear: z.number().check(z.int(), z.gte(0), z.lte(12)),
  /** The dispositif's evaluation indicators (« les indicateurs mentionnés dans les fiches »): the convention fixes each with its target. */
  indicators: z
    .array(
      z.strictObject({
        code: slug,
        label: text,
        /** The target the convention sets: a share of the participants the porteur planned in its dossier. */
        target: z.strictObject({ percentOfParticipantsPlanned: z.number().check(z.int(), z.gte(1), z.lte(100)) }),
      }),
    )
    .check(z.minLength(1)),
};

export const dispositifDefaultsSchema = z.strictObject(defaultableShape);
export type DispositifDefaults = z.infer<typeof dispositifDefaultsSchema>;

/** Parameters taken from call.json when a dispositif does not set them. */
const callBoundShape = {
  /** First Paris day a dossier may be filed (call: 12 January 2026). */
  opensOn: isoDate,
  /** Last Paris day a dossier may be filed (call: 15 September 2026 at the latest). */
  closesOn: isoDate,
  /** Earliest start of an operation. */
  operationStartsFrom: isoDate,
  /** Latest end of an operation. */
  operationEndsBy: isoDate,
};

export const dispositifEntrySchema = z.strictObject({
  $comment: comment,
  code: dispositifCodeSchema,
  title: text,
  axe: z.number().check(z.int(), z.gte(1), z.lte(9)),
  channel: channelSchema,
  ...z.partial(z.strictObject(defaultableShape)).shape,
  ...z.partial(z.strictObject(callBoundShape)).shape,
  /** Several submission windows inside [opensOn, closesOn]; absent = one session, the whole window. */
  sessions: z.optional(z.array(sessionSchema).check(z.minLength(1))),
  /** A restriction inside a territory the perimeter cannot express (e.g. « hors CUA »). */
  perimeterNote: z.optional(text),
  /** Every operation of the dispositif is a « chantier d'insertion » (its title says so). */
  insertionWorksite: z.optional(z.boolean()),
});
export type DispositifEntry = z.infer<typeof dispositifEntrySchema>;

export const dispositifsFileSchema = z.strictObject({
  $comment: comment,
  defaults: dispositifDefaultsSchema,
  dispositifs: z.array(dispositifEntrySchema).check(z.minLength(1)),
});
export type DispositifsFile = z.infer<typeof dispositifsFileSchema>;

/** A dispositif with every parameter resolved. */
export const dispositifSchema = z.strictObject({
  code: dispositifCodeSchema,
  title: text,
  axe: z.number().check(z.int(), z.gte(1), z.lte(9)),
  channel: channelSchema,
  ...defaultableShape,
  ...callBoundShape,
  sessions: z.array(sessionSchema).check(z.minLength(1)),
  perimeterNote: z.optional(text),
  insertionWorksite: z.boolean(),
  /** The parameters taken from `defaults` or call.json, not from the fiche: placeholders to confirm. */
  fromDefaults: z.array(z.string()),
});
export type Dispositif = z.infer<typeof dispositifSchema>;
