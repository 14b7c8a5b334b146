/**
 * Every email of the product, read back from the local SES store after a whole campaign played
 * through the HTTP API (the demo campaign, on an in-process platform: dynalite, aws-ses-v2-local,
 * the durable Step Functions runtime, the scheduler and the outbox sender): recipient, subject and
 * the key facts of the body — dates, amounts, references — for each kind, each sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '#domain/catalog/index.ts';
import { EMAIL_KINDS } from '#domain/notifications/index.ts';
import { DEMO_ROLES, runDemo, type DemoSummary } from '#infra/local/demo.ts';
import { startPlatform, type Platform } from '#infra/local/platform.ts';
import { morningOf } from '#test/support/workflow-harness.ts';

interface StoredEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

let platform: Platform;
let summary: DemoSummary;
let store: StoredEmail[];

beforeAll(async () => {
  platform = await startPlatform({ startAt: morningOf('2026-03-02'), tickMs: 100 });
  summary = await runDemo({ api: platform.api, ses: platform.ses });
  await platform.tick();
  store = ((await (await fetch(`${platform.ses}/store`)).json()) as { emails: StoredEmail[] }).emails;
}, 240_000);
afterAll(async () => {
  await platform?.stop();
});

const who = (position: number) => summary.cast[position]!;
const to = (address: string) => store.filter((e) => e.destination.to.includes(address));
function one(address: string, subject: string | RegExp): StoredEmail {
  const found = to(address).filter((e) => (typeof subject === 'string' ? e.subject.includes(subject) : subject.test(e.subject)));
  expect(
    found,
    `${address} / ${subject}: ${to(address)
      .map((e) => e.subject)
      .join(' | ')}`,
  ).toHaveLength(1);
  return found[0]!;
}
const EUROS_45K = /45\s000,00\s€/;
const EUROS_22K5 = /22\s500,00\s€/;

describe('every email, through the API, read back from SES', () => {
  it('sends each email owed exactly once (SES store = outbox), from the call’s address', () => {
    const sent = Object.values(summary.emailsByKind).reduce((a, b) => a + b, 0);
    expect(store).toHaveLength(sent);
    expect(new Set(store.map((e) => e.from))).toEqual(new Set(['aap-inclusion-2026@pasdecalais.fr']));
    expect(Object.keys(summary.emailsByKind).sort()).toEqual([...EMAIL_KINDS].sort());
  });

  it('acknowledgement: reference, dispositif, date of receipt, next steps', () => {
    const d = who(0);
    const email = one(d.porteurEmail, /accusé de réception/);
    expect(email.subject).toContain(d.reference);
    expect(email.body.text).toContain('2 mars 2026');
    expect(email.body.text).toContain(d.dispositif);
    expect(email.body.text).toContain('prochaines étapes');
    expect(email.body.html).toContain(d.reference);
  });

  it('complements request (the list, the deadline) and closure as incomplete', () => {
    const d = who(DEMO_ROLES.neverSendsComplements);
    // The request, then its reminder five days before the deadline (data/deadline-kinds.json).
    const requests = to(d.porteurEmail).filter((e) => /compléments à transmettre au plus tard le 18 mars 2026/.test(e.subject));
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.body.text).toContain('Attestation CAF des participants');
    const incomplete = one(d.porteurEmail, /incomplet/);
    expect(incomplete.body.text).toContain('18 mars 2026');
  });

  it('decisions: rejected with its reason, unfavourable and adjourned with the session, favourable with the amount', () => {
    const rejected = one(who(DEMO_ROLES.rejected[0]).porteurEmail, /non validé/);
    expect(rejected.body.text).toContain('publics prioritaires');
    const unfavourable = to(who(DEMO_ROLES.unfavourable).porteurEmail).find((e) => /défavorable/.test(e.subject))!;
    expect(unfavourable.body.text).toContain('CP-2026-04-10-01');
    expect(unfavourable.body.text).toContain('10 avril 2026');
    expect(unfavourable.body.text).toContain('recoupe une action');
    const adjourned = to(who(DEMO_ROLES.adjourned).porteurEmail).find((e) => /ajourn/i.test(e.subject))!;
    expect(adjourned.body.text).toContain('15 mai 2026');
    const favourable = to(who(0).porteurEmail).find((e) => /favorable/.test(e.subject) && !/défavorable/.test(e.subject))!;
    expect(favourable.body.text).toMatch(EUROS_45K);
    expect(favourable.body.text).toContain('CP-2026-04-10-01');
  });

  it('convention to sign, advance and balance payments, closure', () => {
    const d = who(0);
    const convention = one(d.porteurEmail, `convention CONV-${d.reference} à signer`);
    expect(convention.body.text).toMatch(EUROS_45K);
    // The call's communication charter, with its address.
    expect(convention.body.text).toMatch(/«\s*obligations et contreparties en matière de communication\s*»/);
    expect(convention.body.text).toContain('https://www.pasdecalais.fr/Partenaires/Contreparties-communication');
    const payments = to(d.porteurEmail).filter((e) => e.subject.includes('versement de'));
    expect(payments).toHaveLength(2);
    for (const p of payments) expect(p.subject).toMatch(EUROS_22K5);
    const closed = one(d.porteurEmail, 'bilan accepté, dossier soldé');
    expect(closed.body.text).toMatch(EUROS_45K);
    // The indicators the convention fixed (the dispositif's, and the one its porteur proposed), then evaluated at closure.
    expect(d).toBe(who(DEMO_ROLES.proposesIndicator));
    expect(convention.body.text).toContain('Ateliers collectifs tenus');
    expect(closed.body.text).toContain('Évaluation de l’opération');
    expect(closed.body.text).toMatch(/Ateliers collectifs tenus\s*\|?\s*12\s*\|?\s*10/);
  });

  it('the Word dossier: its filing space’s link, then the same life to closure; the Démarches simplifiées dossier too', () => {
    const word = who(DEMO_ROLES.wordChannel);
    const invitation = one(word.porteurEmail, 'Votre espace de dépôt pour le dispositif 2.11, ouvert jusqu’au 1er avril 2026');
    expect(invitation.body.text).toMatch(/https:\/\/aap-inclusion\.pasdecalais\.fr\/#\/depot\/[A-Za-z0-9_-]{22}/);
    for (const d of [word, who(DEMO_ROLES.demarchesSimplifiees)]) {
      expect(d.reference).toMatch(/^AAP26-(2\.11|3\.7)-000001$/);
      one(d.porteurEmail, /accusé de réception/);
      one(d.porteurEmail, `convention CONV-${d.reference} à signer`);
      one(d.porteurEmail, 'bilan accepté, dossier soldé');
    }
  });

  it('the J-8 notice before the comité, its reminders, and the participant list to the territory’s MDS (first name and initial only)', () => {
    const d = who(0);
    const notices = to(d.porteurEmail).filter((e) => e.subject.includes('comité du 15 juin 2026'));
    expect(notices.length).toBeGreaterThanOrEqual(1);
    const territory = catalog.territoryByCode(d.territory)!;
    for (const n of notices) {
      expect(n.body.text).toContain('5 juin 2026');
      expect(n.body.text).toContain(territory.mds.name);
    }
    const lists = to(territory.mds.email).filter((e) => e.body.text?.includes(d.reference));
    expect(lists).toHaveLength(1);
    expect(lists[0]!.body.text).toMatch(/Camille\s*\|?\s*M\b/);
    expect(lists[0]!.body.text).not.toContain('Martin');
    expect(lists[0]!.body.text).not.toContain('Dubois');
  });

  it('an operation on two territories: the notice names both MDS, and each MDS gets the participants of its own territory', () => {
    const d = who(DEMO_ROLES.severalTerritories);
    expect(d.territories).toHaveLength(2);
    const [first, second] = d.territories.map((code) => catalog.territoryByCode(code)!.mds);
    for (const notice of to(d.porteurEmail).filter((e) => e.subject.includes('comité du 15 juin 2026'))) {
      expect(notice.body.text).toContain(first!.email);
      expect(notice.body.text).toContain(second!.email);
    }
    const listTo = (mds: { email: string }) => to(mds.email).filter((e) => e.body.text?.includes(d.reference));
    expect(listTo(first!)).toHaveLength(1);
    expect(listTo(second!)).toHaveLength(1);
    expect(listTo(first!)[0]!.body.text).toContain('Camille');
    expect(listTo(first!)[0]!.body.text).not.toContain('Yanis');
    expect(listTo(second!)[0]!.body.text).toContain('Yanis');
    expect(listTo(second!)[0]!.body.text).not.toContain('Camille');
  });

  it('the J-8 notice, then its reminder: different subjects, the reminder saying how many days are left', () => {
    const d = who(0);
    const notices = to(d.porteurEmail).filter((e) => e.subject.includes('comité du 15 juin 2026'));
    expect(notices).toHaveLength(2);
    expect(new Set(notices.map((e) => e.subject)).size).toBe(2);
    expect(notices.some((e) => /^Rappel — dossier .*: plus que \d+ jours? pour transmettre/.test(e.subject))).toBe(true);
  });

  it('annual documents: reminder, suspension, then resumption', () => {
    const d = who(DEMO_ROLES.lateAnnualDocuments);
    expect(one(d.porteurEmail, /Documents annuels/).body.text).toContain('31 décembre 2026');
    expect(one(d.porteurEmail, /contributions financières suspendues/).body.text).toContain('31 décembre 2026');
    expect(one(d.porteurEmail, /reprise des contributions financières/).body.text).toContain('20 janvier 2027');
  });

  it('bilan: reminder before, warning after, then the reimbursement demand of the sum paid', () => {
    const d = who(DEMO_ROLES.missesBilan);
    expect(
      to(d.porteurEmail).filter((e) => e.subject.includes('bilan final à déposer au plus tard le 30 juin 2027')).length,
    ).toBeGreaterThanOrEqual(1);
    expect(one(d.porteurEmail, /bilan final non reçu/).body.text).toMatch(EUROS_22K5);
    const demand = one(d.porteurEmail, /demande de remboursement/);
    expect(demand.subject).toMatch(EUROS_22K5);
    expect(demand.body.text).toContain('30 juin 2027');
  });

  it('avenants: refused with the call’s rule, accepted', () => {
    const refused = one(who(DEMO_ROLES.avenantRefused).porteurEmail, /avenant .* refusé/);
    expect(refused.body.text).toContain('aléa majeur et exceptionnel');
    one(who(DEMO_ROLES.avenantAccepted).porteurEmail, /avenant .* accepté/);
  });

  it('instructors: each new task with what to decide and by when, and the overdue reminder', () => {
    const d = who(DEMO_ROLES.slowInstruction);
    const mailbox = `instruction-${d.territory}@pasdecalais.fr`;
    const assigned = to(mailbox).find((e) => e.subject.includes('Vérifier la complétude') && e.subject.includes(d.reference))!;
    expect(assigned.body.text).toContain('/taches/');
    expect(assigned.body.text).toContain('Déclarer le dossier complet');
    const overdue = one(mailbox, /Relance\s:\stâche en retard/);
    expect(overdue.subject).toContain(d.reference);
    expect(overdue.body.text).toContain('17 mars 2026'); // opened on 2 March, 15 days (data/workflow-steps.json)
  });
});
