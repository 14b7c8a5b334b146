/**
 * The HTTP API (API Gateway v2) and who may call it.
 *
 * - A Cognito user pool: one group per role of the workflow (`porteur`, `service-instructeur`,
 *   `chef-slai-slisl`, `secretariat-cp`: domain/workflow/steps.ts ROLES), a custom attribute
 *   `territory` (a territory code of data/catalog/territories.json) that only an administrator
 *   writes (the app client cannot), MFA required (TOTP), strong passwords, no self sign-up
 *   (administrators create accounts: README, Deploy).
 * - A JWT authorizer on that pool for every route but the public ones (functions/api/public-routes.ts:
 *   the call's reference data): the API function reads the role from `cognito:groups` and the
 *   territory from `custom:territory` (functions/api/identity.ts), so clients send the **ID token**
 *   (the access token carries no custom attribute).
 * - One route `ANY /{proxy+}` to the router function (payload 2.0), the `$default` stage with
 *   JSON access logs and throttling.
 */
import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROLES } from '#domain/workflow/steps.ts';
import { PUBLIC_ROUTES } from '#functions/api/public-routes.ts';

/** The Cognito groups: every role a person can hold (`system` is the platform itself). */
export const USER_GROUPS = ROLES.filter((role) => role !== 'system');
export const TERRITORY_ATTRIBUTE = 'territory';

export interface HttpApiProps {
  readonly prefix: string;
  readonly handler: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
}

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The routes anyone may call (functions/api/public-routes.ts). */
  readonly publicRoutes: apigwv2.HttpRoute[];

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `${props.prefix}-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { [TERRITORY_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
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
      userInvitation: {
        emailSubject: 'Votre accès à l’appel à projets inclusion durable 2026',
        emailBody:
          'Bonjour,<br/>Un compte vous a été ouvert pour l’appel à projets des politiques d’inclusion durable 2026 du Département du Pas-de-Calais.<br/>Identifiant : {username}<br/>Mot de passe provisoire : {####}<br/>À la première connexion, vous choisirez votre mot de passe et configurerez une application d’authentification (double facteur).',
      },
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
    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `${props.prefix}-api`,
      generateSecret: false,
      // SRP for applications; USER_PASSWORD_AUTH so an operator can sign in with the AWS CLI
      // (README, Deploy). Either way the password goes to Cognito only, over TLS, and MFA applies.
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(TERRITORY_ATTRIBUTE),
      // A user may not change their own territory: only email is writable by the client.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: 'Dossiers, tasks, decisions, Commission Permanente (functions/api)',
      createDefaultStage: false,
      defaultAuthorizer: new authorizers.HttpUserPoolAuthorizer('CognitoJwt', this.userPool, {
        userPoolClients: [this.client],
        identitySource: ['$request.header.Authorization'],
      }),
    });
    const router = new integrations.HttpLambdaIntegration('Router', props.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [apigwv2.HttpMethod.ANY], integration: router });
    // Public reference data: no authorizer (a more specific route than /{proxy+}, so it wins).
    this.publicRoutes = PUBLIC_ROUTES.flatMap((route) =>
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: router,
        authorizer: new apigwv2.HttpNoneAuthorizer(),
      }),
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

    // Plain output names (README, Deploy, reads them with describe-stacks).
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' }).overrideLogicalId('ApiUrl');
    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPoolId,
      description: 'Cognito user pool (README: create the first instructor)',
    }).overrideLogicalId('UserPoolId');
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.client.userPoolClientId,
      description: 'App client for sign-in; send the ID token',
    }).overrideLogicalId('UserPoolClientId');
  }
}
