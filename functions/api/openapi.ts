/**
 * The OpenAPI 3.1 description of the HTTP API, derived from the route table (routes/index.ts):
 * each route's path, access, parameters, body and answers, from the very zod schemas that
 * validate them (zod-openapi renders them). `npm run openapi` writes it to docs/openapi.json (kept
 * in the repo, checked up to date by a test); the local platform serves it at /openapi.json.
 */
import * as z from 'zod/mini';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { errorSchema } from './responses.ts';
import { type Route, routeErrors } from './router.ts';
import { API_ROUTES } from './groups/index.ts';

const ERROR_TEXT: Record<number, string> = {
  400: 'Demande mal formée (JSON invalide, en-tête manquant)',
  401: 'Non authentifié',
  403: 'Action réservée à un autre rôle ou territoire',
  404: 'Introuvable (ou non visible pour l’appelant)',
  409: 'Conflit avec l’état du dossier ou de la tâche, ou modifications simultanées (rien d’enregistré : réessayer)',
  413: 'Corps trop volumineux',
  415: 'Corps qui n’est pas du JSON',
  422: 'Données invalides : chaque champ fautif et la règle enfreinte',
};

function operation(r: Route): ZodOpenApiOperationObject {
  const answers = Object.entries(r.responses).map(([status, answer]) => [
    status,
    {
      description: answer.description,
      content: {
        ...(answer.schema ? { 'application/json': { schema: answer.schema() } } : {}),
        ...(answer.csv ? { 'text/csv': { schema: z.string() } } : {}),
      },
    },
  ]);
  const errors = routeErrors(r).map((status) => [
    String(status),
    { description: ERROR_TEXT[status] ?? 'Erreur', content: { 'application/json': { schema: errorSchema() } } },
  ]);
  return {
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(r.access === 'public' ? { security: [] } : {}),
    ...(r.params || r.query || r.headers
      ? {
          requestParams: {
            ...(r.params ? { path: r.params } : {}),
            ...(r.query ? { query: r.query } : {}),
            ...(r.headers ? { header: r.headers } : {}),
          },
        }
      : {}),
    ...(r.body
      ? { requestBody: { required: !r.body.safeParse(undefined).success, content: { 'application/json': { schema: r.body } } } }
      : {}),
    responses: Object.fromEntries([...answers, ...errors]),
  };
}

export function openApiDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of API_ROUTES) (paths[r.path] ??= {})[r.method.toLowerCase() as 'get' | 'post'] = operation(r);
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Appel à projets « politiques d’inclusion durable 2026 » — API des dossiers',
      version: '1.0.0',
      description:
        'Dépôt des dossiers, instruction, Commission Permanente, suivi d’exécution et bilan. Authentification : jeton JWT (Cognito) portant le groupe (porteur, service-instructeur, chef-slai-slisl, secretariat-cp) et `custom:territory` ; en local, l’en-tête `X-Identite` (voir le README). Les détails attendus de chaque décision, par étape, sont au référentiel (GET /referentiel : etapes.*.decisions.*.details).',
    },
    components: { securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ jwt: [] }],
    paths,
  });
}
