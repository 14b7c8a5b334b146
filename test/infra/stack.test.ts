/**
 * The synthesized stack (default stage, bundling skipped): every resource the issue asks for,
 * with the properties that matter, and least-privilege IAM.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '#adapters/dynamodb/table-design.ts';
import { DEFAULT_SENDER } from '#infra/aws/config.ts';
import { REPOSITORY_ITEM_ACTIONS } from '#infra/aws/constructs/data.ts';
import { FUNCTION_ENTRIES } from '#infra/aws/constructs/functions.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { USER_GROUPS } from '#infra/aws/constructs/api.ts';
import { PROJECT_ROOT } from '#infra/aws/constructs/bundle.ts';
import { API_PATH_PREFIX, API_REQUEST_FUNCTION, CONSOLE_REQUEST_FUNCTION, type ConsoleConfig } from '#infra/aws/constructs/console-site.ts';
import { GATEWAY_ROUTES } from '#functions/api/gateway-routes.ts';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import { PUBLIC_ROUTES } from '#functions/api/public-routes.ts';
import { contentSecurityPolicy } from '../../console/security-headers.ts';
import { definitionOf, MACHINES } from '#workflows/definitions.ts';
import { actionsOf, resourcesOf, resourcesOfStatement, statementsOfRole, synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
}, 120_000);
afterAll(() => s?.cleanup());

const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
/** The machine a name-built ARN (Fn::Join …:stateMachine:inclusion-aap-dev-<machine>) designates. */
const machineNameIn = (arn: unknown): string | undefined => JSON.stringify(arn).match(/:stateMachine:inclusion-aap-dev-([a-z]+)"/)?.[1];

describe('the table', () => {
  it('is built from TABLE_DESIGN: keys, attributes, indexes and projections as the local platform creates them', () => {
    const design = createTableInput('unused');
    const tables = resourcesOf(s.json, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = tables[0]![1] as { Properties: Record<string, unknown> };
    expect(table.Properties.KeySchema).toEqual(design.KeySchema);
    expect(table.Properties.AttributeDefinitions).toEqual(design.AttributeDefinitions);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(design.GlobalSecondaryIndexes);
  });

  it('is on-demand, with point-in-time recovery, encryption at rest, deletion protection, TTL on `ttl` and a NEW_IMAGE stream', () => {
    s.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // SSE on, no key of ours: the AWS managed key aws/dynamodb.
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      }),
    });
  });
});

