/**
 * `npm run build:client`: the client as a package of its own, in `dist/client`: one ESM bundle
 * (lib/client plus the shared schema code it imports from lib/core and lib/local), its type
 * declarations, and a package.json whose dependencies are only what the bundle leaves external.
 * `cd dist/client && npm pack` makes the tarball a producer installs.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'dist', 'client');
const TYPES_TMP = path.join(ROOT, 'dist', '.client-types');

/** Left out of the bundle and declared as dependencies, at the root's exact versions. */
const DEPENDENCIES = ['@aws-sdk/credential-providers', '@smithy/signature-v4', 'ulid', 'zod'] as const;

interface RootManifest {
  version: string;
  dependencies: Record<string, string>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : [file];
  });
}

/** `#lib/x.ts` → a path relative to the declaration file, `./y.ts` → `./y.js`: what a consumer's TypeScript resolves. */
function rewriteSpecifiers(file: string, typesRoot: string): void {
  const text = readFileSync(file, 'utf8').replace(
    /(from |import\()'([^']+)'/g,
    (whole, lead: string, spec: string) => {
      let target = spec;
      if (spec.startsWith('#lib/')) {
        const absolute = path.join(typesRoot, 'lib', spec.slice('#lib/'.length));
        target = path.relative(path.dirname(file), absolute).split(path.sep).join('/');
        if (!target.startsWith('.')) target = `./${target}`;
      }
      if (target.startsWith('.')) target = target.replace(/\.ts$/, '.js');
      return target === spec ? whole : `${lead}'${target}'`;
    },
  );
  writeFileSync(file, text);
}

/** The one ESM bundle; its size in bytes. */
async function bundle(): Promise<number> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'lib', 'client', 'index.ts')],
    outfile: path.join(OUT, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: [...DEPENDENCIES],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}

/** The type declarations, with the specifiers a consumer's TypeScript resolves, into `types/`. */
function emitDeclarations(): void {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      path.join(ROOT, 'lib', 'client', 'index.ts'),
      ...['--declaration', '--emitDeclarationOnly', '--outDir', TYPES_TMP, '--rootDir', ROOT],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
      ...['--lib', 'es2023,es2024.string', '--types', 'node', '--strict', '--skipLibCheck'],
      ...['--allowImportingTsExtensions', '--verbatimModuleSyntax'],
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  for (const file of walk(TYPES_TMP)) rewriteSpecifiers(file, TYPES_TMP);
  cpSync(TYPES_TMP, path.join(OUT, 'types'), { recursive: true });
  rmSync(TYPES_TMP, { recursive: true, force: true });
}

/** package.json (dependencies at the root's exact versions) and the README. */
function writeManifest(root: RootManifest): void {
  const manifest = {
    name: '@vigil/client',
    version: root.version,
    description: 'Publish events and signals to Vigil and use its admin API (typed, ESM, Node 20+).',
    type: 'module',
    engines: { node: '>=20.0.0' },
    exports: { '.': { types: './types/lib/client/index.d.ts', import: './index.js' } },
    types: './types/lib/client/index.d.ts',
    files: ['index.js', 'types', 'README.md'],
    sideEffects: false,
    dependencies: Object.fromEntries(DEPENDENCIES.map((name) => [name, root.dependencies[name]])),
  };
  writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(path.join(ROOT, 'docs', 'client.md'), path.join(OUT, 'README.md'));
}

export async function buildClient(): Promise<{ bundleBytes: number; outDir: string }> {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as RootManifest;
  rmSync(OUT, { recursive: true, force: true });
  rmSync(TYPES_TMP, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const bundleBytes = await bundle();
  emitDeclarations();
  writeManifest(root);
  return { bundleBytes, outDir: OUT };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bundleBytes, outDir } = await buildClient();
  console.log(
    `${path.relative(ROOT, outDir)}: index.js ${(bundleBytes / 1024).toFixed(1)} KiB (zod, ulid and the AWS packages are dependencies, not bundled)`,
  );
}
