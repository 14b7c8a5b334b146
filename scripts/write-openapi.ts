/** `npm run openapi`: writes docs/openapi.json from the zod schemas (functions/api/openapi.ts). */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#functions/api/openapi.ts';

writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log('docs/openapi.json written');
