import { SDK_WARNING_SWITCH } from './console-filter.ts';

// Imported first by main.ts: set before any AWS SDK client exists, so that neither this process, nor
// its children, nor the Lambda workers print the SDK's eight-line Node-version warning; main.ts
// prints one line instead.
Object.assign(process.env, SDK_WARNING_SWITCH);
