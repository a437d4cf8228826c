import { build } from 'esbuild';

export interface PackageImports {
  /** Each package imported (statically or not), with the project files that import it. */
  readonly importers: Map<string, string[]>;
  /** Every project file the entry reaches. */
  readonly files: string[];
}

/** What `entry` reaches through the project's own modules, packages left external (esbuild's metafile). */
export async function packageImportsOf(entry: string): Promise<PackageImports> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const importers = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external) continue;
      importers.set(imported.path, [...(importers.get(imported.path) ?? []), file]);
    }
  }
  return { importers, files: Object.keys(metafile.inputs) };
}