describe('the functions', () => {
  const functionIds = () =>
    Object.fromEntries(Object.entries(s.stack.functions.byName).map(([name, f]) => [name, s.logicalId(f.function)]));

  it('are the six workers, the six API groups and the transition publisher, Node 24 on ARM, each with its own log group kept 365 days', () => {
    expect(Object.keys(s.stack.functions.byName).sort()).toEqual(Object.keys(FUNCTION_ENTRIES).sort());
    expect(API_GROUPS.map((g) => g.name)).toEqual(['dossiers', 'tasks', 'discretion', 'commission', 'campaign', 'accounts']);
    // Besides aws-cdk-lib's deployment function of the console (tested with the console).
    const functions = resourcesOf(s.json, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    expect(functions).toHaveLength(13);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
      const logGroupId = (fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(s.json.Resources[logGroupId]?.Properties?.RetentionInDays).toBe(365);
    }
  });

  it('get the environment they read', () => {
    const ids = functionIds();
    const variables = (logicalId: string) => s.json.Resources[logicalId]?.Properties?.Environment.Variables as Record<string, unknown>;
    for (const name of [
      'plan-step',
      'create-task',
      'apply-action',
      'daily-enforcement',
      'api-dossiers',
      'api-tasks',
      'api-discretion',
      'api-commission',
    ]) {
      const env = variables(ids[name]!);
      expect(Object.keys(env).sort(), name).toEqual([
        'BILAN_STATE_MACHINE_ARN',
        'EXECUTION_STATE_MACHINE_ARN',
        'INSTRUCTION_STATE_MACHINE_ARN',
        'NODE_OPTIONS',
        'TABLE_NAME',
      ]);
      expect(env.TABLE_NAME).toEqual(ref(s.logicalId(s.stack.data.table)));
      for (const machine of MACHINES) expect(machineNameIn(env[`${machine.toUpperCase()}_STATE_MACHINE_ARN`])).toBe(machine);
    }
    // The API's groups that call no engine: the table (and the user pool where accounts are opened).
    const table = { NODE_OPTIONS: '--enable-source-maps', TABLE_NAME: ref(s.logicalId(s.stack.data.table)) };
    expect(variables(ids['api-campaign']!)).toEqual(table);
    expect(variables(ids['api-accounts']!)).toEqual({ ...table, USER_POOL_ID: ref(s.logicalId(s.stack.api.userPool)) });
    expect(variables(ids['send-emails']!)).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: ref(s.logicalId(s.stack.data.table)),
      EMAIL_SENDER: DEFAULT_SENDER,
      SES_CONFIGURATION_SET: ref(s.logicalId(s.stack.email.configurationSet)),
    });
    expect(variables(s.logicalId(s.stack.events.publisher.function))).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      EVENT_BUS_NAME: ref(s.logicalId(s.stack.events.bus)),
    });
  });

  it('have no AWS managed policy: each role writes only to its own log group', () => {
    for (const fn of [...Object.values(s.stack.functions.byName), s.stack.events.publisher]) {
      const role = s.json.Resources[s.logicalId(fn.role)];
      expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
      const logs = statementsOfRole(s.json, s.logicalId(fn.role)).filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')));
      expect(logs).toEqual([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf(s.logicalId(fn.logGroup)) }),
      ]);
    }
  });

  it('get only the table actions the repository issues, on the table and its four named indexes (no wildcard, no Scan, no DeleteItem)', () => {
    const table = s.logicalId(s.stack.data.table);
    for (const fn of Object.values(s.stack.functions.byName)) {
      const dynamo = statementsOfRole(s.json, s.logicalId(fn.role)).filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
      const actions = new Set(dynamo.flatMap(actionsOf));
      expect([...actions].sort()).toEqual([...REPOSITORY_ITEM_ACTIONS].sort());
      const resources = dynamo.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(resources).toContain(JSON.stringify(arnOf(table)));
      for (const index of ['GSI1', 'GSI2', 'GSI3', 'GSI4']) {
        expect(resources).toContain(JSON.stringify({ 'Fn::Join': ['', [arnOf(table), `/index/${index}`]] }));
      }
      expect(resources.join()).not.toContain('*');
    }
  });

  it('call Step Functions only where the code does: the API’s groups (start, callbacks, a dossier’s execution histories), create-task (waking the execution monitor), the redelivery (callbacks)', () => {
    const sfnStatements = (name: string) =>
      statementsOfRole(s.json, s.logicalId(s.stack.functions.byName[name as keyof typeof s.stack.functions.byName]!.role)).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('states:')),
      );
    for (const name of ['plan-step', 'apply-action', 'send-emails', 'daily-enforcement', 'api-campaign', 'api-accounts'])
      expect(sfnStatements(name), name).toEqual([]);
    const wake = sfnStatements('create-task');
    expect(wake.map(actionsOf)).toEqual([['states:SendTaskSuccess']]);
    expect(resourcesOfStatement(wake[0]!).map(machineNameIn)).toEqual(['execution']);
    const redeliver = sfnStatements('redeliver-decisions');
    expect(redeliver.map(actionsOf)).toEqual([['states:SendTaskSuccess']]);
    expect(resourcesOfStatement(redeliver[0]!).map(machineNameIn).sort()).toEqual([...MACHINES].sort());
    // A submission starts the instruction; a dossier's path (GET /dossiers/{id}/parcours) reads the histories of its executions.
    const dossiers = sfnStatements('api-dossiers');
    expect(dossiers.map(actionsOf)).toEqual([['states:StartExecution'], ['states:GetExecutionHistory']]);
    expect(resourcesOfStatement(dossiers[0]!).map(machineNameIn)).toEqual(['instruction']);
    expect(resourcesOfStatement(dossiers[1]!).map((r) => JSON.stringify(r))).toEqual(
      MACHINES.map((m) => expect.stringMatching(new RegExp(`:execution:inclusion-aap-dev-${m}:\\*`))),
    );
    // Decisions (the inbox's, the CP's) and the actions that wake a waiting step answer the callbacks of the three machines.
    for (const name of ['api-tasks', 'api-discretion', 'api-commission']) {
      const callbacks = sfnStatements(name);
      expect(callbacks.map(actionsOf), name).toEqual([['states:SendTaskSuccess']]);
      expect(resourcesOfStatement(callbacks[0]!).map(machineNameIn).sort()).toEqual([...MACHINES].sort());
    }
  });

  it('send email only as the sender, through the configuration set: ses:SendEmail on the identity and the configuration set ARNs', () => {
    const ses = statementsOfRole(s.json, s.logicalId(s.stack.functions.byName['send-emails'].role)).filter((st) =>
      actionsOf(st).some((a) => a.startsWith('ses:')),
    );
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!)).toEqual(['ses:SendEmail']);
    const resources = resourcesOfStatement(ses[0]!).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(2);
    expect(resources.some((r) => r.includes(`:identity/${DEFAULT_SENDER}`))).toBe(true);
    expect(resources.some((r) => r.includes(':configuration-set/') && r.includes(s.logicalId(s.stack.email.configurationSet)))).toBe(true);
    for (const name of Object.keys(s.stack.functions.byName).filter((n) => n !== 'send-emails')) {
      const role = s.logicalId(s.stack.functions.byName[name as 'send-emails'].role);
      expect(
        statementsOfRole(s.json, role)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('ses:')),
      ).toEqual([]);
    }
  });
});

