import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // expect.poll waits for an outcome, it does not time it (speed lives in bench/): the 1 s default
    // failed the console's end-to-end test on a loaded machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
