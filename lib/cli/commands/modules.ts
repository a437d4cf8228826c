import type { Command } from 'commander';
import type { ModuleView, TransitionRecord } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { type Output, outputFor } from '../output.ts';
import { examples, integerArgument, jsonObject, timeArgument, UsageError } from '../usage.ts';

interface ModuleFlags extends ConnectionFlags {
  at?: string;
  log?: boolean;
  limit?: number;
  data?: Record<string, unknown>;
  by?: string;
  json?: boolean;
}

function printModule(out: Output, module: ModuleView): void {
  out.fields([
    ['module', module.name],
    ['lifecycle', module.lifecycle],
    ['operational', module.operational],
    ['health', module.health],
    ['version', String(module.version)],
    ['updated', module.updatedAt ? `${module.updatedAt} (${out.ago(module.updatedAt)})` : 'never'],
  ]);
}

function transitionTable(out: Output, transitions: readonly TransitionRecord[]): void {
  out.table(
    transitions,
    [
      { header: 'VERSION', value: (t) => String(t.version), align: 'right' },
      { header: 'APPLIED', value: (t) => `${t.appliedAt} (${out.ago(t.appliedAt)})` },
      { header: 'EVENT', value: (t) => t.event },
      { header: 'STATE', value: (t) => `${t.state.lifecycle} / ${t.state.operational} / ${t.state.health}` },
      { header: 'BY', value: (t) => t.by ?? t.origin ?? '' },
    ],
    'no transitions yet',
  );
}

/** `vigil modules`: every module and its state, a page at a time. */
function listCommand(program: Command): void {
  const list = withConnection(
    program
      .command('modules')
      .description('every module and its state')
      .option('--limit <n>', 'at most this many (1-100, default 50)', integerArgument(1, 100))
      .option('--cursor <cursor>', 'the next page'),
  ).action(async (flags: ConnectionFlags & { limit?: number; cursor?: string; json?: boolean }) => {
    const out = outputFor(flags);
    const page = await clientFor(flags).modules({
      ...(flags.limit ? { limit: flags.limit } : {}),
      ...(flags.cursor ? { cursor: flags.cursor } : {}),
    });
    if (out.json) return out.printJson(page);
    out.table(
      page.modules,
      [
        { header: 'MODULE', value: (m) => m.name },
        { header: 'LIFECYCLE', value: (m) => m.lifecycle },
        { header: 'OPERATIONAL', value: (m) => m.operational },
        { header: 'HEALTH', value: (m) => m.health },
        { header: 'VERSION', value: (m) => String(m.version), align: 'right' },
        { header: 'UPDATED', value: (m) => out.ago(m.updatedAt) },
      ],
      'no modules yet',
    );
    if (page.cursor) out.note(`more: add --cursor ${page.cursor}`);
  });
  examples(list, ['vigil modules', 'vigil modules --json']);
}

/** `vigil module NAME send EVENT`: applies the event now (the sync path) and shows the new state. */
async function sendEvent(name: string, action: string, event: string | undefined, flags: ModuleFlags) {
  const out = outputFor(flags);
  if (action !== 'send')
    throw new UsageError(`unknown action '${action}': vigil module ${name} send <EVENT>`);
  if (!event) throw new UsageError(`give the event: vigil module ${name} send TASK_START`);
  const answer = await clientFor(flags).sendModuleEvent(name, {
    type: event,
    ...(flags.data ? { data: flags.data } : {}),
    ...(flags.by ? { by: flags.by } : {}),
  });
  if (out.json) return out.printJson(answer);
  out.line(`${name}: ${event} applied, version ${answer.module.version}`);
  printModule(out, answer.module);
}

/** `vigil module NAME [--at] [--log]`: the state now or then, and with `--log` the transitions up to it. */
async function showModule(name: string, flags: ModuleFlags) {
  const out = outputFor(flags);
  const client = clientFor(flags);
  const answer = await client.module(name, flags.at ? { at: flags.at } : {});
  const log = flags.log
    ? (
        await client.moduleTransitions(name, {
          ...(flags.limit ? { limit: flags.limit } : {}),
          ...(flags.at ? { to: flags.at } : {}),
        })
      ).transitions
    : undefined;
  if (out.json) return out.printJson({ ...answer, ...(log ? { transitions: log } : {}) });
  if (flags.at) out.line(out.style(`as of ${flags.at}`, 'dim'));
  printModule(out, answer.module);
  if (log) {
    out.line();
    transitionTable(out, log);
  }
}

function moduleCommand(program: Command): void {
  const one = withConnection(
    program
      .command('module')
      .description("a module's state (now or --at a time), its transition log, or send it an event")
      .argument('<name>', 'the module name')
      .argument('[action]', 'send: apply a state event now (the sync path)')
      .argument('[event]', 'with send: the event, e.g. TASK_START')
      .option('--at <time>', 'the state at this time (ISO-8601, or 15m / 2h ago)', timeArgument())
      .option('--log', 'also show the transition log (oldest first)')
      .option('--limit <n>', 'with --log: at most this many transitions (1-100)', integerArgument(1, 100))
      .option('--data <json>', "with send: the event's data (a JSON object)", jsonObject('--data'))
      .option(
        '--by <name>',
        'with send: a name kept as a note beside the signed caller, who is the recorded actor',
      ),
  ).action(async (name: string, action: string | undefined, event: string | undefined, flags: ModuleFlags) =>
    action === undefined ? showModule(name, flags) : sendEvent(name, action, event, flags),
  );
  examples(one, [
    'vigil module press-7',
    'vigil module press-7 --at 2h --log',
    'vigil module press-7 send TASK_START --data \'{"task":"t-17"}\'',
  ]);
}

/** `vigil modules`, `vigil module NAME [--at] [--log]`, `vigil module NAME send EVENT`. */
export function moduleCommands(program: Command): void {
  listCommand(program);
  moduleCommand(program);
}
