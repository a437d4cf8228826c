#!/usr/bin/env node
// The `vigil` command (package.json "bin"): runs the TypeScript sources through tsx, so that
// `npx vigil` works in a fresh clone right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

// The SDK's Node-version notice is for whoever pins the SDK (the project), not for each command run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { vigilProgram } = await import('./vigil.ts');
const { runCli } = await import('./run.ts');
runCli(vigilProgram());
