/**
 * The stage's parameters, read from CDK context (`-c key=value` on the command line, or
 * `context` in cdk.json): nothing about a stage is written in the code. Every value is checked
 * here, so a wrong one stops `cdk synth` with its name instead of failing at deploy time.
 *
 * | context key | default | what it sets |
 * |---|---|---|
 * | `stage` | `dev` | the stack name (`InclusionAap-<stage>`) and the prefix of named resources |
 * | `senderAddress` | `aap-inclusion-2026@pasdecalais.fr` | the From of every email (EMAIL_SENDER) |
 * | `senderDomain` | — | verify this domain (Easy DKIM) instead of the single address |
 * | `envelopesFile` | — | JSON `{ "envelopes": { "<dispositif code>": <cents> } }` bundled as the dispositifs' envelopes |
 * | `logRetentionDays` | `365` | retention of every log group (a CloudWatch Logs value: 1, 3, 5, 7, 14, 30, 60, 90, …, 3653) |
 * | `alarmEmail` | — | subscribes this address to the alarm topic and the SES feedback topic |
 * | `signInDomainPrefix` | `inclusion-aap-<stage>` | the managed login domain `<prefix>.auth.<region>.amazoncognito.com` (unique per region) |
 * | `account`, `region` | — | pins the stack to an environment; without them it is environment-agnostic |
 */
import type { Node } from 'constructs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export interface StageConfig {
  readonly stage: string;
  /** `inclusion-aap-<stage>`: the prefix of every named resource. */
  readonly prefix: string;
  readonly senderAddress: string;
  readonly senderDomain?: string;
  readonly envelopesFile?: string;
  readonly logRetention: RetentionDays;
  readonly alarmEmail?: string;
  /** The Cognito domain prefix of managed login. */
  readonly signInDomainPrefix: string;
  readonly account?: string;
  readonly region?: string;
}

export const DEFAULT_SENDER = 'aap-inclusion-2026@pasdecalais.fr';
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** The context keys this app reads (documented above and in the README's Deploy section). */
export const CONTEXT_KEYS = [
  'stage',
  'senderAddress',
  'senderDomain',
  'envelopesFile',
  'logRetentionDays',
  'alarmEmail',
  'signInDomainPrefix',
  'account',
  'region',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

const EMAIL = /^[^\s@]+@([a-z0-9-]+\.)+[a-z]{2,}$/i;
const DOMAIN = /^([a-z0-9-]+\.)+[a-z]{2,}$/i;
const STAGE = /^[a-z][a-z0-9-]{1,15}$/;
/** Cognito's rule for a domain prefix: lower-case letters, digits, hyphens; no aws, amazon or cognito in it. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Every finite CloudWatch Logs retention (INFINITE is refused: the issue wants retention set). */
const RETENTION_VALUES = new Set(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE),
);

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

function text(node: Node, key: ContextKey): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new StageConfigError(`context ${key}: expected a string, got ${JSON.stringify(value)}`);
  return String(value).trim();
}

export function readStageConfig(node: Node): StageConfig {
  const stage = text(node, 'stage') ?? 'dev';
  if (!STAGE.test(stage))
    throw new StageConfigError(`context stage: ${JSON.stringify(stage)} must match ${STAGE} (lower case, 2 to 16 characters)`);

  const senderAddress = text(node, 'senderAddress') ?? DEFAULT_SENDER;
  if (!EMAIL.test(senderAddress))
    throw new StageConfigError(`context senderAddress: ${JSON.stringify(senderAddress)} is not an email address`);

  const senderDomain = text(node, 'senderDomain')?.toLowerCase();
  if (senderDomain !== undefined) {
    if (!DOMAIN.test(senderDomain))
      throw new StageConfigError(`context senderDomain: ${JSON.stringify(senderDomain)} is not a domain name`);
    if (!senderAddress.toLowerCase().endsWith(`@${senderDomain}`)) {
      throw new StageConfigError(`context senderAddress: ${senderAddress} is not an address of senderDomain ${senderDomain}`);
    }
  }

  const retentionText = text(node, 'logRetentionDays') ?? String(DEFAULT_LOG_RETENTION_DAYS);
  const retentionDays = Number(retentionText);
  if (!RETENTION_VALUES.has(retentionDays)) {
    throw new StageConfigError(
      `context logRetentionDays: ${retentionText} is not a CloudWatch Logs retention (one of ${[...RETENTION_VALUES].sort((a, b) => a - b).join(', ')})`,
    );
  }

  const alarmEmail = text(node, 'alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    throw new StageConfigError(`context alarmEmail: ${JSON.stringify(alarmEmail)} is not an email address`);

  const signInDomainPrefix = text(node, 'signInDomainPrefix') ?? `inclusion-aap-${stage}`;
  if (!DOMAIN_PREFIX.test(signInDomainPrefix) || /aws|amazon|cognito/.test(signInDomainPrefix)) {
    throw new StageConfigError(
      `context signInDomainPrefix: ${JSON.stringify(signInDomainPrefix)} must be lower-case letters, digits and hyphens (63 at most), without aws, amazon or cognito`,
    );
  }

  const account = text(node, 'account');
  if (account !== undefined && !/^\d{12}$/.test(account))
    throw new StageConfigError(`context account: ${JSON.stringify(account)} is not a 12-digit AWS account id`);
  const region = text(node, 'region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new StageConfigError(`context region: ${JSON.stringify(region)} is not an AWS region name`);

  const envelopesFile = text(node, 'envelopesFile');

  return {
    stage,
    prefix: `inclusion-aap-${stage}`,
    senderAddress,
    ...(senderDomain !== undefined ? { senderDomain } : {}),
    ...(envelopesFile !== undefined ? { envelopesFile } : {}),
    logRetention: retentionDays as RetentionDays,
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    signInDomainPrefix,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/** The stack's name for a stage. */
export function stackNameOf(stage: string): string {
  return `InclusionAap-${stage}`;
}