describe('the HTTP API', () => {
  it('sends every route to its group’s function behind a JWT authorizer on the Cognito user pool (both clients), but the public ones', () => {
    const pool = s.logicalId(s.stack.api.userPool);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [ref(s.logicalId(s.stack.api.client)), ref(s.logicalId(s.stack.api.consoleClient))],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref(pool)]] },
      },
    });
    const integrationOf = new Map(
      resourcesOf(s.json, 'AWS::ApiGatewayV2::Integration').map(([id, i]) => {
        expect(i.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
        return [id, JSON.stringify(i.Properties?.IntegrationUri)];
      }),
    );
    expect(integrationOf.size).toBe(API_GROUPS.length);
    const routes = Object.fromEntries(
      resourcesOf(s.json, 'AWS::ApiGatewayV2::Route').map(([, r]) => {
        const integration = (r.Properties!.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1] as { Ref: string };
        return [r.Properties?.RouteKey as string, { auth: r.Properties?.AuthorizationType, target: integrationOf.get(integration.Ref) }];
      }),
    );
    // Public: the call's reference data (anyone may read it) and the account request (a porteur has no account yet).
    expect(PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /referentiel', 'POST /demandes-de-compte']);
    expect(Object.keys(routes).sort()).toEqual(GATEWAY_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of GATEWAY_ROUTES) {
      const key = `${route.method} ${route.path}`;
      expect(routes[key], key).toEqual({
        auth: PUBLIC_ROUTES.some((p) => `${p.method} ${p.path}` === key) ? 'NONE' : 'JWT',
        target: JSON.stringify(arnOf(s.logicalId(s.stack.functions.api[route.group.name]!.function))),
      });
    }
    expect(routes['ANY /{proxy+}']).toEqual({
      auth: 'JWT',
      target: JSON.stringify(arnOf(s.logicalId(s.stack.functions.api.campaign!.function))),
    });
    expect(routes['POST /taches/{id}/decision']?.target).toBe(JSON.stringify(arnOf(s.logicalId(s.stack.functions.api.tasks!.function))));
    // Each function may be invoked by this API only (one permission per function, not one per route).
    const permissions = resourcesOf(s.json, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties?.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions).toHaveLength(API_GROUPS.length);
  });

  it('logs every access (JSON, with the request id) and throttles', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: arnOf(s.logicalId(s.stack.api.accessLogs)),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      // The account request's own throttle (PUBLIC_ROUTES); the reference data keeps the stage's.
      RouteSettings: { 'POST /demandes-de-compte': { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 5 } },
    });
  });

  it('authenticates with a Cognito user pool: the four role groups, custom:territory and custom:siret written by administrators only, MFA required', () => {
    expect(USER_GROUPS).toEqual(['porteur', 'service-instructeur', 'chef-slai-slisl', 'secretariat-cp']);
    const groups = resourcesOf(s.json, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties?.GroupName as string);
    expect(groups.sort()).toEqual([...USER_GROUPS].sort());
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'territory', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'siret', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '14', MaxLength: '14' } }),
      ]),
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      DeletionProtection: 'ACTIVE',
    });
    const clients = resourcesOf(s.json, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(2);
    for (const [, client] of clients) {
      expect(client.Properties?.ReadAttributes).toEqual(expect.arrayContaining(['custom:territory', 'custom:siret']));
      expect(client.Properties?.WriteAttributes).toEqual(['email']);
      expect(client.Properties?.GenerateSecret).toBe(false);
    }
    // The operators' client has no OAuth flow at all (no implicit grant left on by default).
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'inclusion-aap-dev-api',
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
    });
  });
});

