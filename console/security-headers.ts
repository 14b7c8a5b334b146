/**
 * The console's security headers, one definition for both hosts: the local platform
 * (console/serve.ts) and CloudFront's response headers policy on AWS (infra/aws/constructs/console-site.ts).
 * Scripts, styles and the API come from the console's own origin; the only other origin it talks
 * to is the sign-in service's token endpoint (Cognito's managed login domain on AWS, the stand-in
 * issuer in local tests), hence `connect-src`.
 */

/** The Content-Security-Policy, with the sign-in origin (if any) allowed for fetch. */
export function contentSecurityPolicy(signInOrigin?: string): string {
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    `connect-src 'self'${signInOrigin ? ` ${signInOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * `no-referrer`: the authorization code the sign-in service returns in the console's address
 * must not leave in a Referer header.
 */
export const REFERRER_POLICY = 'no-referrer';

/** HSTS: two years, subdomains included (AWS only: the local platform is plain HTTP). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 3600;

export function consoleSecurityHeaders(signInOrigin?: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(signInOrigin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': REFERRER_POLICY,
    'x-frame-options': 'DENY',
  };
}
