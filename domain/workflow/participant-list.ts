/**
 * The participant list a porteur sends before a comité de suivi. Call, « Suivi et contrôle » : each
 * entry and exit goes to « la Maison du Département Solidarité du territoire concerné » — on an
 * operation of several territories, each MDS is sent the participants of its own territory (and
 * nothing of the others'). Sent, not kept: the beneficiaries' names stay out of the dossier's
 * records (only the emails carry them). One commit: every MDS's email and the obligation met, once
 * for this very list (its marker: a retry sends nothing twice).
 */
import { createHash } from 'node:crypto';
import type { ExitOutcome } from '#domain/notifications/index.ts';
import { canonicalJson } from '#domain/timeline/hash-chain.ts';
import type { IsoDate } from '#domain/time/iso-date.ts';
import type { Uses } from './deps.ts';
import { changeDossier } from './dossier-change.ts';
import { dossierMds, porteurFacts } from './notify.ts';
import { workflowOf, type DossierRecord } from './state.ts';
import { PARTICIPANT_LIST } from '#domain/notifications/participants.ts';
import { ParticipantListInvalidError } from './errors.ts';

export interface Participant {
  firstName: string;
  lastName: string;
  /** The territory whose MDS is owed it: required when the operation runs on several. */
  territory?: string | undefined;
}
export interface ParticipantList {
  comiteDate: IsoDate;
  entries: (Participant & { enteredOn: IsoDate })[];
  exits: (Participant & { exitedOn: IsoDate; outcome: ExitOutcome })[];
}

function countByNature(exits: readonly { outcome: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of exits) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  return counts;
}

/** Sends the list to the MDS of each territory; returns what each was sent. */
export async function sendParticipantList(deps: Uses<'dossiers' | 'commits'>, dossier: DossierRecord, list: ParticipantList) {
  if (!workflowOf(dossier).comites.some((c) => c.date === list.comiteDate)) throw new ParticipantListInvalidError('unknown-comite');
  const mdsList = dossierMds(deps.catalog, dossier);
  const territories = mdsList.map((m) => m.territory);
  // The territory of each participant: the one given, or the dossier's only one.
  const unplaced: ParticipantListInvalidError['participants'] = [];
  const territoryOf = (which: 'entries' | 'exits') =>
    list[which].map((p, index) => {
      const given = p.territory ?? (territories.length === 1 ? territories[0] : undefined);
      if (given !== undefined && territories.includes(given)) return given;
      unplaced.push({ list: which, index, given: p.territory });
      return '';
    });
  const placed = { entries: territoryOf('entries'), exits: territoryOf('exits') };
  if (unplaced.length > 0) throw new ParticipantListInvalidError('territories', unplaced, territories);

  const facts = porteurFacts(deps.catalog, dossier);
  const digest = createHash('sha256').update(canonicalJson(list)).digest('hex').slice(0, 16);
  const sent = mdsList.map((mds) => ({
    mds,
    entries: list.entries.filter((_, i) => placed.entries[i] === mds.territory),
    exits: list.exits.filter((_, i) => placed.exits[i] === mds.territory),
  }));
  await changeDossier(
    deps,
    dossier.id,
    (change) => {
      change.markAs(`participant-list#${list.comiteDate}#${digest}`).meet('participant-list', list.comiteDate);
      // Counted without names for the evaluation (« la nature des sorties »); the last list of a comité replaces the one before.
      const comite = change.workflow.comites.find((c) => c.date === list.comiteDate);
      if (comite) comite.participants = { entries: list.entries.length, exitsByNature: countByNature(list.exits) };
      for (const { mds, entries, exits } of sent) {
        change.email(PARTICIPANT_LIST, {
          key: `participant-list#${dossier.id}#${list.comiteDate}#${mds.territory}#${digest}`,
          to: [mds.email],
          params: {
            contact: facts.contact,
            mdsName: mds.name,
            porteurName: facts.porteurName,
            dossierReference: facts.dossierReference,
            dispositif: facts.dispositif,
            comiteDate: list.comiteDate,
            entries: entries.map((p) => ({ firstName: p.firstName, lastName: p.lastName, enteredOn: p.enteredOn })),
            exits: exits.map((p) => ({ firstName: p.firstName, lastName: p.lastName, exitedOn: p.exitedOn, outcome: p.outcome })),
          },
        });
      }
      return undefined;
    },
    { read: dossier },
  );
  return sent.map(({ mds, entries, exits }) => ({
    territory: mds.territory,
    name: mds.name,
    entries: entries.length,
    exits: exits.length,
  }));
}
