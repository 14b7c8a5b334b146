/**
 * Europe/Paris calendar days. The call's dates ("du 12 janvier 2026", "8 jours avant le comité")
 * are Paris calendar days; an instant is turned into one here and nowhere else.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris';

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const parisDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Paris calendar date an instant falls on. */
export function parisDateOf(instant: Date): IsoDate {
  return parisDateFormat.format(instant);
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: PARIS_TIME_ZONE, timeZoneName: 'longOffset' });

/** Paris's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant a Paris calendar day starts (00:00 Paris time). */
export function startOfParisDay(date: IsoDate): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // The offset at local midnight; try the guess then correct once (DST changes happen at 02:00/03:00, never at midnight).
  const guess = utcMidnight - parisOffsetMinutes(new Date(utcMidnight)) * 60_000;
  return new Date(utcMidnight - parisOffsetMinutes(new Date(guess)) * 60_000);
}

/** The last millisecond of a Paris calendar day: a deadline "on day D" holds until then. */
export function endOfParisDay(date: IsoDate): Date {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(startOfParisDay(next).getTime() - 1);
}
