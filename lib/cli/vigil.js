#!/usr/bin/env node
// The `vigil` command (package.json "bin"): runs the TypeScript sources through tsx, so that
// `npx vigil` works in a fresh clone right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { vigilProgram } = await import('./vigil.ts');
const { runCli } = await import('./run.ts');
runCli(vigilProgram());
