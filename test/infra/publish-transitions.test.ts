/**
 * The transition publisher's core (functions/events/transitions.ts) with a fake EventBridge:
 * one DossierTransition per new timeline item, ids and event type only, in stream order (one
 * record after the other: Powertools' batch processor), and a failure reported with every record
 * after it, unpublished, so that Lambda retries from it.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { keys } from '#adapters/dynamodb/keys.ts';
import {
  TRANSITION_DETAIL_TYPE,
  TRANSITION_SOURCE,
  publishTransitions,
  transitionOf,
  type PutEvents,
  type PutEventsEntry,
  type PutEventsResult,
} from '#functions/events/transitions.ts';

function timelineRecord(dossierId: string, seq: number, type: string, sequenceNumber = String(seq)): DynamoDBRecord {
  const key = keys.timelineEvent(dossierId, seq);
  return {
    eventID: `${dossierId}-${seq}`,
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      Keys: { PK: { S: key.PK }, SK: { S: key.SK } },
      NewImage: {
        PK: { S: key.PK },
        SK: { S: key.SK },
        entity: { S: 'timelineEvent' },
        dossierId: { S: dossierId },
        seq: { N: String(seq) },
        at: { S: '2026-03-02T09:15:00.000Z' },
        type: { S: type },
        actor: { S: 'porteur:user-42' },
        data: { M: { porteurEmail: { S: 'contact@association.fr' }, montant: { N: '1200000' } } },
        prevHash: { S: 'abc' },
        hash: { S: 'def' },
      },
    },
  };
}

const eventOf = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

function fakeBus(
  answer: (entries: PutEventsEntry[], call: number) => PutEventsResult | Error = (entries) => ({
    FailedEntryCount: 0,
    Entries: entries.map(() => ({ EventId: 'id' })),
  }),
) {
  const calls: PutEventsEntry[][] = [];
  const put: PutEvents = async (entries) => {
    calls.push(entries);
    const result = answer(entries, calls.length);
    if (result instanceof Error) throw result;
    return result;
  };
  return { put, calls };
}

const quiet = () => undefined;

describe('transitionOf', () => {
  it('reads the ids and the event type of a new timeline item, and its instant', () => {
    expect(transitionOf(timelineRecord('d-1', 7, 'cp-favourable'))).toEqual({
      detail: { dossierId: 'd-1', seq: 7, eventType: 'cp-favourable' },
      at: new Date('2026-03-02T09:15:00.000Z'),
    });
  });

  it('ignores anything else: modifications, removals, other items of the dossier partition, other records', () => {
    const modify = { ...timelineRecord('d-1', 1, 'submitted'), eventName: 'MODIFY' as const };
    const dossier: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: 'DOSSIER#d-1' }, SK: { S: 'DOSSIER' } }, NewImage: { type: { S: 'x' } } },
    };
    const deadline: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: 'DOSSIER#d-1' }, SK: { S: 'DEADLINE#bilan#1' } }, NewImage: {} },
    };
    const task: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: 'TASK#t' }, SK: { S: 'EVENT#0000000001' } }, NewImage: { type: { S: 'x' } } },
    };
    for (const record of [modify, dossier, deadline, task]) expect(transitionOf(record)).toBeUndefined();
  });
});

describe('publishTransitions', () => {
  it('publishes one DossierTransition per new timeline item, with ids and event type only — no actor, no data', async () => {
    const bus = fakeBus();
    const result = await publishTransitions(eventOf(timelineRecord('d-1', 1, 'submitted'), timelineRecord('d-1', 2, 'acknowledged')), {
      put: bus.put,
      eventBusName: 'inclusion-dossiers',
      log: quiet,
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(bus.calls).toHaveLength(2);
    expect(bus.calls.flat()).toEqual([
      {
        EventBusName: 'inclusion-dossiers',
        Source: TRANSITION_SOURCE,
        DetailType: TRANSITION_DETAIL_TYPE,
        Detail: '{"dossierId":"d-1","seq":1,"eventType":"submitted"}',
        Time: new Date('2026-03-02T09:15:00.000Z'),
      },
      {
        EventBusName: 'inclusion-dossiers',
        Source: TRANSITION_SOURCE,
        DetailType: TRANSITION_DETAIL_TYPE,
        Detail: '{"dossierId":"d-1","seq":2,"eventType":"acknowledged"}',
        Time: new Date('2026-03-02T09:15:00.000Z'),
      },
    ]);
    const everything = JSON.stringify(bus.calls);
    for (const personal of ['porteur:user-42', 'contact@association.fr', '1200000', 'hash']) expect(everything).not.toContain(personal);
    expect(TRANSITION_DETAIL_TYPE).toBe('DossierTransition');
  });

  it('publishes in stream order, one record after the other', async () => {
    const bus = fakeBus();
    const records = Array.from({ length: 23 }, (_, i) => timelineRecord('d-2', i + 1, 'step'));
    await publishTransitions(eventOf(...records), { put: bus.put, eventBusName: 'b', log: quiet });
    expect(bus.calls.map((c) => c.length)).toEqual(records.map(() => 1));
    expect(bus.calls.flat().map((e) => (JSON.parse(e.Detail) as { seq: number }).seq)).toEqual(records.map((_, i) => i + 1));
  });

  it('skips records that are not new timeline items (and says so), publishing the others', async () => {
    const bus = fakeBus();
    const logged: string[] = [];
    const other: DynamoDBRecord = {
      eventID: 'x',
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: 'TASK#t' }, SK: { S: 'TASK' } }, NewImage: {} },
    };
    const result = await publishTransitions(eventOf(other, timelineRecord('d-3', 1, 'submitted')), {
      put: bus.put,
      eventBusName: 'b',
      log: (_l, m) => logged.push(m),
    });
    expect(result.batchItemFailures).toEqual([]);
    expect(bus.calls.flat()).toHaveLength(1);
    expect(logged).toEqual(['stream record skipped: not a new timeline item']);
  });

  it('publishes nothing for a batch without transitions', async () => {
    const bus = fakeBus();
    expect(await publishTransitions(eventOf(), { put: bus.put, eventBusName: 'b', log: quiet })).toEqual({ batchItemFailures: [] });
    expect(bus.calls).toEqual([]);
  });

  it('on an entry EventBridge refuses, publishes nothing more and reports that record and those after it: Lambda retries the shard from it', async () => {
    const bus = fakeBus((entries, call) =>
      call === 14
        ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }
        : { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: 'id' })) },
    );
    const records = Array.from({ length: 25 }, (_, i) => timelineRecord('d-4', i + 1, 'step', `seq-${i + 1}`));
    const errors: unknown[] = [];
    const result = await publishTransitions(eventOf(...records), {
      put: bus.put,
      eventBusName: 'b',
      log: (level, _m, fields) => level === 'error' && errors.push(fields),
    });
    expect(result).toEqual({ batchItemFailures: records.slice(13).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber })) });
    expect(bus.calls).toHaveLength(14);
    expect(errors).toEqual([{ eventID: 'd-4-14', reason: 'InternalFailure: try again' }]);
  });

  it('on a call that throws, reports that record and those after it', async () => {
    const bus = fakeBus((entries, call) =>
      call === 1 ? new Error('socket hang up') : { FailedEntryCount: 0, Entries: entries.map(() => ({})) },
    );
    const result = await publishTransitions(eventOf(timelineRecord('d-5', 1, 'a', '501'), timelineRecord('d-5', 2, 'b', '502')), {
      put: bus.put,
      eventBusName: 'b',
      log: quiet,
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '501' }, { itemIdentifier: '502' }] });
    expect(bus.calls).toHaveLength(1);
  });
});
