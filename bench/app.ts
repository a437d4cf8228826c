import { STAGE_DEFAULTS } from '#infra/config.ts';
import { synthE2eApp } from '#test/e2e/support/e2e-stack.ts';

/**
 * What `npm run bench` runs: the e2e app (Vigil plus probes) with Vigil's deployed defaults for
 * every cache and timing. The e2e suite shortens them so that its tests wait seconds; with its
 * subscription cache of 0 s the dispatch function would read the subscriptions table for every
 * event, which no deployment does (default 10 s). The functions log at a production stage's level
 * (INFO; dev's default is DEBUG) and keep its system log level (WARN: no per-invocation
 * START/REPORT records), so the cost rows price what a production deployment logs.
 * Subscriptions are data, not template: the bench creates its set through the admin API once the
 * runtime is up (bench/dispatch-cost.ts, one subscription on CRITICAL alerts), and the subscriptions
 * function narrows the dispatch rule to it as it does in AWS.
 */
const { logLevel, systemLogLevel } = STAGE_DEFAULTS.prod;
synthE2eApp({ logLevel, systemLogLevel });
