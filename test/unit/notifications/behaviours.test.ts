import { describe, expect, it } from 'vitest';
import { ANNUAL_DOCUMENTS, renderEmail, type EmailKind, type EmailParamsByKind } from '#domain/notifications/index.ts';
import { CALL_QUOTES } from '#domain/notifications/call-text.ts';
import { SAMPLES } from './fixtures.ts';
import { visibleText } from './helpers.ts';

const NBSP = '\u00A0';

function both<K extends EmailKind>(kind: K, change: Partial<EmailParamsByKind[K]> = {}) {
  const email = renderEmail(kind, { ...SAMPLES[kind].params, ...change });
  return { ...email, bodies: [email.text, visibleText(email.html)] as const };
}

function without<T extends object, F extends keyof T>(value: T, field: F): Omit<T, F> {
  const copy = { ...value };
  delete copy[field];
  return copy;
}

describe('complements request', () => {
  it('lists every complement and keeps the instructor’s comment with its line breaks', () => {
    const email = both('complements-request');
    for (const body of email.bodies) {
      expect(body).toContain(`Commentaire du service instructeur${NBSP}:`);
      expect(body).toContain('Le budget doit être en équilibre\net signé par le président');
    }
    expect(email.text).toContain('  - Budget prévisionnel signé\n  - Attestation URSSAF de moins de 6 mois');
    expect(email.html).toContain('<li>Budget prévisionnel signé</li>\n<li>Attestation URSSAF de moins de 6 mois</li>');
  });

  it('says what happens when the deadline is missed, as a notice that stands out', () => {
    const email = both('complements-request');
    expect(email.text).toContain(`Important${NBSP}:\nSans réception`);
    expect(email.html).toMatch(
      /<div style="[^"]*border-left:4px solid #c0392b[^"]*"><strong>Important\u00A0:<\/strong><br>\nSans réception/,
    );
    for (const body of both('complements-request').bodies) {
      expect(body).toContain(
        'Sans réception de l’ensemble de ces compléments au plus tard le 1er avril 2026, votre dossier sera clôturé comme incomplet',
      );
    }
  });

  it('without a comment nor a link: no comment block, the usual channel', () => {
    const params = without(without(SAMPLES['complements-request'].params, 'comment'), 'submissionUrl');
    const email = renderEmail('complements-request', params);
    expect(email.text).not.toContain('Commentaire');
    expect(email.text).toContain('par le même canal que votre dossier');
  });

  it('with a link: a button to the platform, the URL escaped in the attribute and written in text', () => {
    const url = 'https://e-partenaire.example/dossiers/AAP26-0042?onglet=complements&x="y"';
    const email = both('complements-request', { submissionUrl: url });
    expect(email.html).toContain('href="https://e-partenaire.example/dossiers/AAP26-0042?onglet=complements&amp;x=%22y%22"');
    expect(email.text).toContain(
      `Transmettre les compléments${NBSP}: https://e-partenaire.example/dossiers/AAP26-0042?onglet=complements&x=%22y%22`,
    );
  });
});

describe('Commission Permanente decisions', () => {
  it('adjourned: the next session when known, otherwise a promise to tell it', () => {
    for (const body of both('decision-adjourned').bodies) expect(body).toContain('présenté à la séance du 6 juillet 2026');
    const unknown = renderEmail('decision-adjourned', without(without(SAMPLES['decision-adjourned'].params, 'nextSessionDate'), 'reason'));
    expect(unknown.text).toContain('vous sera communiquée par courriel');
    expect(unknown.text).not.toContain('Motif');
  });

  it('favourable: the amount granted, the deliberation and the convention to come', () => {
    const email = both('decision-favourable');
    for (const body of email.bodies) {
      expect(body).toContain(`accorde une participation financière de 45\u202F000,00${NBSP}€ (délibération n°${NBSP}2026-218)`);
      expect(body).toContain('Une convention entre le Département et Association L’Escale va vous être adressée pour signature');
      expect(body).toContain(CALL_QUOTES.eligibleExpenses);
    }
  });

  it('unfavourable and rejected: the reason and the means of redress', () => {
    for (const kind of ['decision-unfavourable', 'decision-rejected'] as const) {
      for (const body of both(kind).bodies) {
        expect(body).toContain(`Motif${NBSP}:`);
        expect(body).toContain('dans un délai de deux mois');
      }
    }
  });
});