describe('porteur accounts', () => {
  it('are opened by the accounts group’s function only: AdminCreateUser, AdminGetUser, AdminAddUserToGroup on the user pool', () => {
    const cognitoOf = (name: string) =>
      statementsOfRole(s.json, s.logicalId(s.stack.functions.byName[name as 'api-accounts']!.role)).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('cognito-idp:')),
      );
    const api = cognitoOf('api-accounts');
    expect(api).toHaveLength(1);
    expect(actionsOf(api[0]!).sort()).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminGetUser',
    ]);
    expect(api[0]!.Resource).toEqual(arnOf(s.logicalId(s.stack.api.userPool)));
    for (const name of Object.keys(s.stack.functions.byName).filter((n) => n !== 'api-accounts')) expect(cognitoOf(name), name).toEqual([]);
  });
});

describe('the console on AWS', () => {
  const distribution = () => resourcesOf(s.json, 'AWS::CloudFront::Distribution')[0]![1].Properties!.DistributionConfig;
  const filesBucket = () => s.logicalId(s.stack.site.bucket);
  const consoleUrl = () => ({
    'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.site.distribution), 'DomainName'] }, '/']],
  });
  /** CloudFront's managed policies (ids from the AWS documentation). */
  const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
  const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
  const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

  it('keeps its files in a private, encrypted, TLS-only bucket with access logs', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: ref(s.logicalId(s.stack.site.logBucket)), LogFilePrefix: 's3/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(s.json.Resources[filesBucket()]?.Properties?.WebsiteConfiguration).toBeUndefined();
  });

  it('lets only this distribution read the bucket, through origin access control (the bucket policy)', () => {
    const policies = resourcesOf(s.json, 'AWS::S3::BucketPolicy').filter(
      ([, p]) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify(ref(filesBucket())),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]![1].Properties!.PolicyDocument.Statement as {
      Effect: string;
      Principal: unknown;
      Action: string;
      Condition: unknown;
    }[];
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [arnOf(filesBucket()), '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  ref(s.logicalId(s.stack.site.distribution)),
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(statements.filter((st) => st.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    s.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const s3Origin = distribution().Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin.DomainName).toEqual({ 'Fn::GetAtt': [filesBucket(), 'RegionalDomainName'] });
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  });

  it('serves the console by default (HTTPS, index.html) and the HTTP API under /api/* (never cached, Authorization forwarded, Host not)', () => {
    const config = distribution();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: CACHING_OPTIMIZED,
    });
    expect(config.CacheBehaviors).toHaveLength(1);
    const api = config.CacheBehaviors[0];
    expect(api).toMatchObject({
      PathPattern: `${API_PATH_PREFIX}/*`,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(origin).toMatchObject({
      DomainName: {
        'Fn::Join': ['', [ref(s.logicalId(s.stack.api.httpApi)), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
      },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [s.logicalId(s.stack.site.logBucket), 'RegionalDomainName'] } });
  });

  it('rewrites on the edge: a task link goes to the console route, /api/… reaches the API without its prefix', () => {
    // The very code of the CloudFront functions (cloudfront-js-2.0 is ECMAScript), run here.
    const run = (code: string, uri: string) => new Function(`${code}; return handler;`)()({ request: { uri, method: 'GET', headers: {} } });
    expect(run(CONSOLE_REQUEST_FUNCTION, '/taches/T-01ab_c')).toEqual({
      statusCode: 302,
      statusDescription: 'Found',
      headers: { location: { value: '/#/taches/T-01ab_c' } },
    });
    expect(run(CONSOLE_REQUEST_FUNCTION, '/js/app.js').uri).toBe('/js/app.js');
    expect(run(CONSOLE_REQUEST_FUNCTION, '/taches/../x').uri).toBe('/taches/../x');
    expect(run(API_REQUEST_FUNCTION, '/api/dossiers/D-1').uri).toBe('/dossiers/D-1');
    expect(run(API_REQUEST_FUNCTION, '/api/').uri).toBe('/');
    const functions = resourcesOf(s.json, 'AWS::CloudFront::Function').map(
      ([, f]) => f.Properties as { FunctionCode: string; FunctionConfig: { Runtime: string } },
    );
    expect(functions.map((f) => f.FunctionCode).sort()).toEqual([API_REQUEST_FUNCTION, CONSOLE_REQUEST_FUNCTION].sort());
    for (const f of functions) expect(f.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  });

  it('sends the security headers on both behaviours: the console’s CSP (sign-in domain in connect-src), HSTS, nosniff, no framing, no referrer', () => {
    const policyId = ref(s.logicalId(s.stack.site.headers));
    const config = distribution();
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyId);
    expect(config.CacheBehaviors[0].ResponseHeadersPolicyId).toEqual(policyId);
    const headers = resourcesOf(s.json, 'AWS::CloudFront::ResponseHeadersPolicy')[0]![1].Properties!.ResponseHeadersPolicyConfig
      .SecurityHeadersConfig;
    const joined = headers.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] as (string | { Ref: string })[];
    const csp = joined.map((part) => (typeof part === 'string' ? part : `<${part.Ref}>`)).join('');
    expect(csp).toBe(contentSecurityPolicy('https://inclusion-aap-dev.auth.<AWS::Region>.amazoncognito.com'));
    expect(headers).toMatchObject({
      ContentSecurityPolicy: { Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
  });

  it('signs in with managed login: a public client, authorization code only (the console sends PKCE), back to the console', () => {
    const consoleClient = s.logicalId(s.stack.api.consoleClient);
    expect(s.json.Resources[consoleClient]?.Properties).toMatchObject({
      ClientName: 'inclusion-aap-dev-console',
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [consoleUrl()],
      LogoutURLs: [consoleUrl()],
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 60,
    });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'inclusion-aap-dev',
      ManagedLoginVersion: 2,
      UserPoolId: ref(s.logicalId(s.stack.api.userPool)),
    });
    s.template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: ref(consoleClient),
      UseCognitoProvidedValues: true,
    });
    // The invitation tells where to sign in: the console.
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({
        InviteMessageTemplate: Match.objectLike({
          EmailMessage: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [s.logicalId(s.stack.site.distribution), 'DomainName'] }])] },
        }),
      }),
    });
  });

  it('deploys console/public with a config.json written from the stack (API base, user pool, client, sign-in domain), then invalidates', () => {
    const deployments = resourcesOf(s.json, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(1);
    const props = deployments[0]![1].Properties!;
    expect(props).toMatchObject({
      DestinationBucketName: ref(filesBucket()),
      DistributionId: ref(s.logicalId(s.stack.site.distribution)),
      DistributionPaths: ['/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    const [files, config, ...definitions] = (props.SourceObjectKeys as string[]).map((key) =>
      join(s.assemblyDir, `asset.${key.replace(/\.zip$/, '')}`),
    );
    // Beside the console, the state machines' definitions it draws a dossier's path on: the very ASL the engine runs.
    expect(definitions.map((dir) => readdirSync(join(dir!, 'workflows')))).toEqual(MACHINES.map((m) => [`${m}.asl.json`]));
    for (const [i, machine] of MACHINES.entries())
      expect(JSON.parse(readFileSync(join(definitions[i]!, 'workflows', `${machine}.asl.json`), 'utf8'))).toEqual(definitionOf(machine));
    expect(readdirSync(files!).sort()).toEqual(
      readdirSync(join(PROJECT_ROOT, 'console', 'public'))
        .filter((f) => f !== 'config.json')
        .sort(),
    );
    // The deploy-time values are markers in the file, each standing for a reference.
    const markers = (props.SourceMarkers as Record<string, { Ref: string }>[])[1]!;
    const written = JSON.parse(
      readFileSync(join(config!, 'config.json'), 'utf8').replace(/<<marker:0xbaba:\d+>>/g, (m) => `<${markers[m]!.Ref}>`),
    ) as ConsoleConfig;
    expect(written).toEqual({
      apiBaseUrl: API_PATH_PREFIX,
      identite: 'jwt',
      connexion: {
        domaine: `https://<${s.logicalId(s.stack.api.domain)}>.auth.<AWS::Region>.amazoncognito.com`,
        clientId: `<${s.logicalId(s.stack.api.consoleClient)}>`,
        userPoolId: `<${s.logicalId(s.stack.api.userPool)}>`,
        region: '<AWS::Region>',
      },
    });
    expect(s.json.Outputs?.ConsoleUrl).toBeDefined();
  });
});

describe('scheduling', () => {
  it('runs the daily enforcement at 06:00 Europe/Paris through EventBridge Scheduler, with a DLQ and a retry policy', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: arnOf(s.logicalId(s.stack.functions.byName['daily-enforcement'].function)),
        DeadLetterConfig: { Arn: arnOf(s.logicalId(s.stack.scheduling.schedulerDeadLetterQueue)) },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
      }),
    });
  });

  it('runs the outbox sender every 2 minutes, with the same DLQ', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(2 minutes)',
      Target: Match.objectLike({
        Arn: arnOf(s.logicalId(s.stack.functions.byName['send-emails'].function)),
        DeadLetterConfig: { Arn: arnOf(s.logicalId(s.stack.scheduling.schedulerDeadLetterQueue)) },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 1 }),
      }),
    });
  });

  it('sends failed asynchronous invocations of both scheduled functions to an on-failure queue', () => {
    for (const name of ['daily-enforcement', 'send-emails'] as const) {
      s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: ref(s.logicalId(s.stack.functions.byName[name].function)),
        DestinationConfig: { OnFailure: { Destination: arnOf(s.logicalId(s.stack.scheduling.asyncFailureQueue)) } },
      });
    }
  });

  it('keeps every queue encrypted and TLS-only', () => {
    for (const [, queue] of resourcesOf(s.json, 'AWS::SQS::Queue')) expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    for (const [, policy] of resourcesOf(s.json, 'AWS::SQS::QueuePolicy')) {
      expect(JSON.stringify(policy.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe('SES', () => {
  it('has a configuration set, the sender identity from context, and bounce/complaint events to an SNS topic', () => {
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'inclusion-aap-dev',
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: DEFAULT_SENDER,
      ConfigurationSetAttributes: { ConfigurationSetName: ref(s.logicalId(s.stack.email.configurationSet)) },
    });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: ref(s.logicalId(s.stack.email.feedbackTopic)) },
      }),
    });
  });
});

