/**
 * Dossier transitions on an EventBridge bus: the table's stream → `publish-transitions`
 * (functions/events) → bus `inclusion-dossiers` (suffixed with the stage outside prod), one
 * `DossierTransition` event per new timeline item, ids and event type only.
 *
 * The event source mapping filters the stream before the function runs (INSERT of an item whose
 * SK starts with the timeline prefix of adapters/dynamodb/keys.ts), so the function is invoked
 * for nothing else. Records that still fail after the retries (bisecting the batch to isolate a
 * bad record) go to the `transitions-dlq` queue (the on-failure destination) with the shard and
 * sequence numbers to replay them from; that queue is alarmed.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TRANSITION_PATTERN, TRANSITIONS_MAPPING } from '#functions/events/transitions.ts';
import { AppFunction } from './app-function.ts';

export const PUBLISHER_ENTRY = 'functions/events/publish-transitions.ts';

export function eventBusNameOf(stage: string): string {
  return stage === 'prod' ? 'inclusion-dossiers' : `inclusion-dossiers-${stage}`;
}

export interface DossierEventsProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly logRetention: logs.RetentionDays;
}

export class DossierEvents extends Construct {
  readonly bus: events.EventBus;
  readonly publisher: AppFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DossierEventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: eventBusNameOf(props.stage),
      description: 'Dossier transitions of the inclusion call for projects (detail-type DossierTransition: dossierId, seq, eventType)',
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.publisher = new AppFunction(this, 'publish-transitions', {
      entry: PUBLISHER_ENTRY,
      description: 'Publishes each new timeline item as a DossierTransition event (ids and event type only)',
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    this.bus.grantPutEventsTo(this.publisher.function);
    this.publisher.function.addEventSource(
      new sources.DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: TRANSITIONS_MAPPING.batchSize,
        maxBatchingWindow: Duration.seconds(TRANSITIONS_MAPPING.maxBatchingWindowSeconds),
        bisectBatchOnError: true,
        retryAttempts: TRANSITIONS_MAPPING.retryAttempts,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new sources.SqsDlq(this.deadLetterQueue),
        // New timeline items only: the pattern the local platform's mapping applies too (functions/events/transitions.ts).
        filters: [lambda.FilterCriteria.filter(TRANSITION_PATTERN)],
      }),
    );
  }
}