describe('convention to sign', () => {
  it('states eligible expenses over the convention’s term and expenses paid by the bilan filing date', () => {
    for (const body of both('convention-to-sign').bodies) {
      expect(body).toContain('Les dépenses sont éligibles sur la durée de la convention, soit du 1er juillet 2026 au 31 décembre 2027.');
      expect(body).toContain('Toutes les dépenses déclarées devront être acquittées au plus tard à la date du dépôt du bilan.');
    }
    const email = both('convention-to-sign');
    expect(email.text).toContain(`Période de l’opération${NBSP}: du 1er juillet 2026 au 30 juin 2027`);
    expect(email.html).toMatch(/>Période de l’opération\u00A0:<\/th><td[^>]*>du 1er juillet 2026 au 30 juin 2027<\/td>/);
  });

  it('without a convention term nor a return date', () => {
    const params = without(without(SAMPLES['convention-to-sign'].params, 'conventionPeriod'), 'returnBy');
    const email = renderEmail('convention-to-sign', params);
    expect(email.text).toContain('Les dépenses sont éligibles sur la durée de la convention.');
    expect(email.text).toContain('dans les meilleurs délais');
    expect(email.text).not.toContain('Durée de la convention');
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => both('convention-to-sign', { operationPeriod: { start: '2027-01-01', end: '2026-12-31' } })).toThrow(TypeError);
  });
});

describe('participant list notice (J-8)', () => {
  it('names the MDS, its address, the comité date and the due date', () => {
    const email = both('participant-list-notice');
    expect(email.html).toContain('<a href="mailto:mds.arrageois@pasdecalais.example">mds.arrageois@pasdecalais.example</a>');
    for (const body of email.bodies) {
      expect(body).toContain(
        'Merci d’adresser au plus tard le 5 octobre 2026, par courriel à mds.arrageois@pasdecalais.example (Maison du Département Solidarité de l’Arrageois), chaque entrée et chaque sortie',
      );
      expect(body).toContain(`«${NBSP}${CALL_QUOTES.participantList}${NBSP}»`);
      expect(body).toContain('Ne joignez pas les pièces probantes');
    }
  });

  it('the notice and its two reminders differ: each says what it is and how many days are left', () => {
    const notice = renderEmail('participant-list-notice', SAMPLES['participant-list-notice'].params);
    const reminder = renderEmail('participant-list-notice', {
      ...SAMPLES['participant-list-notice'].params,
      occasion: 'reminder',
      daysLeft: 7,
    });
    const lastDay = renderEmail('participant-list-notice', {
      ...SAMPLES['participant-list-notice'].params,
      occasion: 'reminder',
      daysLeft: 0,
    });
    expect(new Set([notice.subject, reminder.subject, lastDay.subject]).size).toBe(3);
    expect(new Set([notice.text, reminder.text, lastDay.text]).size).toBe(3);
    expect(reminder.subject).toBe(
      `Rappel — dossier AAP26-0042${NBSP}: plus que 7 jours pour transmettre les entrées et sorties de participants (au plus tard le 5 octobre 2026, comité du 13 octobre 2026)`,
    );
    expect(reminder.text).toContain('Il vous reste 7 jours pour transmettre les entrées et sorties de participants');
    expect(lastDay.subject).toBe(
      `Dernier jour — dossier AAP26-0042${NBSP}: entrées et sorties de participants à transmettre aujourd’hui (comité du 13 octobre 2026)`,
    );
    expect(lastDay.text).toContain('aujourd’hui, 5 octobre 2026');
    for (const email of [reminder, lastDay]) expect(email.text).toMatch(/Jours restants\s*:?\s*[07]/);
  });

  it('an operation on several territories: each MDS, to be sent the entries and exits of its territory', () => {
    const lens = { name: 'Maison du Département Solidarité de Lens-Liévin', email: 'mds.lens@pasdecalais.example' };
    const email = both('participant-list-notice', { mds: [SAMPLES['participant-list-notice'].params.mds[0]!, lens] });
    for (const body of email.bodies) {
      expect(body).toContain('à chaque Maison du Département Solidarité les entrées et les sorties des participants de son territoire');
      expect(body).toContain('mds.arrageois@pasdecalais.example');
      expect(body).toContain('mds.lens@pasdecalais.example');
    }
  });
});

