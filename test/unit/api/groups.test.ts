/**
 * The API's groups (functions/api/groups/): each route in one group, each group with its entry,
 * API Gateway's routes and the local dispatch derived from them, and a group's engine limited to
 * the calls it declares (the IAM grants of its function).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowEngine } from '#domain/workflow/deps.ts';
import { GATEWAY_ROUTES, PROXY_PATH, selectGatewayRoute } from '#functions/api/gateway-routes.ts';
import { grantedEngine } from '#functions/api/group.ts';
import { API_GROUPS, API_ROUTES, FALLBACK_GROUP } from '#functions/api/groups/index.ts';
import { apiEntryOf } from '#infra/aws/constructs/functions.ts';
import { PROJECT_ROOT } from '#infra/aws/constructs/bundle.ts';

const groupOf = (method: string, path: string) => selectGatewayRoute(method, path)?.group.name;

describe('the API’s groups', () => {
  it('hold every route once, each group with its Lambda entry', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(API_GROUPS.map((g) => g.name)).size).toBe(API_GROUPS.length);
    for (const group of API_GROUPS) {
      expect(group.routes.length, group.name).toBeGreaterThan(0);
      expect(existsSync(join(PROJECT_ROOT, apiEntryOf(group))), apiEntryOf(group)).toBe(true);
    }
  });

  it('send each declared route to its own group, as API Gateway selects routes', () => {
    for (const group of API_GROUPS) {
      for (const r of group.routes) {
        const concrete = r.path.replace(/\{[a-zA-Z]+\}/g, 'x1');
        expect(selectGatewayRoute(r.method, concrete), `${r.method} ${concrete}`).toMatchObject({ method: r.method, path: r.path, group });
      }
    }
    expect(groupOf('GET', '/taches')).toBe('tasks');
    expect(groupOf('POST', '/taches/t1/decision')).toBe('tasks');
    expect(groupOf('POST', '/dossiers/d1/bilan')).toBe('tasks');
    expect(groupOf('POST', '/dossiers/d1/suspension')).toBe('discretion');
    expect(groupOf('POST', '/dossiers')).toBe('dossiers');
    expect(groupOf('GET', '/dossiers/d1/parcours')).toBe('dossiers');
    expect(groupOf('POST', '/commission-permanente/seances')).toBe('commission');
    expect(groupOf('GET', '/referentiel')).toBe('campaign');
    expect(groupOf('POST', '/demandes-de-compte/a1/ouverture')).toBe('accounts');
    expect(groupOf('GET', '/dossiers/')).toBe('dossiers');
  });

  it('send a method a declared path does not take to a group that knows the path (its 405), any other path to the fallback (its 404)', () => {
    expect(selectGatewayRoute('DELETE', '/dossiers')).toMatchObject({ method: 'ANY', path: '/dossiers', group: { name: 'dossiers' } });
    expect(selectGatewayRoute('GET', '/taches/t1/decision')).toMatchObject({ method: 'ANY', path: '/taches/{id}/decision' });
    expect(selectGatewayRoute('GET', '/nulle/part')).toMatchObject({ method: 'ANY', path: PROXY_PATH, group: FALLBACK_GROUP });
    // API Gateway's {proxy+} takes one segment or more: the root is no route's.
    expect(selectGatewayRoute('GET', '/')).toBeUndefined();
    expect(GATEWAY_ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /referentiel',
      'POST /demandes-de-compte',
    ]);
  });

  it('let a group call only the engine calls it declares, as its function’s IAM role does', async () => {
    const calls: string[] = [];
    const engine: WorkflowEngine = {
      startExecution: async (machine) => void calls.push(`start ${machine}`),
      sendTaskSuccess: async (token) => void calls.push(`success ${token}`),
      executionsOf: async () => [],
    };
    const granted = grantedEngine({ name: 'essai', description: '', engine: ['sendTaskSuccess'], routes: [] }, engine);
    await granted.sendTaskSuccess('t1', {});
    await expect(granted.startExecution('instruction', 'd1-instruction-1', { dossierId: 'd1', generation: 1 })).rejects.toThrow(
      /api-essai may not call the engine's startExecution/,
    );
    await expect(granted.executionsOf('d1')).rejects.toThrow(/executionsOf/);
    expect(calls).toEqual(['success t1']);
    expect(() => grantedEngine({ name: 'essai', description: '', engine: ['startExecution'], routes: [] }, undefined)).toThrow(
      /give it one/,
    );
  });
});
