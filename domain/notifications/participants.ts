/**
 * The comité de pilotage/suivi: the J-8 notice to the porteur (when the comité is scheduled, then
 * as reminders, each saying which it is and how many days are left), and the participants'
 * entries and exits sent to the MDS of each territory of the operation, each its own.
 *
 * Personal data in the MDS email is kept to the minimum the MDS needs to recognise people it
 * oriented and to prepare the comité (GDPR art. 5(1)(c), data minimisation; an email is copied,
 * forwarded and kept in mailboxes beyond anyone's control): first name, initial of the last name,
 * date of entry or exit, and for an exit its nature from a closed list. Never a full last name,
 * a birth date, an address, a CAF/RSA or social security number, a contact detail, a health or
 * family situation, nor any free text about a person: those stay with the porteur (pièces
 * probantes) and in Monjob62.
 */
import * as z from 'zod/mini';
import { CALL_QUOTES, CALL_SOURCE } from './call-text.ts';
import { EXIT_OUTCOMES } from './labels.ts';
import { PORTEUR_CLOSING, PORTEUR_GREETING, colleagueGreeting, dispositifLabel, dossierFacts } from './common.ts';
import { lazy } from '#domain/lazy.ts';
import { formatDate, formatDays } from './format.ts';
import {
  action,
  bullets,
  citation,
  fact,
  facts,
  heading,
  mailto,
  notice,
  paragraph,
  renderLayout,
  strong,
  t,
  table,
  words,
  type Block,
  type Inline,
  type RenderedEmail,
} from './layout.ts';
import {
  dateSchema,
  daysSchema,
  dispositifSchema,
  mailboxSchema,
  parseParams,
  porteurDossierSchema,
  serviceContactSchema,
  textSchema,
  urlSchema,
} from './schemas.ts';

// --- participant-list-notice (J-8, to the porteur) -----------------------------------------

/** Why the porteur gets the notice: the comité was just scheduled, or a reminder before the due date. */
export const PARTICIPANT_NOTICE_OCCASIONS = ['comite-scheduled', 'reminder'] as const;

export const participantListNoticeSchema = z.extend(porteurDossierSchema, {
  comiteDate: dateSchema,
  /** The last day to send the list: 8 days before the comité (see domain/deadlines). */
  dueDate: dateSchema,
  occasion: z.enum(PARTICIPANT_NOTICE_OCCASIONS),
  /** Calendar days from the email's day to the due date (0: due today). */
  daysLeft: daysSchema(0),
  /** The Maison du Département Solidarité of each territory of the operation: each is owed the entries and exits of its territory. */
  mds: z.array(mailboxSchema).check(z.minLength(1)),
});
export type ParticipantListNoticeParams = z.infer<typeof participantListNoticeSchema>;

export function participantListNoticeEmail(params: ParticipantListNoticeParams): RenderedEmail {
  const p = parseParams('participant-list-notice', participantListNoticeSchema, params);
  const comite = formatDate(p.comiteDate);
  const due = formatDate(p.dueDate);
  const when = p.daysLeft === 0 ? 'c’est-à-dire aujourd’hui' : `soit dans ${formatDays(p.daysLeft)}`;
  const [only] = p.mds.length === 1 ? p.mds : [];
  let subject: Inline;
  let opening: Inline;
  if (p.occasion === 'comite-scheduled') {
    subject = t`Dossier ${p.dossierReference} : entrées et sorties de participants à transmettre au plus tard le ${due} (comité du ${comite})`;
    opening = t`Un comité de pilotage/suivi de l’opération du dossier ${p.dossierReference} se tiendra le ${strong(comite)}. Les entrées et sorties de participants sont à transmettre au plus tard le ${strong(due)}, ${when}.`;
  } else if (p.daysLeft > 0) {
    subject = t`Rappel — dossier ${p.dossierReference} : plus que ${formatDays(p.daysLeft)} pour transmettre les entrées et sorties de participants (au plus tard le ${due}, comité du ${comite})`;
    opening = t`Rappel : le comité de pilotage/suivi de l’opération du dossier ${p.dossierReference} se tiendra le ${strong(comite)}. Il vous reste ${strong(formatDays(p.daysLeft))} pour transmettre les entrées et sorties de participants : au plus tard le ${strong(due)}.`;
  } else {
    subject = t`Dernier jour — dossier ${p.dossierReference} : entrées et sorties de participants à transmettre aujourd’hui (comité du ${comite})`;
    opening = t`Dernier rappel : le comité de pilotage/suivi de l’opération du dossier ${p.dossierReference} se tiendra le ${strong(comite)}. C’est ${strong(`aujourd’hui, ${due}`)}, le dernier jour pour transmettre les entrées et sorties de participants.`;
  }
  return renderLayout({
    subject,
    greeting: PORTEUR_GREETING,
    blocks: [
      paragraph(opening),
      paragraph(words('Pour rappel, l’appel à projets prévoit que, dans le cadre des comités de pilotage/suivi :')),
      citation(CALL_QUOTES.participantList, CALL_SOURCE),
      facts(
        ...dossierFacts(p),
        fact('Date du comité', comite),
        fact('À transmettre au plus tard le', strong(due)),
        fact('Jours restants', String(p.daysLeft)),
        ...(only ? [fact('Destinataire', only.name), fact('Adresse', mailto(only.email))] : []),
      ),
      only
        ? paragraph(
            t`Merci d’adresser au plus tard le ${due}, par courriel à ${mailto(only.email)} (${only.name}), chaque entrée et chaque sortie de participants depuis le précédent comité, avec leur date et, pour une sortie, sa nature.`,
          )
        : paragraph(
            t`L’opération se déroule sur plusieurs territoires : merci d’adresser au plus tard le ${due}, par courriel, à chaque Maison du Département Solidarité les entrées et les sorties des participants de son territoire depuis le précédent comité, avec leur date et, pour une sortie, sa nature :`,
          ),
      ...(only ? [] : [bullets(p.mds.map((m) => t`${m.name} : ${mailto(m.email)}`))]),
      paragraph(
        words(
          'Ne joignez pas les pièces probantes (pièce d’identité, attestation CAF, agrément IAE, contrat…) : elles restent conservées par votre structure.',
        ),
      ),
    ],
    closing: PORTEUR_CLOSING,
    contact: p.contact,
  });
}