describe('dossier events', () => {
  it('publishes on the bus inclusion-dossiers-<stage> from the table stream, filtered to new timeline items, with an on-failure queue', () => {
    s.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'inclusion-dossiers-dev' });
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [s.logicalId(s.stack.data.table), 'StreamArn'] },
      FunctionName: ref(s.logicalId(s.stack.events.publisher.function)),
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'EVENT#' }] } } } }) }],
      },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: arnOf(s.logicalId(s.stack.events.deadLetterQueue)) } },
    });
    const statements = statementsOfRole(s.json, s.logicalId(s.stack.events.publisher.role));
    const put = statements.filter((st) => actionsOf(st).includes('events:PutEvents'));
    expect(put).toEqual([expect.objectContaining({ Resource: arnOf(s.logicalId(s.stack.events.bus)) })]);
    expect(
      statements
        .flatMap(actionsOf)
        .filter(
          (a) =>
            a.startsWith('dynamodb:') &&
            !['dynamodb:ListStreams', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].includes(a),
        ),
    ).toEqual([]);
  });
});

describe('alarms', () => {
  const alarms = () =>
    resourcesOf(s.json, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties as { MetricName: string; Dimensions?: { Name: string; Value: unknown }[]; AlarmActions: unknown[] },
    );
  const dimensionOf = (a: { Dimensions?: { Value: unknown }[] }) => JSON.stringify(a.Dimensions?.[0]?.Value);

  it('watch failed and timed-out executions of each machine', () => {
    for (const machine of MACHINES) {
      const id = JSON.stringify(ref(s.logicalId(s.stack.workflows.machines[machine])));
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        expect(
          alarms().filter((a) => a.MetricName === metric && dimensionOf(a) === id),
          `${machine} ${metric}`,
        ).toHaveLength(1);
      }
    }
  });

  it('watch every dead-letter queue and every function', () => {
    for (const queue of [
      s.stack.scheduling.schedulerDeadLetterQueue,
      s.stack.scheduling.asyncFailureQueue,
      s.stack.events.deadLetterQueue,
    ]) {
      const id = JSON.stringify({ 'Fn::GetAtt': [s.logicalId(queue), 'QueueName'] });
      expect(alarms().filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && dimensionOf(a) === id)).toHaveLength(1);
    }
    for (const fn of [...Object.values(s.stack.functions.byName), s.stack.events.publisher]) {
      const id = JSON.stringify(ref(s.logicalId(fn.function)));
      expect(alarms().filter((a) => a.MetricName === 'Errors' && dimensionOf(a) === id)).toHaveLength(1);
    }
  });

  it('all notify the alarm topic, which is encrypted with a rotating customer key and TLS-only', () => {
    const topic = ref(s.logicalId(s.stack.monitoring.alarmTopic));
    expect(alarms().length).toBeGreaterThanOrEqual(3 * 2 + 3 + 7);
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([topic]);
    s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arnOf(s.logicalId(s.stack.monitoring.key)) });
    s.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});
