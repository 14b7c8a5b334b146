/**
 * The web console on AWS: `console/public/` in a private S3 bucket that only CloudFront reads
 * (origin access control), and the HTTP API behind the same distribution at `/api/*`, so the
 * console calls its own origin (no CORS to configure, the Authorization header reaching the JWT
 * authorizer). Security headers (CSP, HSTS, …) come from one response headers policy, built from
 * the same definition the local platform sends (console/security-headers.ts). The console's
 * `config.json` is written at deploy time from the stack's values (user pool, client, sign-in
 * domain, API base) beside the static files; a deployment invalidates the distribution.
 *
 * Two phases, because the sign-in client needs the site's address and the API needs the client:
 * the constructor makes the bucket and the distribution; `publish` adds the API behaviour and
 * the files once the API and the client exist.
 */
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { HSTS_MAX_AGE_SECONDS, contentSecurityPolicy } from '../../../console/security-headers.ts';
import { definitionOf, MACHINES } from '#workflows/definitions.ts';
import { PROJECT_ROOT } from './bundle.ts';

/** The path under which CloudFront hands requests to the HTTP API (the prefix is removed on the way). */
export const API_PATH_PREFIX = '/api';

/** What the console reads from config.json (console/public/js/api.js). */
export interface ConsoleConfig {
  readonly apiBaseUrl: string;
  readonly identite: 'jwt';
  readonly connexion: { readonly domaine: string; readonly clientId: string; readonly userPoolId: string; readonly region: string };
}

export interface ConsoleSiteProps {
  readonly prefix: string;
  /** How long logs are kept (the access logs in S3, the deployment function's in CloudWatch). */
  readonly logRetention: logs.RetentionDays;
  /** https://<sign-in domain>: the console exchanges the authorization code there (CSP connect-src). */
  readonly signInOrigin: string;
}

/**
 * Viewer-request functions (cloudfront-js-2.0). A notification's task link `/taches/<id>` is
 * sent to the console's route `/#/taches/<id>`; a request under /api loses the prefix before it
 * reaches the API (its routes are at the root, as on the local platform).
 */
export const CONSOLE_REQUEST_FUNCTION = `function handler(event) {
  var request = event.request;
  var task = /^\\/taches\\/([A-Za-z0-9_-]+)\\/?$/.exec(request.uri);
  if (task) return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/#/taches/' + task[1] } } };
  return request;
}`;
export const API_REQUEST_FUNCTION = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.slice(${API_PATH_PREFIX.length}) || '/';
  return request;
}`;

export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** https://<distribution domain>: the console's address, its sign-in callback and sign-out return. */
  readonly url: string;
  private readonly logRetention: logs.RetentionDays;
  deployment: s3deploy.BucketDeployment | undefined;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.logRetention = props.logRetention;
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL (the awslogsdelivery account).
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // Only the deployment writes it: the files come back with the next deploy.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${props.prefix}-console-headers`,
      comment: 'Console and API: CSP (console/security-headers.ts), HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.signInOrigin), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.prefix}: web console (S3) and HTTP API (${API_PATH_PREFIX}/*)`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'ConsoleRequest', {
              comment: 'Task links /taches/<id> → /#/taches/<id>',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(CONSOLE_REQUEST_FUNCTION),
            }),
          },
        ],
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
  }

  /** The API behind `/api/*`, and the files with their config.json. */
  publish(options: { httpApi: apigwv2.HttpApi; config: ConsoleConfig }): void {
    const stack = Stack.of(this);
    this.distribution.addBehavior(
      `${API_PATH_PREFIX}/*`,
      new origins.HttpOrigin(`${options.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Never cached; every viewer header but Host goes to the API (with caching disabled this
        // includes Authorization; API Gateway refuses a foreign Host).
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.headers,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'ApiRequest', {
              comment: `Removes the ${API_PATH_PREFIX} prefix before the HTTP API`,
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(API_REQUEST_FUNCTION),
            }),
          },
        ],
      },
    );
    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(join(PROJECT_ROOT, 'console', 'public'), { exclude: ['config.json'] }),
        s3deploy.Source.jsonData('config.json', options.config),
        // The state machines as the engine runs them: the console draws a dossier's path on them (console/public/js/graph).
        ...MACHINES.map((machine) => s3deploy.Source.jsonData(`workflows/${machine}.asl.json`, definitionOf(machine))),
      ],
      // No build step, no hashed file names: browsers revalidate each file (ETag).
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'DeploymentLogs', { retention: this.logRetention }),
    });
  }
}
