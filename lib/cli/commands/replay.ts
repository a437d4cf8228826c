import type { Command } from 'commander';
import type { ReplayRequest, ReplayView, VigilClient } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { type Output, outputFor } from '../output.ts';
import { choice, examples, integerArgument, jsonObject, timeArgument, UsageError } from '../usage.ts';

interface ReplayFlags extends ConnectionFlags {
  from?: string;
  to?: string;
  source?: string;
  type?: string;
  severity?: 'INFO' | 'WARNING' | 'CRITICAL';
  pattern?: Record<string, unknown>;
  name?: string;
  rate?: number;
  dryRun?: boolean;
  wait?: boolean;
  json?: boolean;
}

const POLL_MS = 500;

function printReplay(out: Output, replay: ReplayView): void {
  out.fields([
    ['replay', replay.id],
    ['name', replay.name],
    ['status', out.level(replay.status)],
    ['range', `${replay.request.from} .. ${replay.request.to}`],
    ['filter', replay.request.filter ? JSON.stringify(replay.request.filter) : undefined],
    ['matched', String(replay.counts.matched)],
    ['published', String(replay.counts.published)],
    ['failed', String(replay.counts.failed)],
    ['duration', `${(replay.durationMs / 1000).toFixed(1)} s`],
    ['error', replay.error],
  ]);
}

/** Polls until the replay ends, drawing its progress. */
async function waitFor(client: VigilClient, id: string, out: Output): Promise<ReplayView> {
  for (;;) {
    const { replay } = await client.replay(id);
    out.progress(replay.counts.published, undefined, `published (${replay.counts.matched} matched so far)`);
    if (replay.status !== 'running') {
      out.endProgress();
      return replay;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The request `vigil replay --from …` sends: the filter flags gathered, `--to` defaulting to now. */
function replayRequestOf(flags: ReplayFlags): ReplayRequest {
  if (!flags.from)
    throw new UsageError('give --from (e.g. --from 2h), or a subcommand: status|cancel|resume <id>');
  const filter = {
    ...(flags.source ? { source: flags.source } : {}),
    ...(flags.type ? { type: flags.type } : {}),
    ...(flags.severity ? { severity: flags.severity } : {}),
    ...(flags.pattern ? { pattern: flags.pattern } : {}),
  };
  return {
    from: flags.from,
    to: flags.to ?? new Date().toISOString(),
    ...(Object.keys(filter).length > 0 ? { filter } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.rate ? { ratePerSecond: flags.rate } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
  };
}

type StartAnswer = Awaited<ReturnType<VigilClient['startReplay']>>;
type DryRunAnswer = Extract<StartAnswer, { dryRun: true }>;

/** A dry run: how many would be replayed, and a sample of them. */
function printDryRun(out: Output, answer: DryRunAnswer): void {
  if (out.json) {
    out.printJson(answer);
    return;
  }
  out.line(`would replay ${answer.matched}${answer.complete ? '' : '+'} event(s); a sample:`);
  out.table(
    answer.sample,
    [
      { header: 'RECEIVED', value: (e) => e.receivedAt },
      { header: 'SOURCE', value: (e) => e.source },
      { header: 'TYPE', value: (e) => e.type },
      { header: 'ID', value: (e) => e.id },
    ],
    'nothing matches',
  );
}

/** `vigil replay --from …`: starts (or dry-runs) a replay, and with `--wait` follows it to its end. */
async function startReplay(flags: ReplayFlags): Promise<void> {
  const out = outputFor(flags);
  const request = replayRequestOf(flags);
  const client = clientFor(flags);
  const started = await client.startReplay(request);
  if ('dryRun' in started) return printDryRun(out, started);
  if (!flags.wait) {
    if (out.json) return out.printJson(started);
    out.line(
      `replay ${started.replayId} ${out.level(started.status)}${started.existing ? ' (an existing replay with that name)' : ''}`,
    );
    out.note(`follow it: vigil replay status ${started.replayId}`);
    return;
  }
  const ended = await waitFor(client, started.replayId, out);
  if (out.json) out.printJson(ended);
  else printReplay(out, ended);
  if (ended.status !== 'completed') process.exitCode = 1;
}

function replayCommand(program: Command): Command {
  const replay = withConnection(
    program
      .command('replay')
      .description('re-publish history to the bus (as vigil.replay), or manage a replay')
      .option('--from <time>', 'start, inclusive (ISO-8601, or 15m / 2h / 7d ago)', timeArgument())
      .option('--to <time>', 'end, exclusive (default: now)', timeArgument())
      .option('--source <source>', 'only this source')
      .option('--type <type>', 'only this type')
      .addOption(choice('--severity <severity>', ['INFO', 'WARNING', 'CRITICAL']))
      .option(
        '--pattern <json>',
        'an EventBridge event pattern the events must match',
        jsonObject('--pattern'),
      )
      .option('--name <name>', 'idempotency: the same name gives the same replay')
      .option('--rate <n>', 'events per second (1-10000)', integerArgument(1, 10_000))
      .option('--dry-run', 'count what would be replayed, and show a sample')
      .option('--wait', 'wait until it ends, showing progress'),
  ).action(startReplay);
  examples(replay, [
    'vigil replay --from 2h --source plant7.press --dry-run',
    'vigil replay --from 2026-11-27T08:00:00Z --to 2026-11-27T09:00:00Z --name backfill-27 --rate 200 --wait',
    'vigil replay --from 1d --pattern \'{"detail":{"severity":["CRITICAL"]}}\'',
    'vigil replay status 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P',
  ]);
  return replay;
}

function statusCommand(replay: Command): void {
  const status = withConnection(
    replay
      .command('status')
      .description("a replay's status and counts")
      .argument('<id>', 'the replay id')
      .option('--wait', 'wait until it ends'),
  ).action(async (id: string, flags: ConnectionFlags & { wait?: boolean; json?: boolean }) => {
    const out = outputFor(flags);
    const client = clientFor(flags);
    const view = flags.wait ? await waitFor(client, id, out) : (await client.replay(id)).replay;
    if (out.json) return out.printJson(view);
    printReplay(out, view);
  });
  examples(status, [
    'vigil replay status 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P',
    'vigil replay status 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P --wait',
  ]);
}

function cancelCommand(replay: Command): void {
  const cancel = withConnection(
    replay.command('cancel').description('stop a running replay').argument('<id>', 'the replay id'),
  ).action(async (id: string, flags: ConnectionFlags & { json?: boolean }) => {
    const out = outputFor(flags);
    const { replay: view } = await clientFor(flags).cancelReplay(id);
    if (out.json) return out.printJson(view);
    printReplay(out, view);
  });
  examples(cancel, ['vigil replay cancel 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P']);
}

function resumeCommand(replay: Command): void {
  const resume = withConnection(
    replay
      .command('resume')
      .description('go on with a running replay whose run stopped')
      .argument('<id>', 'the replay id'),
  ).action(async (id: string, flags: ConnectionFlags & { json?: boolean }) => {
    const out = outputFor(flags);
    const answer = await clientFor(flags).resumeReplay(id);
    if (out.json) return out.printJson(answer);
    out.line(`replay ${answer.replayId} resumed (${out.level(answer.status)})`);
  });
  examples(resume, ['vigil replay resume 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P']);
}

/** `vigil replay --from --to …` and `vigil replay status|cancel|resume ID`. */
export function replayCommands(program: Command): void {
  const replay = replayCommand(program);
  statusCommand(replay);
  cancelCommand(replay);
  resumeCommand(replay);
}