describe('participant list to the MDS: minimal personal data', () => {
  const sensitive = {
    contact: SAMPLES['participant-list'].params.contact,
    mdsName: 'MDS de l’Arrageois',
    porteurName: 'Association L’Escale',
    dossierReference: 'AAP26-0042',
    dispositif: SAMPLES['participant-list'].params.dispositif,
    comiteDate: '2026-10-13',
    entries: [
      // Extra fields a caller might hold: they never reach the email.
      {
        firstName: 'Léa',
        lastName: 'Martinez-Dubreuil',
        enteredOn: '2026-09-14',
        birthDate: '1988-04-02',
        nir: '2880459350123',
        address: '12 rue des Lilas',
        cafNumber: 'CAF-778812',
      },
    ],
    exits: [
      { firstName: 'Sophie', lastName: 'Lefebvre', exitedOn: '2026-09-30', outcome: 'autre' as const, reason: 'hospitalisation longue' },
    ],
  };

  it('writes first names and last-name initials only, never full last names nor other data', () => {
    const email = renderEmail('participant-list', sensitive);
    for (const body of [email.subject, email.text, email.html]) {
      for (const secret of [
        'Martinez',
        'Dubreuil',
        'Lefebvre',
        '1988',
        '2880459350123',
        'rue des Lilas',
        'CAF-778812',
        'hospitalisation',
      ]) {
        expect(body).not.toContain(secret);
      }
    }
    expect(email.text).toContain('  Léa | M. | 14 septembre 2026');
    expect(email.html).toMatch(/<td[^>]*>Léa<\/td><td[^>]*>M\.<\/td><td[^>]*>14 septembre 2026<\/td>/);
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body).toContain('Autre sortie');
      expect(body).toContain('données personnelles, limitées au strict nécessaire');
    }
  });

  it('sorts entries and exits by date and counts them', () => {
    const email = both('participant-list');
    expect(email.text).toContain('  Prénom | Nom | Date d’entrée\n  Karim | B. | 1er septembre 2026\n  Léa | M. | 14 septembre 2026');
    expect(email.text).toContain(
      '  Prénom | Nom | Date de sortie | Nature de la sortie\n  Sophie | L. | 30 septembre 2026 | Emploi durable',
    );
    expect(email.text).toContain(`Entrées${NBSP}: 2\nSorties${NBSP}: 1`);
    expect(email.html).toContain('<th scope="col"');
  });

  it('says so when nothing was declared', () => {
    const email = both('participant-list', { entries: [], exits: [] });
    for (const body of email.bodies) {
      expect(body).toContain('Aucune entrée déclarée.');
      expect(body).toContain('Aucune sortie déclarée.');
    }
  });

  it('refuses an exit outcome outside the closed list', () => {
    const exits = [{ firstName: 'Sophie', lastName: 'L', exitedOn: '2026-09-30', outcome: 'incarcération' }];
    expect(() => renderEmail('participant-list', { ...sensitive, exits } as never)).toThrow(TypeError);
  });
});

describe('bilan', () => {
  it('reminder: days left, contents, indicators, the sanction', () => {
    for (const body of both('bilan-reminder').bodies) {
      expect(body).toContain('au plus tard le 30 septembre 2027, soit dans 30 jours.');
      expect(body).toContain(`un bilan qualitatif${NBSP}:`);
      expect(body).toContain(`un bilan quantitatif${NBSP}: les indicateurs mentionnés dans la fiche du dispositif et dans la convention`);
      expect(body).toContain('Taux de sorties positives');
    }
    expect(both('bilan-reminder', { daysLeft: 1 }).text).toContain('soit dans 1 jour.');
    expect(both('bilan-reminder', { daysLeft: 0 }).text).toContain('c’est-à-dire aujourd’hui.');
    const noIndicators = renderEmail('bilan-reminder', without(SAMPLES['bilan-reminder'].params, 'indicators'));
    expect(noIndicators.text).not.toContain('Indicateurs de la convention');
  });

  it('overdue: warns that all sums paid may be reclaimed, with the amount', () => {
    for (const body of both('bilan-overdue', { daysOverdue: 5 }).bodies) {
      expect(body).toContain('5 jours après cette date, il n’a pas été reçu');
      expect(body).toContain(`remboursement de la totalité des sommes versées au titre de ce dossier, soit 31\u202F500,00${NBSP}€.`);
    }
  });

  it('reimbursement demand: the call’s legal basis, verbatim between « », and the total paid', () => {
    for (const body of both('reimbursement-demand').bodies) {
      expect(body).toContain(`«${NBSP}${CALL_QUOTES.reimbursement}${NBSP}»`);
      expect(body).toContain('Appel à projets des politiques d’inclusion durable 2026');
      expect(body).toContain(
        `le Département vous demande le remboursement de la totalité des sommes versées au titre de ce dossier, soit 31\u202F500,00${NBSP}€.`,
      );
    }
    expect(() => both('reimbursement-demand', { amountPaidCents: 0 })).toThrow(TypeError);
  });
});

