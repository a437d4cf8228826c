import { createRequire } from 'node:module';

/**
 * Loads a package as CommonJS, for what Lambda code loads at Init: the AWS SDK (sdk-*.ts) and
 * Powertools (observability.ts, tracing.ts). The SDK ships CommonJS only; imported from an ES
 * module (every bundle is one), Node loads it through its ESM-to-CommonJS translation, which made
 * a function's Init about twice as costly (client-dynamodb 100-150 ms of CPU against 55-85 ms,
 * client-eventbridge 35-45 against 5-10, on Node 20 and 22 alike). Powertools ships both; its
 * CommonJS build loads in about 10 ms less. The modules that use this re-export what Vigil uses;
 * types still come from the packages (`import type`, erased). In Lambda `require` finds the
 * runtime's SDK and the Powertools layer through NODE_PATH; locally, through node_modules.
 */
export const requireCommonJs = createRequire(import.meta.url) as <Package>(name: string) => Package;
