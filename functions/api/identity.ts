/**
 * Who calls the API. On AWS the HTTP API's JWT authorizer (Cognito) has checked the token; its
 * claims give the user id (`sub`), the role (the Cognito group), the territory of staff
 * (`custom:territory`) and the SIRET of a porteur's structure (`custom:siret`, written by the
 * service when it opens the account, never by the porteur). The local platform builds the same
 * claims from a header, or verifies tokens of a stand-in issuer (infra/local).
 */
import { ROLES, type Role } from '#domain/workflow/steps.ts';

export type Identity =
  | { kind: 'porteur'; id: string; siret?: string }
  | { kind: 'instructor'; id: string; role: Exclude<Role, 'porteur' | 'system'>; territory: string };

export type Claims = Record<string, string | number | boolean | string[] | undefined>;

const INSTRUCTOR_ROLES = ROLES.filter((r): r is Exclude<Role, 'porteur' | 'system'> => r !== 'porteur' && r !== 'system');

function groupsOf(claims: Claims): string[] {
  const raw = claims['cognito:groups'];
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return [];
  // API Gateway flattens the array claim to "[a b]" (or "a,b").
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The caller, or undefined when the claims do not name a known user with one role. */
export function identityFromClaims(claims: Claims | undefined): Identity | undefined {
  if (!claims) return undefined;
  const id = typeof claims.sub === 'string' && claims.sub.length > 0 ? claims.sub : undefined;
  if (!id) return undefined;
  const groups = groupsOf(claims);
  if (groups.includes('porteur')) {
    const siret = claims['custom:siret'];
    return { kind: 'porteur', id, ...(typeof siret === 'string' && siret.length > 0 ? { siret } : {}) };
  }
  const role = INSTRUCTOR_ROLES.find((r) => groups.includes(r));
  if (!role) return undefined;
  const territory = role === 'secretariat-cp' ? 'departement' : claims['custom:territory'];
  if (typeof territory !== 'string' || territory.length === 0) return undefined;
  return { kind: 'instructor', id, role, territory };
}

/** How the caller is written as an actor in the timeline. */
export function actorOf(identity: Identity): string {
  return identity.kind === 'porteur' ? `porteur:${identity.id}` : `${identity.role}:${identity.id}`;
}
