import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure logic, the CDK template, local components), `integration` (tests
 * that talk to the real DynamoDB Local the global setup starts once), and `e2e` (the whole local
 * runtime booted once, driven over HTTP).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `npm test` runs with --coverage: the state machines' pure core must stay fully covered.
    coverage: {
      provider: 'v8',
      include: ['lib/core/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: {
        'lib/core/state/{model,events,transitions,apply,priority,inbox}.ts': {
          branches: 100,
          functions: 100,
          lines: 100,
          statements: 100,
        },
      },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/core/**/*.test.ts',
            'test/infra/**/*.test.ts',
            'test/local/**/*.test.ts',
            'test/bench/**/*.test.ts',
            'test/console/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/core/**',
            'test/infra/**',
            'test/local/**',
            'test/bench/**',
            'test/console/**',
            'test/e2e/**',
          ],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/browser-setup.ts', 'test/e2e/support/global-setup.ts'],
        },
      },
    ],
  },
});
