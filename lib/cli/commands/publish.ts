import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EventProducer, type PublishResult, type VigilEvent, VigilHttpError } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { type Output, outputFor } from '../output.ts';
import { choice, examples, jsonArgument, jsonObject, timeArgument, UsageError } from '../usage.ts';

interface PublishFlags extends ConnectionFlags {
  source?: string;
  type?: string;
  severity?: 'INFO' | 'WARNING' | 'CRITICAL';
  message?: string;
  data?: Record<string, unknown>;
  signal?: unknown;
  module?: string;
  id?: string;
  dedupKey?: string;
  alertKey?: string;
  time?: string;
  file?: string;
  json?: boolean;
}

/** Lines whose errors the summary lists (the counts cover them all). */
const MAX_LISTED_ERRORS = 100;
/** Lines read ahead of their results: bounds memory on a file of any size. */
const READ_AHEAD = 2_000;

type Counts = Record<PublishResult['status'], number>;

interface LineError {
  readonly line: number;
  readonly id: string | null;
  readonly status: 'rejected' | 'failed';
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}

function eventFromFlags(flags: PublishFlags): VigilEvent {
  if (!flags.source || !flags.type)
    throw new UsageError(
      'give --source and --type (or --file events.jsonl), e.g. vigil publish --source plant7.press --type temperature.high',
    );
  return {
    source: flags.source,
    type: flags.type,
    ...(flags.severity ? { severity: flags.severity } : {}),
    ...(flags.message ? { message: flags.message } : {}),
    ...(flags.data ? { data: flags.data } : {}),
    ...(flags.signal !== undefined ? { signal: flags.signal as VigilEvent['signal'] & object } : {}),
    ...(flags.module ? { module: flags.module } : {}),
    ...(flags.id ? { id: flags.id } : {}),
    ...(flags.dedupKey ? { dedupKey: flags.dedupKey } : {}),
    ...(flags.alertKey ? { alertKey: flags.alertKey } : {}),
    ...(flags.time ? { time: flags.time } : {}),
  };
}

async function publishOne(flags: PublishFlags, out: Output): Promise<number> {
  const event = eventFromFlags(flags);
  const producer = new EventProducer({ client: clientFor(flags, 'producer') });
  const result = await producer.publish(event);
  if (out.json) out.printJson(result);
  else if ('error' in result)
    out.warn(
      `${result.status}: ${result.error.message}${result.error.code ? ` (${result.error.code})` : ''}`,
    );
  else out.line(`${out.level(result.status)} ${result.id}`);
  return result.status === 'rejected' || result.status === 'failed' ? 1 : 0;
}

/** Non-empty lines of a file, counted ahead so that the progress bar has an end (not for stdin). */
async function countLines(file: string): Promise<number | undefined> {
  if (file === '-') return undefined;
  let count = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 10) count++;
    last = chunk.at(-1) ?? last;
  }
  return last === 10 ? count : count + 1;
}

/** Counts every outcome, keeps the first errors (by line) and draws the progress. */
function tallyFor(out: Output, expected: number | undefined) {
  const counts: Counts = { accepted: 0, duplicate: 0, suppressed: 0, filtered: 0, rejected: 0, failed: 0 };
  const errors: LineError[] = [];
  let done = 0;
  const record = (line: number, result: PublishResult) => {
    counts[result.status]++;
    done++;
    if ('error' in result && errors.length < MAX_LISTED_ERRORS)
      errors.push({
        line,
        id: result.id,
        status: result.status,
        code: result.error.code,
        ...(result.error.field === undefined ? {} : { field: result.error.field }),
        message: result.error.message,
      });
    if (done % 100 === 0) out.progress(done, expected, `events sent (${counts.accepted} accepted)`);
  };
  return { counts, errors, record };
}

type RecordOutcome = ReturnType<typeof tallyFor>['record'];

/** A line's outcome when it never got a result from the API. */
function refused(code: string, message: string, field?: string): PublishResult {
  return { id: null, status: 'rejected', error: { code, message, ...(field ? { field } : {}) } };
}

/**
 * Sends each non-empty line through the producer, at most READ_AHEAD ahead of their results. An
 * error about the request itself (a refused key, an unusable body) would repeat on every line: it
 * stops the reading, and is returned.
 */
