import { defineConfig } from 'vite';

/**
 * The web console: Preact, built by Vite into static files. `base: './'` keeps every URL relative,
 * so the same build serves from CloudFront's root and from the local runtime's `/console/`.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    emptyOutDir: true,
    reportCompressedSize: false,
    // The client loads the Node credential chain lazily; the console never calls it (it passes credentials).
    rollupOptions: { external: ['@aws-sdk/credential-providers'] },
  },
  logLevel: 'warn',
});
