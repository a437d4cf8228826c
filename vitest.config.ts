import { defineConfig } from 'vitest/config';

/**
 * test/ mirrors the source tree; the project is chosen by what a test needs: `e2e` (test/e2e: the
 * whole local runtime booted once, driven over HTTP and a real browser), `integration`
 * (`*.integration.test.ts`: the real DynamoDB Local the global setup starts once), and `unit` (the
 * rest: pure logic, the CDK template, local components).
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
          include: ['test/**/*.test.ts'],
          // Synthesizing the stack takes seconds alone and tens of seconds on a loaded machine.
          testTimeout: 120_000,
          exclude: ['test/**/*.integration.test.ts', 'test/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          exclude: ['test/e2e/**'],
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