describe('annual documents', () => {
  it('reminder: the whole list from the call, by email to the service gestionnaire', () => {
    const email = both('annual-documents-reminder');
    const labels = Object.values(ANNUAL_DOCUMENTS).flatMap((doc) => [doc.label, ...('parts' in doc ? doc.parts : [])]);
    expect(labels).toHaveLength(11);
    for (const body of email.bodies) for (const label of labels) expect(body).toContain(label.replace(' :', `${NBSP}:`));
    expect(email.html).toContain('<a href="mailto:gestion.inclusion@pasdecalais.example">');
    expect(email.text).toContain('    - le bilan détaillé');
  });

  it('suspension: only the missing documents, suspended until received', () => {
    const email = both('payments-suspended');
    for (const body of email.bodies) {
      expect(body).toContain('la balance générale au format Excel');
      expect(body).not.toContain('le rapport d’activité complet');
      expect(body).toContain(
        'suspend les contributions financières au titre du dossier AAP26-0042 à compter du 1er juillet 2027, jusqu’à réception de ces documents',
      );
    }
    // In the call's order, whatever the order given.
    expect(email.text.indexOf('commissaire aux comptes')).toBeLessThan(email.text.indexOf('balance générale'));
    const all = renderEmail('payments-suspended', without(SAMPLES['payments-suspended'].params, 'missingDocuments'));
    for (const doc of Object.values(ANNUAL_DOCUMENTS)) expect(all.text).toContain(doc.label.replace(' :', `${NBSP}:`));
  });

  it('resumption: suspension lifted', () => {
    for (const body of both('payments-resumed').bodies) {
      expect(body).toContain(
        'La suspension des contributions financières au titre du dossier AAP26-0042 est levée à compter du 21 juillet 2027',
      );
    }
  });
});

describe('avenants', () => {
  it('refused: the call’s rule on the execution period is quoted only when it applies', () => {
    for (const body of both('avenant-refused').bodies) expect(body).toContain(`«${NBSP}${CALL_QUOTES.avenantPeriod}${NBSP}»`);
    const other = both('avenant-refused', { changesExecutionPeriod: false });
    for (const body of other.bodies) {
      expect(body).not.toContain(CALL_QUOTES.avenantPeriod);
      expect(body).toContain('Aucun aléa majeur et exceptionnel n’est justifié');
    }
  });

  it('accepted: the new end date when the period changes, nothing when it does not', () => {
    expect(both('avenant-accepted').text).toContain(`Nouvelle date de fin de l’opération${NBSP}: 30 septembre 2027`);
    const same = renderEmail('avenant-accepted', without(SAMPLES['avenant-accepted'].params, 'newOperationEnd'));
    expect(same.text).not.toContain('Nouvelle date de fin');
  });
});

describe('payments and closing', () => {
  it('payment made: installment, amount, date, and where the dossier stands', () => {
    const email = both('payment-made');
    expect(email.text).toContain(
      `Échéance${NBSP}: Première avance\nMontant versé${NBSP}: 31\u202F500,00${NBSP}€\nDate de mise en paiement${NBSP}: 3 août 2026`,
    );
    expect(email.text).toContain(`Total versé à ce jour${NBSP}: 31\u202F500,00${NBSP}€`);
    const plain = renderEmail('payment-made', without(SAMPLES['payment-made'].params, 'cumulative'));
    expect(plain.text).not.toContain('Total versé');
    expect(() => both('payment-made', { cumulative: { paidCents: 2, grantedCents: 1 } })).toThrow(TypeError);
  });

  it('dossier closed: bilan accepted and balance paid', () => {
    for (const body of both('dossier-closed').bodies) {
      expect(body).toContain(
        `a été accepté le 20 octobre 2027. Le solde de 12\u202F345,67${NBSP}€ a été mis en paiement le 2 novembre 2027.`,
      );
    }
  });
});

