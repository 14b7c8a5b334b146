/** Who calls the API, from the JWT claims API Gateway hands over (functions/api/identity.ts). */
import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '#functions/api/identity.ts';

describe('identityFromClaims', () => {
  it('reads the groups claim as API Gateway flattens it, or as an array', () => {
    const instructor = { kind: 'instructor', id: 'u1', role: 'service-instructeur', territory: 'arrageois' };
    for (const groups of [
      '[service-instructeur]',
      'service-instructeur',
      '[autre service-instructeur]',
      '[service-instructeur,autre]',
      'autre, service-instructeur',
      '[ service-instructeur ]',
      ['autre', 'service-instructeur'],
    ])
      expect(identityFromClaims({ sub: 'u1', 'cognito:groups': groups, 'custom:territory': 'arrageois' }), String(groups)).toEqual(
        instructor,
      );
    for (const groups of ['[]', '[', ']', '', ',', '[ ]', '[service-instructeur]]', '[[service-instructeur]', 'service', [], undefined])
      expect(identityFromClaims({ sub: 'u1', 'cognito:groups': groups, 'custom:territory': 'arrageois' }), String(groups)).toBeUndefined();
    expect(identityFromClaims({ sub: 'p1', 'cognito:groups': '[porteur]', 'custom:siret': '12345678901234' })).toEqual({
      kind: 'porteur',
      id: 'p1',
      siret: '12345678901234',
    });
    // The first instructor role in the roles' order, whatever the claim's order.
    expect(
      identityFromClaims({ sub: 'u2', 'cognito:groups': '[secretariat-cp chef-slai-slisl]', 'custom:territory': 'lensois' }),
    ).toMatchObject({
      role: 'chef-slai-slisl',
    });
  });

  it('refuses claims without a user, and staff without a territory; the CP secretariat serves the whole département', () => {
    expect(identityFromClaims(undefined)).toBeUndefined();
    expect(identityFromClaims({ 'cognito:groups': '[service-instructeur]', 'custom:territory': 'arrageois' })).toBeUndefined();
    expect(identityFromClaims({ sub: '', 'cognito:groups': '[porteur]' })).toBeUndefined();
    expect(identityFromClaims({ sub: 'u1', 'cognito:groups': '[service-instructeur]' })).toBeUndefined();
    expect(identityFromClaims({ sub: 'u1', 'cognito:groups': '[service-instructeur]', 'custom:territory': '' })).toBeUndefined();
    expect(identityFromClaims({ sub: 's1', 'cognito:groups': '[secretariat-cp]' })).toEqual({
      kind: 'instructor',
      id: 's1',
      role: 'secretariat-cp',
      territory: 'departement',
    });
    // A porteur's SIRET only from the claim the service writes; none, none in the identity.
    expect(identityFromClaims({ sub: 'p2', 'cognito:groups': '[porteur]' })).toEqual({ kind: 'porteur', id: 'p2' });
  });
});
