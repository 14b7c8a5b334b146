/** `npm run workflows`: writes workflows/<machine>.asl.json from the typed steps (workflows/<machine>.ts). */
import { writeFileSync } from 'node:fs';
import { aslText, MACHINES } from '#workflows/asl.ts';
import { buildDefinition } from '#workflows/machines.ts';

for (const machine of MACHINES) {
  writeFileSync(new URL(`../workflows/${machine}.asl.json`, import.meta.url), aslText(buildDefinition(machine)));
  console.log(`workflows/${machine}.asl.json written`);
}
