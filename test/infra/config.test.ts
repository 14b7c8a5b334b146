/**
 * Stage parameters come from context, without code change: each is read and checked, and a
 * prod synthesis with its own values carries them into the template.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_SENDER, readStageConfig } from '#infra/aws/config.ts';
import {
  DISPOSITIFS_SPECIFIER,
  EnvelopesFileError,
  dispositifsWithEnvelopes,
  envelopeAliases,
  readEnvelopes,
} from '#infra/aws/envelopes.ts';
import { resourcesOf, synthesize, type Synthesized } from './synth.ts';

const configOf = (context: Record<string, unknown>) => readStageConfig(new App({ context }).node);

describe('readStageConfig', () => {
  it('has defaults that synthesize offline', () => {
    expect(configOf({})).toEqual({
      stage: 'dev',
      prefix: 'inclusion-aap-dev',
      senderAddress: DEFAULT_SENDER,
      logRetention: DEFAULT_LOG_RETENTION_DAYS,
      signInDomainPrefix: 'inclusion-aap-dev',
    });
  });

  it('reads every parameter (strings from -c, numbers from cdk.json)', () => {
    expect(
      configOf({
        stage: 'prod',
        senderAddress: 'aap@inclusion.pasdecalais.fr',
        senderDomain: 'inclusion.pasdecalais.fr',
        envelopesFile: 'stage/envelopes.json',
        logRetentionDays: '731',
        alarmEmail: 'exploitation@pasdecalais.fr',
        signInDomainPrefix: 'connexion-aap-inclusion-62',
        account: '123456789012',
        region: 'eu-west-3',
      }),
    ).toEqual({
      stage: 'prod',
      prefix: 'inclusion-aap-prod',
      senderAddress: 'aap@inclusion.pasdecalais.fr',
      senderDomain: 'inclusion.pasdecalais.fr',
      envelopesFile: 'stage/envelopes.json',
      logRetention: 731,
      alarmEmail: 'exploitation@pasdecalais.fr',
      signInDomainPrefix: 'connexion-aap-inclusion-62',
      account: '123456789012',
      region: 'eu-west-3',
    });
    expect(configOf({ logRetentionDays: 90 }).logRetention).toBe(90);
  });

  it.each([
    [{ stage: 'Prod!' }, /context stage/],
    [{ senderAddress: 'not-an-address' }, /context senderAddress/],
    [{ signInDomainPrefix: 'Connexion' }, /context signInDomainPrefix/],
    [{ signInDomainPrefix: 'my-cognito-login' }, /context signInDomainPrefix/],
    [{ senderAddress: 'a@b.fr', senderDomain: 'c.fr' }, /not an address of senderDomain/],
    [{ logRetentionDays: '42' }, /context logRetentionDays: 42 is not a CloudWatch Logs retention/],
    [{ logRetentionDays: '9999' }, /context logRetentionDays/],
    [{ alarmEmail: 'x' }, /context alarmEmail/],
    [{ account: '12' }, /context account/],
    [{ region: 'paris' }, /context region/],
  ])('refuses %j by its name', (context, message) => {
    expect(() => configOf(context)).toThrow(message);
  });
});

describe('the envelopes file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'inclusion-envelopes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('sets the envelopes of the listed dispositifs, leaves the others, and is checked by the catalog loader', () => {
    const merged = dispositifsWithEnvelopes({ '1.1': 12_345_600 });
    expect(merged.dispositifs.find((d) => d.code === '1.1')?.envelopeCents).toBe(12_345_600);
    expect(merged.dispositifs.find((d) => d.code === '1.2')?.envelopeCents).toBeUndefined();
  });

  it('refuses an unknown dispositif, a bad amount, a bad shape', () => {
    expect(() => dispositifsWithEnvelopes({ '9.9': 100 })).toThrow(/unknown dispositif code\(s\) 9\.9/);
    expect(() => readEnvelopes(file('bad-amount.json', { envelopes: { '1.1': 12.5 } }))).toThrow(EnvelopesFileError);
    expect(() => readEnvelopes(file('bad-shape.json', { '1.1': 100 }))).toThrow(/expected \{ "envelopes"/);
    expect(() => readEnvelopes(file('not-json.json', '{'))).toThrow(EnvelopesFileError);
    expect(() => dispositifsWithEnvelopes({ '1.1': 1e14 })).toThrow(EnvelopesFileError);
  });

  it('becomes an esbuild alias of the catalog import to a checked copy (none without a file)', () => {
    expect(envelopeAliases(undefined)).toEqual({});
    const aliases = envelopeAliases(file('ok.json', { envelopes: { '2.7': 45_000_000 } }));
    expect(Object.keys(aliases)).toEqual([DISPOSITIFS_SPECIFIER]);
  });
});

describe('a prod synthesis with its own parameters', () => {
  let s: Synthesized;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'inclusion-prod-'));
    const envelopes = join(dir, 'envelopes.json');
    writeFileSync(envelopes, JSON.stringify({ envelopes: { '1.1': 30_000_000 } }));
    s = synthesize({
      context: {
        stage: 'prod',
        senderAddress: 'aap@inclusion.pasdecalais.fr',
        senderDomain: 'inclusion.pasdecalais.fr',
        logRetentionDays: '731',
        alarmEmail: 'exploitation@pasdecalais.fr',
        envelopesFile: envelopes,
      },
    });
  }, 120_000);
  afterAll(() => {
    s?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the stack, the bus, the machines after the stage and protects the stack from deletion', () => {
    expect(s.stack.stackName).toBe('InclusionAap-prod');
    expect(s.stack.terminationProtection).toBe(true);
    s.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'inclusion-dossiers' });
    const names = resourcesOf(s.json, 'AWS::StepFunctions::StateMachine').map(([, r]) => r.Properties?.StateMachineName);
    expect(names.sort()).toEqual(['inclusion-aap-prod-bilan', 'inclusion-aap-prod-execution', 'inclusion-aap-prod-instruction']);
  });

  it('uses the sender, verifies the domain, keeps logs the given days, subscribes the alarm address', () => {
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'inclusion.pasdecalais.fr' });
    const sender = s.json.Resources[s.logicalId(s.stack.functions.byName['send-emails'].function)];
    expect(sender?.Properties?.Environment.Variables.EMAIL_SENDER).toBe('aap@inclusion.pasdecalais.fr');
    for (const [, group] of resourcesOf(s.json, 'AWS::Logs::LogGroup')) expect(group.Properties?.RetentionInDays).toBe(731);
    expect(resourcesOf(s.json, 'AWS::SNS::Subscription').map(([, r]) => r.Properties?.Endpoint)).toEqual([
      'exploitation@pasdecalais.fr',
      'exploitation@pasdecalais.fr',
    ]);
  });
});
