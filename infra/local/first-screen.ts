/**
 * What a fresh platform tells a newcomer about its date: whether the call's filing window is open
 * on it and, when it is not, the ways on — start a platform on a day inside the window (the exact
 * command), or play the demo. One text for both places it is shown: `npm start`'s output
 * (infra/local/serve.ts) and the console's first page (through GET /_local/info).
 */
import { catalog as defaultCatalog, type Catalog } from '#domain/catalog/index.ts';
import { openSessionOn } from '#domain/rules/submission-window.ts';
import { formatDateFr } from '#domain/time/french-dates.ts';
import { addDays, compareDates, type IsoDate } from '#domain/time/iso-date.ts';

export interface WayOn {
  readonly titre: string;
  readonly commande: string;
  readonly explication: string;
}

export interface FilingWindowState {
  /** The call's first and last filing days (call.json). */
  readonly ouverture: IsoDate;
  readonly cloture: IsoDate;
  readonly etat: 'avant' | 'ouvert' | 'apres';
  /** One sentence saying where the platform's day stands. */
  readonly message: string;
  /** When filing is not open: how to get a platform where it is. */
  readonly voies: readonly WayOn[];
}

/** The first day on which the most dispositifs have a session open (the best day to start a platform on). */
export function bestFilingDay(catalog: Catalog = defaultCatalog): IsoDate {
  let best = catalog.call.opensOn;
  let bestCount = -1;
  for (let day = catalog.call.opensOn; compareDates(day, catalog.call.closesOnLatest) <= 0; day = addDays(day, 1)) {
    const open = catalog.dispositifs.filter((d) => openSessionOn(d, day)).length;
    if (open > bestCount) [best, bestCount] = [day, open];
  }
  return best;
}

/** Where `day` stands in the filing window, and the ways on when filing is not open. */
export function filingWindowOn(day: IsoDate, catalog: Catalog = defaultCatalog): FilingWindowState {
  const { opensOn, closesOnLatest } = catalog.call;
  const etat = compareDates(day, opensOn) < 0 ? 'avant' : compareDates(day, closesOnLatest) > 0 ? 'apres' : 'ouvert';
  const window = `du ${formatDateFr(opensOn)} au ${formatDateFr(closesOnLatest)}`;
  if (etat === 'ouvert')
    return { ouverture: opensOn, cloture: closesOnLatest, etat, message: `Le dépôt des dossiers est ouvert (${window}).`, voies: [] };
  const startDay = bestFilingDay(catalog);
  const voies: WayOn[] = [
    {
      titre: 'Démarrer une plateforme neuve à une date de dépôt',
      commande: `npm start -- --data .data-${startDay} --start-date ${startDay}`,
      explication: `Arrêtez d’abord cette plateforme (Ctrl-C). La nouvelle commence le ${formatDateFr(startDay)}, dépôt ouvert, avec ses données dans .data-${startDay} ; l’horloge n’avance ensuite que vers l’avant (page « Plateforme locale »).`,
    },
    {
      titre: 'Jouer la démonstration',
      commande: 'npm run demo',
      explication:
        'Une plateforme neuve, en mémoire, à une date de dépôt, où une campagne entière se joue par l’API publique (compléments, Commission Permanente, conventions, comités, bilans) ; elle reste ouverte pour parcourir la console et les courriels.',
    },
  ];
  if (etat === 'avant') {
    voies.unshift({
      titre: 'Avancer l’horloge de cette plateforme',
      commande: `npm run horloge -- --date ${opensOn}`,
      explication: 'Chaque jour jusqu’à l’ouverture est traité dans l’ordre (page « Plateforme locale » de la console).',
    });
  }
  const message =
    etat === 'avant'
      ? `Le dépôt des dossiers n’est pas encore ouvert à cette date : l’appel à projets est ouvert ${window}.`
      : `Le dépôt des dossiers est clos à cette date : l’appel à projets était ouvert ${window}. Aucun porteur ne peut déposer de dossier sur cette plateforme.`;
  return { ouverture: opensOn, cloture: closesOnLatest, etat, message, voies };
}

/** The same, as lines for a terminal. */
export function filingWindowLines(state: FilingWindowState): string[] {
  if (state.etat === 'ouvert') return [state.message];
  return [
    state.message,
    'Pour continuer :',
    ...state.voies.flatMap((v, i) => [`  ${i + 1}. ${v.titre} :  ${v.commande}`, `     ${v.explication}`]),
  ];
}
