import { createRequire } from 'node:module';

/**
 * Loads an AWS SDK package through `require`. The SDK ships CommonJS only; imported from an ES
 * module (every bundle is one), Node loads it through its ESM-to-CommonJS translation, which made
 * a function's Init about twice as costly (client-dynamodb 100-150 ms of CPU against 55-85 ms,
 * client-eventbridge 35-45 against 5-10, on Node 20 and 22 alike). The sdk-*.ts modules re-export
 * what Vigil uses, so that no bundle imports the SDK as an ES module: types still come from the
 * packages themselves (`import type`, erased). In Lambda `require` finds the runtime's SDK through
 * NODE_PATH; locally, through node_modules.
 */
export const requireSdk = createRequire(import.meta.url) as <Package>(name: string) => Package;
