import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and cross-service tests under tests/ that need
// PostgreSQL, NATS, Temporal and SMTP (their global setup finds or starts them).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'infra/mailbox/src/**/*.test.ts',
            'infra/identity-provider/src/**/*.test.ts',
          ],
          // *.int.test.ts sit beside their code but need the services: they run as integration tests.
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts', 'packages/*/src/**/*.int.test.ts'],
          globalSetup: ['tests/harness/global-setup.ts'],
          setupFiles: ['tests/harness/quiet-temporal.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
