/**
 * SES: the sender identity (context `senderAddress`, or `senderDomain` to verify the whole
 * domain with Easy DKIM), a configuration set every email goes through, and what SES tells us
 * back.
 *
 * Bounces and complaints: the configuration set publishes BOUNCE, COMPLAINT, REJECT,
 * RENDERING_FAILURE and DELIVERY_DELAY events to the SNS topic `<prefix>-ses-feedback`
 * (encrypted, TLS only; `alarmEmail` is subscribed when given). The account-level suppression
 * list is on for bounces and complaints in the configuration set, so SES itself stops sending to
 * an address that bounced hard or complained; the bounce and complaint rates are alarmed
 * (monitoring.ts). These events carry recipients' addresses: they go to the feedback topic, never
 * to the dossier event bus.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface EmailProps {
  readonly prefix: string;
  readonly senderAddress: string;
  readonly senderDomain?: string;
  readonly key: kms.IKey;
  readonly alarmEmail?: string;
}

export const FEEDBACK_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.RENDERING_FAILURE,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];

export class Email extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  /** The identity SES authorises a send against (the domain when the domain is verified). */
  readonly identityArn: string;
  readonly configurationSetArn: string;
  readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    const identityName = props.senderDomain ?? props.senderAddress;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.prefix,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Opportunistic TLS (SES's default): a notice the call makes legally significant (decision,
      // suspension, reimbursement) must reach a porteur whose mail server lacks TLS.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.OPTIONAL,
    });
    this.identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: props.senderDomain ? ses.Identity.domain(props.senderDomain) : ses.Identity.email(props.senderAddress),
      configurationSet: this.configurationSet,
    });

    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      topicName: `${props.prefix}-ses-feedback`,
      displayName: `${props.prefix} SES bounces and complaints`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.feedbackTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: FEEDBACK_EVENTS,
    });

    const stack = Stack.of(this);
    this.identityArn = stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: identityName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}
