import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One root config; the source export condition lets packages import each other's src/ directly.
export default defineConfig({
  resolve: { conditions: ['@scavsim/source'] },
  ssr: { resolve: { conditions: ['@scavsim/source'], externalConditions: ['@scavsim/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    // One test process per core (vitest's default leaves one core to itself, which on CI's two
    // cores runs the suite in one process); every test yields first (test/support/block-watch.ts).
    maxWorkers: availableParallelism(),
    globalSetup: ['test/support/temp-dir.ts'],
    setupFiles: ['test/support/block-watch.ts', 'test/support/fast-check-seed.ts'],
  },
});