describe('instructors’ tasks', () => {
  it('assigned: what to decide, in French, and the link to the task', () => {
    const email = both('task-assigned', { decisions: ['favourable', 'unfavourable', 'adjourned'] });
    expect(email.text).toContain(
      '  - Avis favorable (montant accordé, délibération)\n  - Avis défavorable (motif, délibération)\n  - Ajournement à une séance ultérieure',
    );
    expect(email.html).toContain('href="https://instruction.pasdecalais.example/taches/7f3a?dossier=AAP26-0042&amp;etape=completude"');
    expect(email.text).toContain(
      `Ouvrir la tâche${NBSP}: https://instruction.pasdecalais.example/taches/7f3a?dossier=AAP26-0042&etape=completude`,
    );
    expect(email.text.startsWith('Bonjour Claire Dubois,')).toBe(true);
    const anonymous = renderEmail('task-assigned', without(SAMPLES['task-assigned'].params, 'recipientName'));
    expect(anonymous.text.startsWith('Bonjour,')).toBe(true);
  });

  it('refuses a link that is not http(s) and a decision it cannot name', () => {
    expect(() => both('task-assigned', { taskUrl: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(() => both('task-assigned', { taskUrl: 'data:text/html,<script>alert(1)</script>' })).toThrow(TypeError);
    expect(() => both('task-assigned', { decisions: ['delete-everything'] } as never)).toThrow(TypeError);
    expect(() => both('task-assigned', { decisions: [] })).toThrow(TypeError);
  });

  it('overdue: a reminder, or an escalation saying to whom', () => {
    const escalated = both('task-overdue');
    for (const body of escalated.bodies) {
      expect(body).toContain('elle est en retard de 3 jours.');
      expect(body).toContain(
        'Cette tâche a été signalée à Paul Lemaire, responsable du SLAI de l’Arrageois, pour qu’elle soit traitée ou réattribuée',
      );
    }
    const reminder = renderEmail('task-overdue', without(SAMPLES['task-overdue'].params, 'escalatedTo'));
    expect(reminder.subject).toBe(
      `Relance${NBSP}: tâche en retard de 3 jours — Valider le dossier (chef de SLAI/SLISL) — dossier AAP26-0042`,
    );
    expect(reminder.text).not.toContain('signalée');
    expect(both('task-overdue', { daysOverdue: 1 }).text).toContain('en retard de 1 jour.');
  });

  it('overdue: a value with line breaks stays on the subject line', () => {
    const email = both('task-overdue', { escalatedTo: 'Paul\r\nBcc: victim@example.org' });
    expect(email.subject).toContain('signalée à Paul Bcc: victim@example.org —');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('parameters are validated', () => {
  it.each([
    ['an impossible date', 'acknowledgement', { receivedOn: '2026-02-30' }],
    ['a date in another format', 'acknowledgement', { receivedOn: '02/03/2026' }],
    ['negative cents', 'decision-favourable', { amountCents: -1 }],
    ['fractional cents', 'decision-favourable', { amountCents: 12.5 }],
    ['euros as a string', 'decision-favourable', { amountCents: '45000' }],
    ['a blank reason', 'decision-rejected', { reason: '   ' }],
    ['a malformed dispositif code', 'acknowledgement', { dispositif: { code: '<b>2.7</b>', title: 'x' } }],
    ['a malformed MDS address', 'participant-list-notice', { mds: [{ name: 'MDS', email: 'mds"@x.fr' }] }],
    ['no MDS', 'participant-list-notice', { mds: [] }],
    ['a negative number of days left', 'bilan-reminder', { daysLeft: -1 }],
    ['no complement asked', 'complements-request', { complements: [] }],
  ] as const)('refuses %s', (_, kind, change) => {
    expect(() => renderEmail(kind, { ...SAMPLES[kind].params, ...change } as never)).toThrow(
      new RegExp(`invalid parameters for email "${kind}"`),
    );
  });
});