// --- participant-list (to the MDS) ---------------------------------------------------------

const exitOutcomeSchema = z
  .string()
  .check(z.refine((code) => Object.hasOwn(EXIT_OUTCOMES, code), { message: 'nature de sortie inconnue' }));

const personSchema = z.object({
  firstName: textSchema,
  /** Only its initial is written in the email. */
  lastName: textSchema,
});
const entrySchema = z.extend(personSchema, { enteredOn: dateSchema });
const exitSchema = z.extend(personSchema, { exitedOn: dateSchema, outcome: exitOutcomeSchema });

export const participantListSchema = z.object({
  contact: serviceContactSchema,
  /** The MDS's name, for the greeting line. */
  mdsName: textSchema,
  porteurName: textSchema,
  dossierReference: textSchema,
  dispositif: dispositifSchema,
  comiteDate: dateSchema,
  entries: z.array(entrySchema),
  exits: z.array(exitSchema),
  /** The list in the département's application, when there is a page for it. */
  listUrl: z.optional(urlSchema),
});
export type ParticipantListParams = z.infer<typeof participantListSchema>;

// Built on first use (lazy.ts): ICU's segmentation data costs a cold start more than any other `Intl`.
const graphemes = lazy(() => new Intl.Segmenter('fr', { granularity: 'grapheme' }));

/** « D. » for « Dupont », « É. » for « éloi »: the first letter of the last name, upper case. */
export function lastNameInitial(lastName: string): string {
  const trimmed = lastName.trim();
  const first = graphemes().segment(trimmed)[Symbol.iterator]().next().value?.segment ?? '';
  return `${first.toLocaleUpperCase('fr-FR')}.`;
}

function byDate<T>(date: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0);
}

export function participantListEmail(params: ParticipantListParams): RenderedEmail {
  const p = parseParams('participant-list', participantListSchema, params);
  const comite = formatDate(p.comiteDate);
  const entries = [...p.entries].sort(byDate((e) => e.enteredOn));
  const exits = [...p.exits].sort(byDate((e) => e.exitedOn));
  const blocks: Block[] = [
    paragraph(
      t`En vue du comité de pilotage/suivi du ${strong(comite)}, ${p.porteurName} a déclaré les entrées et sorties de participants suivantes pour l’opération du dossier ${p.dossierReference}.`,
    ),
    facts(
      fact('Destinataire', p.mdsName),
      fact('Porteur de projet', p.porteurName),
      fact('Dossier', p.dossierReference),
      fact('Dispositif', dispositifLabel(p.dispositif)),
      fact('Date du comité', comite),
      fact('Entrées', String(entries.length)),
      fact('Sorties', String(exits.length)),
    ),
    heading(`Entrées (${entries.length})`),
    entries.length === 0
      ? paragraph(words('Aucune entrée déclarée.'))
      : table(
          ['Prénom', 'Nom', 'Date d’entrée'],
          entries.map((e) => [e.firstName, lastNameInitial(e.lastName), formatDate(e.enteredOn)]),
        ),
    heading(`Sorties (${exits.length})`),
    exits.length === 0
      ? paragraph(words('Aucune sortie déclarée.'))
      : table(
          ['Prénom', 'Nom', 'Date de sortie', 'Nature de la sortie'],
          exits.map((e) => [e.firstName, lastNameInitial(e.lastName), formatDate(e.exitedOn), EXIT_OUTCOMES[e.outcome] ?? e.outcome]),
        ),
  ];
  if (p.listUrl !== undefined) blocks.push(action('Consulter la liste dans l’application', p.listUrl));
  blocks.push(
    notice(
      words(
        'Ce message contient des données personnelles, limitées au strict nécessaire (prénom, initiale du nom, dates, nature de la sortie). Ne le transférez pas en dehors des services qui préparent le comité et supprimez-le lorsqu’il n’est plus utile.',
      ),
    ),
  );
  return renderLayout({
    subject: t`Comité du ${comite} : entrées et sorties de participants — ${p.porteurName} (dossier ${p.dossierReference})`,
    greeting: colleagueGreeting(),
    blocks,
    contact: p.contact,
  });
}

/** Each kind of this file, declared once: who reads it, its parameters' schema, its template (index.ts lists them all). */
export const PARTICIPANT_LIST_NOTICE = {
  kind: 'participant-list-notice',
  audience: 'porteur',
  schema: participantListNoticeSchema,
  render: participantListNoticeEmail,
} as const;
export const PARTICIPANT_LIST = {
  kind: 'participant-list',
  audience: 'mds',
  schema: participantListSchema,
  render: participantListEmail,
} as const;
