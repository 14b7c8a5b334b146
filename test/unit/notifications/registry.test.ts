import { describe, expect, it } from 'vitest';
import {
  DECISION_LABELS,
  EMAIL_KINDS,
  emailAudience,
  isEmailKind,
  parseEmailRequest,
  renderEmail,
  renderEmailRequest,
  type EmailKind,
  type EmailRequest,
} from '#domain/notifications/index.ts';
import { STEPS } from '#domain/workflow/steps.ts';
import { SAMPLES } from './fixtures.ts';

describe('the registry of email kinds', () => {
  it('lists 22 distinct kinds, each with a sample', () => {
    expect(new Set(EMAIL_KINDS).size).toBe(EMAIL_KINDS.length);
    expect(EMAIL_KINDS).toHaveLength(23);
    expect(Object.keys(SAMPLES).sort()).toEqual([...EMAIL_KINDS].sort());
  });

  it('knows who reads each kind', () => {
    const byAudience = (a: string) => EMAIL_KINDS.filter((k) => emailAudience(k) === a);
    expect(byAudience('mds')).toEqual(['participant-list']);
    expect(byAudience('instructor')).toEqual(['task-assigned', 'task-overdue']);
    expect(byAudience('porteur')).toHaveLength(20);
  });

  it('tells a kind from anything else', () => {
    expect(isEmailKind('bilan-overdue')).toBe(true);
    expect(isEmailKind('Bilan-overdue')).toBe(false);
    expect(isEmailKind('toString')).toBe(false);
    expect(isEmailKind(42)).toBe(false);
  });

  it('names in French every decision a workflow step allows', () => {
    const decisions = new Set(Object.values(STEPS).flatMap((step) => step.decisions));
    expect(decisions.size).toBeGreaterThan(0);
    for (const decision of decisions) expect(Object.keys(DECISION_LABELS), decision).toContain(decision);
  });
});

describe('rendering from stored data', () => {
  it.each(EMAIL_KINDS)('%s survives a round trip through JSON', (kind) => {
    const stored: unknown = JSON.parse(JSON.stringify({ kind, params: SAMPLES[kind].params }));
    const request = parseEmailRequest(stored);
    expect(request.kind).toBe(kind);
    expect(renderEmailRequest(request)).toEqual(renderEmail(kind as EmailKind, SAMPLES[kind].params as never));
  });

  it('renders a typed request', () => {
    const request: EmailRequest = { kind: 'payments-resumed', params: SAMPLES['payments-resumed'].params };
    expect(renderEmailRequest(request).subject).toBe(SAMPLES['payments-resumed'].subject);
  });

  it('refuses an unknown kind, a missing envelope, and parameters of another kind', () => {
    expect(() => parseEmailRequest({ kind: 'newsletter', params: {} })).toThrow(/unknown email kind: "newsletter"/);
    expect(() => parseEmailRequest('acknowledgement')).toThrow(/not an email request/);
    expect(() => parseEmailRequest({ kind: 'acknowledgement' })).toThrow(/not an email request/);
    expect(() => parseEmailRequest({ kind: 'acknowledgement', params: {} })).toThrow(/invalid parameters for email "acknowledgement"/);
    expect(() => parseEmailRequest({ kind: 'decision-favourable', params: SAMPLES['decision-rejected'].params })).toThrow(
      /invalid parameters for email "decision-favourable"/,
    );
  });

  it('drops stored fields no template knows, so they cannot reach an email', () => {
    const request = parseEmailRequest({
      kind: 'acknowledgement',
      params: { ...SAMPLES.acknowledgement.params, internalNote: 'ne pas diffuser' },
    });
    expect(JSON.stringify(request)).not.toContain('internalNote');
    expect(renderEmailRequest(request).text).not.toContain('ne pas diffuser');
  });
});
