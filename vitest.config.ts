import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Network tests bind real sockets; keep the 2-core CI machine from oversubscribing.
    maxWorkers: 2,
  },
});
