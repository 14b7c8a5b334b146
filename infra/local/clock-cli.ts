/**
 * `npm run horloge -- --jours 30` or `npm run horloge -- --date 2027-04-01`: moves the running
 * platform's clock forward (POST /_local/horloge), firing every timer and daily run on the way.
 * `--api <url>` when the platform does not listen on http://127.0.0.1:3000.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { jours: { type: 'string' }, date: { type: 'string' }, api: { type: 'string', default: 'http://127.0.0.1:3000' } },
});
const body = values.jours !== undefined ? { jours: Number(values.jours) } : values.date !== undefined ? { date: values.date } : undefined;
const response = await fetch(
  `${values.api}/_local/horloge`,
  body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
).catch((error: unknown) => {
  console.error(`La plateforme ne répond pas sur ${values.api} (npm start est-il lancé ?) : ${(error as Error).message}`);
  process.exit(1);
});
const answer = (await response.json()) as { jour?: string; maintenant?: string; erreur?: { message: string } };
if (!response.ok) {
  console.error(answer.erreur?.message ?? `erreur ${response.status}`);
  process.exit(1);
}
console.log(`Horloge de la plateforme : ${answer.jour} (${answer.maintenant})`);
