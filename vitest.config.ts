import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure logic and the CDK template, no server) and `integration` (tests that
 * talk to the real DynamoDB Local that the global setup starts once for the run).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/core/**/*.test.ts', 'test/infra/**/*.test.ts', 'test/local/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/core/**', 'test/infra/**', 'test/local/**', 'test/e2e/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
