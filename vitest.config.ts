import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // expect.poll waits for what a page or a platform shows next: 1 s (the default) is shorter than
    // a loaded machine takes to answer a few requests, so polls time out while nothing is wrong.
    expect: { poll: { timeout: 10_000 } },
  },
});
