import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { PROJECT_ROOT } from './vigil-function.ts';

export const CONSOLE_DIR = path.join(PROJECT_ROOT, 'lib', 'console');

/** Builds the console with the project's own Vite into `outDir` (what `npm run build:console` runs too). */
export function buildConsole(outDir: string): void {
  execFileSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      path.join(CONSOLE_DIR, 'vite.config.ts'),
      '--outDir',
      outDir,
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/**
 * The console's files as a deployment asset: Vite runs at synth time on this machine (like the
 * functions' esbuild), the asset is hashed by its output, and the local runtime serves the very
 * folder CDK staged.
 */
export function consoleSource(): ISource {
  return Source.asset(CONSOLE_DIR, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('node:22-slim'),
      local: {
        tryBundle(outputDir: string): boolean {
          buildConsole(outputDir);
          return true;
        },
      },
    },
  });
}
