/** The campaign's dossiers by status at each month's end, from the dossiers' status histories (domain/dossier/statuses-over-time.ts). */
import { describe, expect, it } from 'vitest';
import { statusesOverTime } from '#domain/dossier/statuses-over-time.ts';

describe('dossiers by status over time', () => {
  it('counts each dossier in the status it held at the end of each month (Paris days), then today', () => {
    const a = {
      status: 'in-execution' as const,
      createdAt: '2026-03-02T09:00:00.000Z',
      statusHistory: [
        { status: 'submitted' as const, at: '2026-03-02T09:00:00.000Z' },
        { status: 'completeness-check' as const, at: '2026-03-02T09:00:01.000Z' },
        // 30 April, 23:30 in Paris: still April there.
        { status: 'chief-validation' as const, at: '2026-04-30T21:30:00.000Z' },
        // 31 May, 22:30 UTC is 1 June in Paris: June's.
        { status: 'in-execution' as const, at: '2026-05-31T22:30:00.000Z' },
      ],
    };
    const b = {
      status: 'rejected' as const,
      createdAt: '2026-04-10T08:00:00.000Z',
      statusHistory: [
        { status: 'submitted' as const, at: '2026-04-10T08:00:00.000Z' },
        { status: 'rejected' as const, at: '2026-04-20T08:00:00.000Z' },
      ],
    };
    const over = statusesOverTime([a, b], '2026-06-15');
    expect(over.days).toEqual(['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-15']);
    expect(over.byStatus).toEqual({
      'completeness-check': [1, 0, 0, 0],
      'chief-validation': [0, 1, 1, 0],
      rejected: [0, 1, 1, 1],
      'in-execution': [0, 0, 0, 1],
    });
  });

  it('takes a dossier written before its history was kept as in its status since its filing; nothing filed, nothing to show', () => {
    expect(statusesOverTime([{ status: 'closed', createdAt: '2026-05-05T10:00:00.000Z' }], '2026-05-20')).toEqual({
      days: ['2026-05-20'],
      byStatus: { closed: [1] },
    });
    expect(statusesOverTime([], '2026-05-20')).toEqual({ days: [], byStatus: {} });
  });
});
