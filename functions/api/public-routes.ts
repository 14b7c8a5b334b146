/**
 * The routes anyone may call, without signing in: the API answers them without a caller
 * (functions/api/router.ts, `public: true`), and on AWS they have no authorizer
 * (infra/aws/constructs/api.ts). A test checks the two lists agree.
 */
export const PUBLIC_ROUTES = [
  /** The call's reference data: axes, dispositifs (closing dates, contacts, publics, perimeters, channels), territories, publics. */
  { method: 'GET', path: '/referentiel' },
] as const;
