import type { Command } from 'commander';
import type { Envelope, EventQuery } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { type Column, type Output, outputFor } from '../output.ts';
import { choice, examples, integerArgument, timeArgument } from '../usage.ts';

interface EventFlags extends ConnectionFlags {
  from?: string;
  to?: string;
  source?: string;
  type?: string;
  severity?: EventQuery['severity'];
  limit?: number;
  order?: 'asc' | 'desc';
  cursor?: string;
  json?: boolean;
}

export function eventColumns(out: Output): Column<Envelope>[] {
  return [
    { header: 'RECEIVED', value: (e) => out.ago(e.receivedAt) },
    { header: 'SEVERITY', value: (e) => out.level(e.severity) },
    { header: 'SOURCE', value: (e) => e.source, max: 32 },
    { header: 'TYPE', value: (e) => e.type, max: 32 },
    { header: 'MESSAGE', value: (e) => e.message ?? '', max: 48 },
    { header: 'ID', value: (e) => out.style(e.id, 'dim') },
  ];
}

/** `vigil events`: a page of history; `vigil event ID`: one event whole. */
export function eventsCommands(program: Command): void {
  const list = withConnection(
    program
      .command('events')
      .description('query the event history (newest first)')
      .option(
        '--from <time>',
        'start, inclusive (ISO-8601, or 15m / 2h / 7d ago; default: 1h before --to)',
        timeArgument(),
      )
      .option('--to <time>', 'end, exclusive (default: now)', timeArgument())
      .option('--source <source>', 'only this source')
      .option('--type <type>', 'only this type')
      .addOption(choice('--severity <severity>', ['INFO', 'WARNING', 'CRITICAL']))
      .option('--limit <n>', 'at most this many (1-1000, default 100)', integerArgument(1, 1000))
      .addOption(choice('--order <order>', ['asc', 'desc']))
      .option('--cursor <cursor>', 'the next page (from the previous answer, with the same filters)'),
  ).action(async (flags: EventFlags) => {
    const out = outputFor(flags);
    const { from, to, source, type, severity, limit, order, cursor } = flags;
    const page = await clientFor(flags).events({ from, to, source, type, severity, limit, order, cursor });
    if (out.json) return out.printJson(page);
    out.table(page.events, eventColumns(out), 'no events in that range');
    if (page.cursor) out.note(`more: add --cursor ${page.cursor}`);
  });
  examples(list, [
    'vigil events --from 2h --source plant7.press',
    'vigil events --severity CRITICAL --limit 20 --json',
  ]);

  const one = withConnection(
    program.command('event').description('show one event').argument('<id>', 'the event id (a ULID)'),
  ).action(async (id: string, flags: ConnectionFlags & { json?: boolean }) => {
    const out = outputFor(flags);
    const { event } = await clientFor(flags).event(id);
    if (out.json) return out.printJson(event);
    out.fields([
      ['id', event.id],
      ['source', event.source],
      ['type', event.type],
      ['severity', out.level(event.severity)],
      ['message', event.message],
      ['time', `${event.time} (${out.ago(event.time)})`],
      ['received', `${event.receivedAt} (${out.ago(event.receivedAt)})`],
      ['module', event.module],
      ['dedupKey', event.dedupKey],
      ['alertKey', event.alertKey],
      ['signal', event.signal ? JSON.stringify(event.signal) : undefined],
      ['data', event.data ? JSON.stringify(event.data) : undefined],
      ['replay', event.replay ? JSON.stringify(event.replay) : undefined],
    ]);
  });
  examples(one, ['vigil event 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P']);
}
