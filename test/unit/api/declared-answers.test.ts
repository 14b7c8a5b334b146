import { describe, expect, it } from 'vitest';
import { checkDeclared } from '#test/support/api-client.ts';

const answer = (status: number, body: unknown) => ({ status, body, text: JSON.stringify(body), headers: {} });
const error = { erreur: { code: 'introuvable', message: 'dossier introuvable' } };

/** The API's integration tests check every answer (test/support/api-client.ts): these show the check refuses what a route does not declare. */
describe('an answer checked against its route', () => {
  it('passes when its status and body are the declared ones', () => {
    expect(() => checkDeclared('GET', '/dossiers/d1/parcours', answer(200, { dossierId: 'd1', executions: [] }))).not.toThrow();
    expect(() => checkDeclared('GET', '/dossiers/d1', answer(404, error))).not.toThrow();
  });

  it('fails on a body its schema refuses', () => {
    expect(() => checkDeclared('GET', '/dossiers/d1/parcours', answer(200, { dossierId: 'd1' }))).toThrow(/declared schema/);
  });

  it('fails on a status the route does not declare', () => {
    expect(() => checkDeclared('GET', '/dossiers/d1/parcours', answer(201, { dossierId: 'd1', executions: [] }))).toThrow(/not declared/);
    expect(() => checkDeclared('GET', '/referentiel', answer(409, error))).toThrow(/not declared/);
  });

  it('fails on an error that is not the error shape', () => {
    expect(() => checkDeclared('GET', '/dossiers/d1', answer(404, { message: 'non' }))).toThrow(/error shape/);
  });
});