async function sendLines(
  input: NodeJS.ReadableStream,
  producer: EventProducer,
  record: RecordOutcome,
): Promise<{ total: number; fatal: VigilHttpError | undefined }> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let window: Promise<void>[] = [];
  let lineNumber = 0;
  let total = 0;
  let fatal: VigilHttpError | undefined;
  for await (const text of lines) {
    if (fatal) break;
    lineNumber++;
    if (text.trim() === '') continue;
    total++;
    const line = lineNumber;
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch (error) {
      record(line, refused('MALFORMED_LINE', `not JSON (${(error as Error).message})`));
      continue;
    }
    window.push(
      producer.send(item as VigilEvent).then(
        (result) => record(line, result),
        (error: { code?: string; message: string; field?: string }) => {
          if (error instanceof VigilHttpError) fatal ??= error;
          record(line, refused(error.code ?? 'ERROR', error.message, error.field));
        },
      ),
    );
    if (window.length >= READ_AHEAD) {
      await Promise.all(window);
      window = [];
    }
  }
  await producer.close();
  await Promise.all(window);
  return { total, fatal };
}

/** The errors listed by line, then one line of counts and the rate. */
function printSummary(
  out: Output,
  total: number,
  counts: Counts,
  errors: readonly LineError[],
  durationMs: number,
) {
  for (const e of errors) out.warn(`line ${e.line}: ${e.status} ${e.message}${e.id ? ` (${e.id})` : ''}`);
  if (counts.rejected + counts.failed > errors.length)
    out.warn(`… and ${counts.rejected + counts.failed - errors.length} more`);
  const rate = durationMs > 0 ? Math.round((total / durationMs) * 1000) : total;
  const byStatus = (Object.keys(counts) as (keyof Counts)[])
    .map((status) => `${counts[status]} ${out.level(status)}`)
    .join(', ');
  out.line(`${total} events in ${(durationMs / 1000).toFixed(1)} s (${rate}/s): ${byStatus}`);
}

/** Reads JSON lines, sends them through a batching producer, counts every outcome. */
async function publishFile(flags: PublishFlags, out: Output): Promise<number> {
  const started = Date.now();
  const producer = new EventProducer({
    client: clientFor(flags, 'producer'),
    ...(flags.source ? { source: flags.source } : {}),
    ...(flags.type ? { type: flags.type } : {}),
    ...(flags.module ? { module: flags.module } : {}),
    concurrency: 4,
  });
  const expected = out.stderr.isTTY && !out.json ? await countLines(flags.file as string) : undefined;
  const { counts, errors, record } = tallyFor(out, expected);
  const input = flags.file === '-' ? process.stdin : createReadStream(flags.file as string);
  const { total, fatal } = await sendLines(input, producer, record);
  out.endProgress();
  if (fatal) throw fatal;
  const durationMs = Date.now() - started;
  errors.sort((a, b) => a.line - b.line);
  if (out.json) out.printJson({ total, ...counts, durationMs, errors });
  else printSummary(out, total, counts, errors, durationMs);
  return counts.rejected + counts.failed > 0 ? 1 : 0;
}

/** `vigil publish`: one event from flags, or many from a JSON-lines file. */
export function publishCommand(program: Command): void {
  const command = withConnection(
    program
      .command('publish')
      .description('publish one event, or every line of a JSON-lines file (batched, retried)')
      .option('--source <source>', 'the producer source, e.g. plant7.press')
      .option('--type <type>', 'the event type, e.g. temperature.high')
      .addOption(choice('--severity <severity>', ['INFO', 'WARNING', 'CRITICAL']))
      .option('--message <text>', 'a human message (≤ 2048 characters)')
      .option('--data <json>', 'a JSON object', jsonObject('--data'))
      .option(
        '--signal <json>',
        'a signal, e.g. \'{"valence":-0.4,"state":[86.1,85.7]}\'',
        jsonArgument('--signal'),
      )
      .option('--module <name>', 'the module a state.* event drives')
      .option('--id <ulid>', 'the event id (default: made on the client)')
      .option('--dedup-key <key>', 'idempotency key (default: the id)')
      .option('--alert-key <key>', 'groups events into one alert')
      .option('--time <time>', 'when it happened (ISO-8601, now, 15m …)', timeArgument())
      .option(
        '--file <path>',
        'publish every line of a JSON-lines file (- for stdin); --source/--type fill gaps',
      ),
  ).action(async (flags: PublishFlags) => {
    const out = outputFor(flags);
    process.exitCode = flags.file ? await publishFile(flags, out) : await publishOne(flags, out);
  });
  examples(command, [
    'vigil publish --source plant7.press --type temperature.high --severity WARNING --message "86 °C"',
    'vigil publish --source plant7.press --type reading --signal \'{"valence":0.2,"state":[71.5,70.9]}\'',
    'vigil publish --source cell-4 --type state.TASK_START --module cell-4',
    'vigil publish --file events.jsonl --json',
  ]);
}
