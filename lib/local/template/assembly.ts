import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TemplateResource } from './physical-ids.ts';

/** What the synthesized app consists of: inputs newer than the template mean it must be synthesized again. */
const INPUTS = [
  'functions',
  'lib/core',
  'lib/aws',
  'lib/client',
  'lib/console',
  'infra',
  'cdk.json',
  'package-lock.json',
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export interface Assembly {
  readonly assemblyDir: string;
  readonly template: { Resources: Record<string, TemplateResource> };
  readonly synthesized: boolean;
}

export interface AssemblyOptions {
  readonly force?: boolean;
  readonly onOutput?: (line: string) => void;
  /** Another CDK app command (e.g. a test app that adds probes); default: cdk.json's. */
  readonly app?: string;
  /** @default `<projectRoot>/cdk.out` */
  readonly outdir?: string;
  /** More inputs (relative to the project) whose changes call for a new synth. */
  readonly extraInputs?: readonly string[];
}

export function isAssemblyFresh(
  projectRoot: string,
  stackName: string,
  options: AssemblyOptions = {},
): boolean {
  const templateFile = path.join(
    options.outdir ?? path.join(projectRoot, 'cdk.out'),
    `${stackName}.template.json`,
  );
  if (!existsSync(templateFile)) return false;
  const built = statSync(templateFile).mtimeMs;
  return [...INPUTS, ...(options.extraInputs ?? [])].every(
    (input) => newestMtime(path.join(projectRoot, input)) <= built,
  );
}

function runSynth(
  projectRoot: string,
  options: AssemblyOptions,
  onOutput: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const cdk = path.join(projectRoot, 'node_modules', '.bin', 'cdk');
    const args = ['synth', '--no-notices', '--quiet'];
    if (options.app) args.push('--app', options.app);
    if (options.outdir) args.push('--output', options.outdir);
    const child = spawn(cdk, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        onOutput(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`cdk synth failed (exit ${code}):\n${tail.join('\n')}`)),
    );
  });
}

/** The cloud assembly in `cdk.out`: reused when newer than every input, else synthesized (with bundling) first. */
export async function ensureAssembly(
  projectRoot: string,
  stackName: string,
  options: AssemblyOptions = {},
): Promise<Assembly> {
  const assemblyDir = options.outdir ?? path.join(projectRoot, 'cdk.out');
  let synthesized = false;
  if (options.force || !isAssemblyFresh(projectRoot, stackName, options)) {
    await runSynth(projectRoot, options, options.onOutput ?? (() => undefined));
    synthesized = true;
  }
  const template = JSON.parse(readFileSync(path.join(assemblyDir, `${stackName}.template.json`), 'utf8'));
  return { assemblyDir, template, synthesized };
}
