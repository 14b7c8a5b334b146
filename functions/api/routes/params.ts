/** The path parameters the routes share. */
import * as z from 'zod/mini';

export const dossierParams = z.object({ id: z.string().check(z.meta({ description: 'Identifiant du dossier' })) });
export const taskParams = z.object({ id: z.string().check(z.meta({ description: 'Identifiant de la tâche' })) });
export const accountRequestParams = z.object({ id: z.string().check(z.meta({ description: 'Identifiant de la demande' })) });
