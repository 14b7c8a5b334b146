/** The names the platform's two threads agree on (engine-thread.ts, platform.ts). */
export const TABLE_NAME = 'inclusion-aap';
export const EVENT_BUS_NAME = 'inclusion-dossiers-local';
