import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { DeadLetter } from '#lib/local/eventbridge/dead-letters.ts';
import { RUNTIME_INFO_FILE, readJsonFile, runtimeInfoSchema } from '#lib/local/local-config.ts';
import { Output } from './output.ts';
import { runCli } from './run.ts';
import { examples, UsageError } from './usage.ts';

const PROJECT_STATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.vigil');

interface DeadLetterFlags {
  stateDir?: string;
  queueUrl?: string;
  region?: string;
  json?: boolean;
}

/** A deployed stack's rule-target DLQ (SQS), loaded only when asked for: the AWS SDK stays out of local use. */
async function sqsDeadLetters(flags: DeadLetterFlags & { queueUrl: string }) {
  const [{ SQSClient }, { LambdaClient }, { SqsDeadLetters }] = await Promise.all([
    import('@aws-sdk/client-sqs'),
    import('@aws-sdk/client-lambda'),
    import('./sqs-dead-letters.ts'),
  ]);
  const region = flags.region ? { region: flags.region } : {};
  return new SqsDeadLetters({
    sqs: new SQSClient(region),
    lambda: new LambdaClient(region),
    queueUrl: flags.queueUrl,
  });
}

const queueOf = (flags: DeadLetterFlags) => flags.queueUrl ?? process.env.VIGIL_DLQ_URL;

function eventBridgeEndpoint(stateDir: string): string {
  const file = path.join(stateDir, RUNTIME_INFO_FILE);
  const info = readJsonFile(file, runtimeInfoSchema);
  if (!info)
    throw new UsageError(
      `the local runtime is not running (no ${file}); start it with npm start, or give --state-dir`,
    );
  return info.eventBridgeEndpoint;
}

const withStateDir = (command: Command) =>
  command
    .option(
      '--state-dir <dir>',
      "the local runtime's state folder (default: $VIGIL_STATE_DIR, else the project's .vigil)",
    )
    .option('--json', 'print JSON');

/** Where a command's flags point it: the state folder, and its output. */
interface DeadLetterContext {
  readonly dirOf: (flags: DeadLetterFlags) => string;
  readonly printer: (flags: DeadLetterFlags) => Output;
}

/** The dead letters of the SQS queue (`--queue-url`), or of the local runtime. */
async function readDeadLetters(flags: DeadLetterFlags, dir: string): Promise<DeadLetter[]> {
  const queueUrl = queueOf(flags);
  if (queueUrl) return (await sqsDeadLetters({ ...flags, queueUrl })).list();
  const answer = await fetch(`${eventBridgeEndpoint(dir)}/_vigil/dead-letters`);
  return ((await answer.json()) as { deadLetters: DeadLetter[] }).deadLetters;
}

/** Re-drives the given dead letters (all when none are given) of the SQS queue, or of the local runtime. */
async function redriveDeadLetters(
  ids: string[],
  flags: DeadLetterFlags,
  dir: string,
): Promise<{ redriven: number; unknownTarget: number }> {
  const queueUrl = queueOf(flags);
  if (queueUrl) return (await sqsDeadLetters({ ...flags, queueUrl })).redrive(ids);
  const answer = await fetch(`${eventBridgeEndpoint(dir)}/_vigil/dead-letters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ids.length > 0 ? { ids } : {}),
  });
  return (await answer.json()) as { redriven: number; unknownTarget: number };
}

function listCommand(program: Command, context: DeadLetterContext): void {
  const list = withStateDir(program.command('list').description('list dead letters, oldest first')).action(
    async (flags: DeadLetterFlags) => {
      const print = context.printer(flags);
      const deadLetters = await readDeadLetters(flags, context.dirOf(flags));
      if (print.json) return print.printJson(deadLetters);
      print.table(
        deadLetters,
        [
          { header: 'ID', value: (l) => l.id },
          { header: 'WHEN', value: (l) => print.ago(l.deadLetteredAt) },
          { header: 'TARGET', value: (l) => l.targetArn.split(':').pop() ?? l.targetArn, max: 40 },
          { header: 'ERROR', value: (l) => `${l.errorCode}: ${l.errorMessage}`, max: 50 },
          { header: 'RETRIES', value: (l) => `${l.retryAttempts} (${l.exhaustedRetryCondition})` },
          { header: 'EVENT', value: (l) => `${l.event.id} ${l.event['detail-type']}`, max: 50 },
        ],
        'no dead letters',
      );
    },
  );
  examples(list, [
    'vigil dlq list',
    'vigil dlq list --json',
    'vigil dlq list --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/Vigil-DeadLetters --region eu-west-1',
  ]);
}

function redriveCommand(program: Command, context: DeadLetterContext): void {
  const redrive = withStateDir(
    program
      .command('redrive')
      .description('deliver dead letters again to the target that failed them (all, or the given ids)')
      .argument('[ids...]', 'dead-letter ids from list'),
  ).action(async (ids: string[], flags: DeadLetterFlags) => {
    const print = context.printer(flags);
    const result = await redriveDeadLetters(ids, flags, context.dirOf(flags));
    if (print.json) return print.printJson(result);
    print.line(
      `re-driven ${result.redriven}${result.unknownTarget ? `, ${result.unknownTarget} skipped (their rule or target no longer exists)` : ''}`,
    );
  });
  examples(redrive, ['vigil dlq redrive', 'vigil dlq redrive 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P']);
}

/**
 * `vigil dlq list|redrive` (also `npm run dead-letters`): the events whose delivery to a rule target
 * finally failed: the local runtime's dead letters, or with `--queue-url` a deployed stack's SQS
 * dead-letter queue (re-driven to their Lambda targets).
 */
export function deadLettersProgram(
  out: (line: string) => void = console.log,
  stateDir = process.env.VIGIL_STATE_DIR ?? PROJECT_STATE_DIR,
): Command {
  const program = new Command('dead-letters')
    .description(
      "dead letters: events whose delivery to a rule target finally failed (the local runtime's, or --queue-url in AWS)",
    )
    .exitOverride();
  const context: DeadLetterContext = {
    dirOf: (flags) => path.resolve(flags.stateDir ?? stateDir),
    printer: (flags) =>
      new Output({
        json: flags.json ?? false,
        stdout: { write: (text) => out(text.replace(/\n$/, '')), isTTY: process.stdout.isTTY },
      }),
  };
  listCommand(program, context);
  redriveCommand(program, context);
  return program;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(deadLettersProgram());
