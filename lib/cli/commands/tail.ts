import type { Command } from 'commander';
import type { Envelope, EventQuery, VigilClient } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { outputFor } from '../output.ts';
import { choice, examples, integerArgument, timeArgument } from '../usage.ts';

interface TailFlags extends ConnectionFlags {
  source?: string;
  type?: string;
  severity?: EventQuery['severity'];
  since?: string;
  interval: number;
  count?: number;
  json?: boolean;
}

/**
 * Events written in the same moment become visible in history in any order: each poll looks this
 * far back behind the newest event seen, and skips the ids it already printed.
 */
const LOOKBACK_MS = 10_000;

export interface TailOptions {
  readonly filter: Pick<EventQuery, 'source' | 'type' | 'severity'>;
  readonly since: string;
  readonly intervalMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Follows the history: yields every event received since `since` in arrival order, once, polling
 * `GET /events` (oldest first, page by page) every `intervalMs`.
 */
export async function* follow(client: VigilClient, options: TailOptions): AsyncGenerator<Envelope> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const seen = new Map<string, string>();
  let from = options.since;
  for (;;) {
    let cursor: string | undefined;
    let newest = from;
    do {
      const page = await client.events({ ...options.filter, from, order: 'asc', limit: 1000, cursor });
      for (const event of page.events) {
        if (event.receivedAt > newest) newest = event.receivedAt;
        if (seen.has(event.id)) continue;
        seen.set(event.id, event.receivedAt);
        yield event;
      }
      cursor = page.cursor;
    } while (cursor);
    const back = new Date(Date.parse(newest) - LOOKBACK_MS).toISOString();
    from = back > options.since ? back : options.since;
    for (const [id, at] of seen) if (at < from) seen.delete(id);
    await sleep(options.intervalMs);
  }
}

/** `vigil tail`: new events as they arrive, until Ctrl-C (or `--count`). */
export function tailCommand(program: Command): void {
  const command = withConnection(
    program
      .command('tail')
      .description('follow new events as they arrive (Ctrl-C stops)')
      .option('--source <source>', 'only this source')
      .option('--type <type>', 'only this type')
      .addOption(choice('--severity <severity>', ['INFO', 'WARNING', 'CRITICAL']))
      .option(
        '--since <time>',
        'start from this time (ISO-8601, or 15m / 2h ago; default: now)',
        timeArgument(),
      )
      .option('--interval <ms>', 'poll every this many milliseconds', integerArgument(100, 60_000), 1000)
      .option('--count <n>', 'stop after this many events', integerArgument(1, 1_000_000)),
  ).action(async (flags: TailFlags) => {
    const out = outputFor(flags);
    const filter = {
      ...(flags.source ? { source: flags.source } : {}),
      ...(flags.type ? { type: flags.type } : {}),
      ...(flags.severity ? { severity: flags.severity } : {}),
    };
    const since = flags.since ?? new Date().toISOString();
    if (!out.json) out.note(out.style(`following events since ${since} (Ctrl-C stops)`, 'dim'));
    let printed = 0;
    for await (const event of follow(clientFor(flags), { filter, since, intervalMs: flags.interval })) {
      if (out.json) out.printJson(event);
      else
        out.line(
          [
            out.style(event.receivedAt.slice(11, 23), 'dim'),
            out.level(event.severity.padEnd(8)),
            `${event.source} ${out.style(event.type, 'bold')}`,
            event.message ?? '',
            out.style(event.id, 'dim'),
          ].join('  '),
        );
      if (flags.count !== undefined && ++printed >= flags.count) return;
    }
  });
  examples(command, [
    'vigil tail',
    'vigil tail --source plant7.press --severity CRITICAL',
    'vigil tail --json --count 10 | jq .type',
  ]);
}
