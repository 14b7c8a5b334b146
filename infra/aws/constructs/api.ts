/**
 * The HTTP API (API Gateway v2) and who may call it.
 *
 * - A Cognito user pool: one group per role of the workflow (`porteur`, `service-instructeur`,
 *   `chef-slai-slisl`, `secretariat-cp`: domain/workflow/steps.ts ROLES), custom attributes that
 *   only an administrator or the service writes (no app client can): `territory` (a territory
 *   code of data/catalog/territories.json) for staff, `siret` (the structure) for porteurs; MFA
 *   required (TOTP), strong passwords, no self sign-up (staff accounts are created by an
 *   administrator, porteur accounts by the service on request: README, Deploy).
 * - Managed login on a Cognito domain (the newer managed login, Cognito's own branding) for the
 *   console's client: authorization code grant only, public (no secret: the console runs in the
 *   browser and sends PKCE), callback and sign-out URL the console's address. A second client
 *   without OAuth serves operators on the AWS CLI (USER_PASSWORD_AUTH, MFA still applies).
 * - A JWT authorizer on that pool (both clients) for every route but the public ones
 *   (functions/api/public-routes.ts): the API function reads the role from `cognito:groups`, the
 *   territory and the SIRET from the custom attributes (functions/api/identity.ts), so clients
 *   send the **ID token** (the access token carries no custom attribute).
 * - Every route to the function of its group (functions/api/gateway-routes.ts: each declared
 *   route, `ANY` on each declared path, `ANY /{proxy+}` for the rest; payload 2.0), the `$default`
 *   stage with JSON access logs and throttling.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { INVITATION_SUBJECT, invitationBody } from '#domain/accounts/invitation.ts';
import { ROLES } from '#domain/workflow/steps.ts';
import { GATEWAY_ROUTES } from '#functions/api/gateway-routes.ts';
import { type ApiGroup, needsAccounts } from '#functions/api/group.ts';
import { API_GROUPS } from '#functions/api/groups/index.ts';
import { PUBLIC_ROUTES } from '#functions/api/public-routes.ts';

/** The Cognito groups: every role a person can hold (`system` is the platform itself). */
export const USER_GROUPS = ROLES.filter((role) => role !== 'system');
export const TERRITORY_ATTRIBUTE = 'territory';
export const SIRET_ATTRIBUTE = 'siret';

export interface HttpApiProps {
  readonly prefix: string;
  /** The API's functions, by group name (functions/api/groups/). */
  readonly handlers: Readonly<Record<string, lambda.Function>>;
  readonly logRetention: logs.RetentionDays;
  /** The prefix of the Cognito domain of managed login (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly signInDomainPrefix: string;
  /** The console's address: where managed login returns after sign-in and sign-out. */
  readonly consoleUrl: string;
}

