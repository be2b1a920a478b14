import { defineConfig } from 'vitest/config';

// One root config; the source export condition lets packages import each other's src/ directly.
export default defineConfig({
  resolve: { conditions: ['@scavsim/source'] },
  ssr: { resolve: { conditions: ['@scavsim/source'], externalConditions: ['@scavsim/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/temp-dir.ts'],
    setupFiles: ['test/support/block-watch.ts', 'test/support/fast-check-seed.ts'],
  },
});
