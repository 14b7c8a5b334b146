/** Imported first by the platform's entry point (start.ts): the process starts again with the platform's environment (node-flags.ts). */
import { ensurePlatformEnvironment } from './node-flags.ts';

ensurePlatformEnvironment();
