/**
 * The CDK app's entry (cdk.json: `npx tsx infra/aws/app.ts`). Stage parameters come from context:
 * `npx cdk deploy -c stage=prod -c senderAddress=… [-c envelopesFile=…] [-c logRetentionDays=…]`
 * (infra/aws/config.ts lists them; README, Deploy).
 */
import { buildApp } from './build-app.ts';

buildApp();
