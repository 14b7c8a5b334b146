/**
 * How many dossiers stood in each status at the end of each month of the campaign, from the
 * month of the first filing to today: the campaign page's dossiers by step over time. Read from
 * each dossier's status history (kept with its listing: `Dossier.statusHistory`), so it costs no
 * read beyond the listings the campaign makes anyway. Days are Paris days.
 */
import type { DossierSummary, StatusChange } from '#domain/ports/records.ts';
import { daysInMonth, isoDate, parseIsoDate, type IsoDate } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { DossierStatus } from './lifecycle.ts';

export interface StatusesOverTime {
  /** The last day of each month from the first filing's, then today. */
  days: IsoDate[];
  /** Per status ever held on one of those days, the number of dossiers in it at each day's end. */
  byStatus: Partial<Record<DossierStatus, number[]>>;
}

/** The month ends from `first`'s month to the month before `today`'s, then `today`. */
function monthEnds(first: IsoDate, today: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  let { year, month } = parseIsoDate(first);
  for (;;) {
    const end = isoDate(year, month, daysInMonth(year, month));
    if (end >= today) break;
    days.push(end);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  days.push(today);
  return days;
}

export function statusesOverTime(
  dossiers: Iterable<Pick<DossierSummary, 'status' | 'statusHistory' | 'createdAt'>>,
  today: IsoDate,
): StatusesOverTime {
  // A dossier written before its history was kept: its current status since its filing.
  const histories = [...dossiers].map((d): { day: IsoDate; status: DossierStatus }[] =>
    (d.statusHistory?.length ? d.statusHistory : ([{ status: d.status, at: d.createdAt }] satisfies StatusChange[])).map((h) => ({
      day: parisDateOf(new Date(h.at)),
      status: h.status,
    })),
  );
  const first = histories.map((h) => h[0]!.day).sort()[0];
  if (!first) return { days: [], byStatus: {} };
  const days = monthEnds(first, today);
  const byStatus: Partial<Record<DossierStatus, number[]>> = {};
  for (const history of histories) {
    for (const [i, day] of days.entries()) {
      const held = history.findLast((h) => h.day <= day);
      if (!held) continue;
      (byStatus[held.status] ??= new Array<number>(days.length).fill(0))[i]! += 1;
    }
  }
  return { days, byStatus };
}
