import { defineConfig } from 'vitest/config';
import { POWERTOOLS_LOCAL_ENV } from './infra/local/powertools-env.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // expect.poll waits for what a page or a platform shows next: 1 s (the default) is shorter than
    // a loaded machine takes to answer a few requests, so polls time out while nothing is wrong.
    expect: { poll: { timeout: 10_000 } },
    env: { ...POWERTOOLS_LOCAL_ENV },
    // The functions' log lines and metrics (functions/observability.ts) are not the tests' output:
    // test/integration/reliability/campaign-faults.test.ts reads them.
    onConsoleLog: (log) => !log.includes('"service": "inclusion-aap"') && !log.includes('"service":"inclusion-aap"'),
  },
});