/** The managed login domain's origin for a domain prefix (the console's CSP needs it before the domain exists). */
export function signInOriginOf(scope: Construct, domainPrefix: string): string {
  return `https://${domainPrefix}.auth.${Stack.of(scope).region}.amazoncognito.com`;
}

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  /** Operators on the AWS CLI (no OAuth). */
  readonly client: cognito.UserPoolClient;
  /** The console: managed login, authorization code + PKCE. */
  readonly consoleClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly httpApi: apigwv2.HttpApi;
  /** The routes anyone may call, without authorizer, in the order of PUBLIC_ROUTES (functions/api/public-routes.ts). */
  readonly publicRoutes: apigwv2.HttpRoute[];
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `${props.prefix}-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [TERRITORY_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        [SIRET_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 14, maxLen: 14, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: { emailSubject: INVITATION_SUBJECT, emailBody: invitationBody(props.consoleUrl) },
      userVerification: {
        emailSubject: 'Votre code de vérification',
        emailBody: 'Votre code de vérification est {####}.',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of USER_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `Role ${group} (functions/api/identity.ts reads it from cognito:groups)`,
      });
    }
    const clientDefaults = {
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(TERRITORY_ATTRIBUTE, SIRET_ATTRIBUTE),
      // A user may change neither their territory nor their SIRET: only email is writable by a client.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    } satisfies Partial<cognito.UserPoolClientOptions>;
    this.client = this.userPool.addClient('ApiClient', {
      ...clientDefaults,
      userPoolClientName: `${props.prefix}-api`,
      // SRP for applications; USER_PASSWORD_AUTH so an operator can sign in with the AWS CLI
      // (README, Deploy). Either way the password goes to Cognito only, over TLS, and MFA applies.
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
    });
    this.consoleClient = this.userPool.addClient('ConsoleClient', {
      ...clientDefaults,
      userPoolClientName: `${props.prefix}-console`,
      // Managed login only: no password flow of the client's own (refresh tokens still work).
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}/`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    });
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // The newer managed login shows a page only for a client with a style: Cognito's own.
    new cognito.CfnManagedLoginBranding(this, 'SignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: 'Dossiers, tasks, decisions, Commission Permanente (functions/api)',
      createDefaultStage: false,
      defaultAuthorizer: new authorizers.HttpUserPoolAuthorizer('CognitoJwt', this.userPool, {
        userPoolClients: [this.client, this.consoleClient],
        identitySource: ['$request.header.Authorization'],
      }),
    });
    const handlerOf = (group: ApiGroup) => {
      const handler = props.handlers[group.name];
      if (!handler) throw new Error(`HTTP API: no function for the group ${group.name}`);
      return handler;
    };
    // The group that opens porteur accounts (functions/api/routes/accounts.ts, adapters/cognito): in this pool, in the porteur group only by its code.
    for (const group of API_GROUPS.filter(needsAccounts)) {
      handlerOf(group).addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
      this.userPool.grant(handlerOf(group), 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminAddUserToGroup');
    }
    // One integration per group; one invoke permission per function for this API (not one per route: ≈ 60 routes).
    const integrationOf = new Map(
      API_GROUPS.map((group) => [
        group,
        new integrations.HttpLambdaIntegration(`Api-${group.name}`, handlerOf(group), {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
          scopePermissionToRoute: false,
        }),
      ]),
    );
    // A public route (the call's reference data; a porteur asking for an account has none yet) has no authorizer.
    const routes = GATEWAY_ROUTES.map((route) => ({
      route,
      added: this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf.get(route.group)!,
        ...(route.public ? { authorizer: new apigwv2.HttpNoneAuthorizer() } : {}),
      }),
    }));
    this.publicRoutes = PUBLIC_ROUTES.flatMap(
      (pub) => routes.find(({ route }) => route.public && route.method === pub.method && route.path === pub.path)!.added,
    );

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigw.AccessLogField.contextRequestId(),
            requestTime: apigw.AccessLogField.contextRequestTime(),
            ip: apigw.AccessLogField.contextIdentitySourceIp(),
            method: apigw.AccessLogField.contextHttpMethod(),
            path: apigw.AccessLogField.contextPath(),
            routeKey: '$context.routeKey',
            status: apigw.AccessLogField.contextStatus(),
            protocol: apigw.AccessLogField.contextProtocol(),
            responseLength: apigw.AccessLogField.contextResponseLength(),
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            user: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    // A public route may have its own, tighter throttle (PUBLIC_ROUTES `throttle`).
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    const throttled = PUBLIC_ROUTES.filter((route) => route.throttle);
    if (throttled.length > 0) {
      cfnStage.routeSettings = Object.fromEntries(
        throttled.map((route) => [
          `${route.method} ${route.path}`,
          { ThrottlingRateLimit: route.throttle!.rateLimit, ThrottlingBurstLimit: route.throttle!.burstLimit },
        ]),
      );
      for (const route of this.publicRoutes) cfnStage.node.addDependency(route);
    }

    // Plain output names (README, Deploy, reads them with describe-stacks).
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' }).overrideLogicalId('ApiUrl');
    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: 'Cognito user pool (README: create the first instructor)',
    }).overrideLogicalId('UserPoolId');
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.client.userPoolClientId,
      description: 'App client for operators on the AWS CLI (USER_PASSWORD_AUTH); send the ID token',
    }).overrideLogicalId('UserPoolClientId');
    new CfnOutput(this, 'ConsoleClientId', {
      value: this.consoleClient.userPoolClientId,
      description: 'App client of the console (managed login, authorization code + PKCE)',
    }).overrideLogicalId('ConsoleClientId');
    new CfnOutput(this, 'SignInDomain', {
      value: this.domain.baseUrl(),
      description: 'Managed login (sign-in pages)',
    }).overrideLogicalId('SignInDomain');
  }
}
