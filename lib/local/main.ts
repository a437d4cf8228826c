import './quiet-sdk.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { isWorthShowingQuietly, sdkNodeVersionNotice } from './console-filter.ts';
import { runDemo } from './demo.ts';
import { STATE_DIR_ENV, stateDirOf } from './runtime-locator.ts';
import { startVigil } from './start-vigil.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_STATE_DIR = path.join(PROJECT_ROOT, '.vigil');

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

const program = new Command('vigil-local')
  .description('Run the whole synthesized Vigil app on this machine')
  .option('--port <port>', 'HTTP API port', port, 3000)
  .option('--fresh', 'wipe local data (DynamoDB, dead letters) first')
  .option('--demo', 'send a short scenario once the app is up')
  .option('--synth', 'synthesize again even if cdk.out is fresh')
  .option('--quiet', 'show only the banner and errors (no routine deliveries, handler logs, schedules)')
  .option('--verbose', 'show every line, also with --demo')
  .option(
    '--list-unsupported',
    'name each template resource that is not run locally (default: one line per type)',
  )
  .option(
    '--no-schedules',
    'do not run scheduled rules on their timers (fire them with POST /_vigil/schedules/<rule>/fire)',
  )
  .option(
    '--state-dir <dir>',
    `folder for local data and local.json (default: ${STATE_DIR_ENV}, else .vigil)`,
    stateDirOf(undefined),
  )
  .parse();

const options = program.opts<{
  port: number;
  fresh?: boolean;
  demo?: boolean;
  synth?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  listUnsupported?: boolean;
  schedules: boolean;
  stateDir: string;
}>();
const print = (line: string) => process.stdout.write(`${line}\n`);
// --quiet, and --demo unless --verbose: what a person watching wants (the story, errors, the banner).
const quiet = !options.verbose && (options.quiet || options.demo);
const runtimeLog = quiet ? (line: string) => (isWorthShowingQuietly(line) ? print(line) : undefined) : print;
const notice = sdkNodeVersionNotice();
if (notice && !quiet) print(notice);

const vigil = await startVigil({
  projectRoot: PROJECT_ROOT,
  port: options.port,
  stateDir: path.resolve(options.stateDir),
  ...(options.fresh ? { fresh: true } : {}),
  ...(options.synth ? { forceSynth: true } : {}),
  scheduleTimers: options.schedules,
  log: runtimeLog,
  functionLog: runtimeLog,
  ...(options.listUnsupported ? { listUnsupported: true } : {}),
}).catch((error: unknown) => {
  console.error(`[vigil] could not start: ${(error as Error).message}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  print(`[vigil] ${signal}: stopping…`);
  await vigil.stop();
  print('[vigil] stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const { config, info } = vigil;
print('');
print(`Vigil is running locally (ready in ${(vigil.startedInMs / 1000).toFixed(1)} s)`);
print(`  API            ${config.endpoint}   (POST /events)`);
print(`  console        ${config.endpoint}/console/   (signed in as the local admin)`);
print(`  Lambda         ${info.lambdaEndpoint}   (Invoke API, as AWS_ENDPOINT_URL_LAMBDA)`);
print(
  `  SQS            ${info.sqsEndpoint}   (${vigil.topology.queues.length} queue(s), as AWS_ENDPOINT_URL_SQS)`,
);
print(`  producer key   ${config.producerKey}   (sources: ${config.producerSources.join(', ')})`);
print(
  `  admin (SigV4)  ${config.admin.accessKeyId} / ${config.admin.secretAccessKey}   region ${config.admin.region}`,
);
print(
  `  written to     ${path.relative(process.cwd(), path.join(path.resolve(options.stateDir), 'local.json'))}`,
);
print('');
print(`  try: curl -s -X POST ${config.endpoint}/events -H "authorization: Bearer ${config.producerKey}" \\`);
print(`         -H 'content-type: application/json' -d '{"source":"demo.x","type":"hello","message":"hi"}'`);
print(
  `   or: npx vigil publish --source demo.x --type hello --message hi${options.stateDir === DEFAULT_STATE_DIR ? '' : ` --state-dir ${options.stateDir}`}   (then npx vigil tail, npx vigil --help)`,
);
print('  Ctrl-C stops everything.');
print('');
if (options.demo) await runDemo(config, print);
