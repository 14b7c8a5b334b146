/**
 * A dossier is filed while its dispositif's call is open, during one of its sessions.
 * Call, « Durée » : « ouvert sur la période du 12 janvier 2026 au 15 septembre 2026 maximum. Sa
 * date de clôture diffère selon les dispositifs. En outre, certains dispositifs fonctionnent sur
 * la base de plusieurs sessions ouvertes durant l'année » ; « Modalités de dépôt » : « Les dates
 * d'ouverture de l'appel à projets diffèrent d'un dispositif à l'autre. Pour un dispositif donné,
 * toute structure qui souhaitera déposer une demande de subvention à une date ultérieure à la
 * date de clôture de l'appel à projets, ne pourra plus y avoir accès. »
 * Days are Europe/Paris calendar days, both ends included.
 */
import type { Dispositif, Session } from '#domain/catalog/index.ts';
import type { Submission } from '#domain/submission/index.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';
import { compareDates, type IsoDate } from '#domain/time/iso-date.ts';
import { parisDateOf } from '#domain/time/paris.ts';
import type { RuleContext, Violation } from './violation.ts';

/** The session of the dispositif open on a Paris day, if any. */
export function openSessionOn(dispositif: Dispositif, day: IsoDate): Session | undefined {
  return dispositif.sessions.find((s) => compareDates(s.opensOn, day) <= 0 && compareDates(day, s.closesOn) <= 0);
}

/** The first session of the dispositif opening after a Paris day, if any. */
export function nextSessionAfter(dispositif: Dispositif, day: IsoDate): Session | undefined {
  return dispositif.sessions.find((s) => compareDates(s.opensOn, day) > 0);
}

export function submittedWithinWindow(submission: Pick<Submission, 'dispositifCode'>, ctx: RuleContext): Violation[] {
  const dispositif = ctx.catalog.dispositifByCode(submission.dispositifCode);
  if (!dispositif) return []; // dispositifExists reports it
  const day = parisDateOf(ctx.now);
  const name = `le dispositif ${dispositif.code}`;
  if (compareDates(day, dispositif.opensOn) < 0) {
    return [
      {
        path: 'dispositifCode',
        code: 'SUBMISSION_NOT_YET_OPEN',
        message: `Le dépôt des dossiers pour ${name} n'ouvre que le ${formatDateFr(dispositif.opensOn)}.`,
      },
    ];
  }
  if (compareDates(day, dispositif.closesOn) > 0) {
    return [
      {
        path: 'dispositifCode',
        code: 'SUBMISSION_CLOSED',
        message: `Le dépôt des dossiers pour ${name} est clos : le dernier jour de dépôt était le ${formatDateFr(dispositif.closesOn)}.`,
      },
    ];
  }
  if (!openSessionOn(dispositif, day)) {
    const next = nextSessionAfter(dispositif, day);
    return [
      {
        path: 'dispositifCode',
        code: 'SUBMISSION_BETWEEN_SESSIONS',
        message:
          `Aucune session de dépôt n'est ouverte pour ${name} le ${formatDateFr(day)}` +
          (next ? ` : la prochaine session ouvre le ${formatDateFr(next.opensOn)}.` : '.'),
      },
    ];
  }
  return [];
}
