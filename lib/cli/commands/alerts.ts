import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Alert, AlertQuery } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { type Column, type Output, outputFor } from '../output.ts';
import { choice, examples, integerArgument } from '../usage.ts';

interface AlertFlags extends ConnectionFlags {
  state?: AlertQuery['state'];
  severity?: AlertQuery['severity'];
  source?: string;
  type?: string;
  limit?: number;
  cursor?: string;
  json?: boolean;
}

/** Who acts: `--by`, else `VIGIL_USER`, else the login name. */
export function actor(by: string | undefined): string {
  if (by) return by;
  if (process.env.VIGIL_USER) return process.env.VIGIL_USER;
  try {
    return userInfo().username;
  } catch {
    return 'vigil-cli';
  }
}

function alertColumns(out: Output): Column<Alert>[] {
  return [
    { header: 'ID', value: (a) => a.id },
    { header: 'STATE', value: (a) => out.level(a.state) },
    { header: 'SEVERITY', value: (a) => out.level(a.severity) },
    { header: 'SOURCE', value: (a) => a.source, max: 28 },
    { header: 'TYPE', value: (a) => a.type, max: 28 },
    { header: 'COUNT', value: (a) => String(a.count), align: 'right' },
    { header: 'LAST SEEN', value: (a) => out.ago(a.lastSeenAt) },
    { header: 'MESSAGE', value: (a) => a.lastMessage ?? '', max: 40 },
  ];
}

function printAlert(out: Output, alert: Alert): void {
  out.fields([
    ['id', alert.id],
    ['state', out.level(alert.state)],
    ['severity', out.level(alert.severity)],
    ['source', alert.source],
    ['type', alert.type],
    ['alertKey', alert.alertKey],
    ['count', String(alert.count)],
    ['first seen', `${alert.firstSeenAt} (${out.ago(alert.firstSeenAt)})`],
    ['last seen', `${alert.lastSeenAt} (${out.ago(alert.lastSeenAt)})`],
    ['message', alert.lastMessage],
    [
      'acknowledged',
      alert.acknowledgedBy &&
        `${alert.acknowledgedBy} ${out.ago(alert.acknowledgedAt)}${alert.acknowledgeNote ? `: ${alert.acknowledgeNote}` : ''}`,
    ],
    [
      'resolved',
      alert.resolvedBy &&
        `${alert.resolvedBy} ${out.ago(alert.resolvedAt)}${alert.resolutionNotes ? `: ${alert.resolutionNotes}` : ''}`,
    ],
  ]);
}

/** `vigil alerts`: a page of alerts, newest first. */
function listCommand(program: Command): void {
  const list = withConnection(
    program
      .command('alerts')
      .description('list alerts, newest first')
      .addOption(choice('--state <state>', ['new', 'acknowledged', 'resolved']))
      .addOption(choice('--severity <severity>', ['WARNING', 'CRITICAL']))
      .option('--source <source>', 'only this source')
      .option('--type <type>', 'only this type')
      .option('--limit <n>', 'at most this many (1-100, default 50)', integerArgument(1, 100))
      .option('--cursor <cursor>', 'the next page'),
  ).action(async (flags: AlertFlags) => {
    const out = outputFor(flags);
    const { state, severity, source, type, limit, cursor } = flags;
    const page = await clientFor(flags).alerts({ state, severity, source, type, limit, cursor });
    if (out.json) return out.printJson(page);
    out.table(page.alerts, alertColumns(out), 'no alerts');
    if (page.cursor) out.note(`more: add --cursor ${page.cursor}`);
  });
  examples(list, [
    'vigil alerts --state new',
    'vigil alerts --severity CRITICAL --source plant7.press --json',
  ]);
}

/** `vigil alert ID`: the alert and its timeline. */
function alertCommand(program: Command): void {
  const one = withConnection(
    program.command('alert').description('show an alert and its timeline').argument('<id>', 'the alert id'),
  ).action(async (id: string, flags: ConnectionFlags & { json?: boolean }) => {
    const out = outputFor(flags);
    const answer = await clientFor(flags).alert(id);
    if (out.json) return out.printJson(answer);
    printAlert(out, answer.alert);
    out.line();
    out.table(
      answer.timeline,
      [
        { header: 'AT', value: (t) => `${t.at} (${out.ago(t.at)})` },
        { header: 'WHAT', value: (t) => t.kind },
        {
          header: 'DETAIL',
          value: (t) =>
            JSON.stringify(Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'at' && k !== 'kind'))),
          max: 80,
        },
      ],
      'no timeline',
    );
  });
  examples(one, ['vigil alert 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P']);
}

/** `vigil ack ID` and `vigil resolve ID`, recorded as done by the signed caller. */
function actionCommand(program: Command, action: 'ack' | 'resolve'): void {
  const command = withConnection(
    program
      .command(action)
      .description(action === 'ack' ? 'acknowledge an alert' : 'resolve an alert')
      .argument('<id>', 'the alert id')
      .option('--note <text>', action === 'ack' ? 'why, or what you are doing' : 'resolution notes')
      .option(
        '--by <name>',
        'a name kept as a note beside the signed caller, who is the recorded actor (default: $VIGIL_USER, else your login name)',
      ),
  ).action(async (id: string, flags: ConnectionFlags & { note?: string; by?: string; json?: boolean }) => {
    const out = outputFor(flags);
    const client = clientFor(flags);
    const by = actor(flags.by);
    const input = { by, ...(flags.note ? { note: flags.note } : {}) };
    const { alert } = action === 'ack' ? await client.ack(id, input) : await client.resolve(id, input);
    if (out.json) return out.printJson(alert);
    out.line(`${alert.id} is ${out.level(alert.state)} (by ${by})`);
  });
  examples(command, [
    `vigil ${action} 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P --note "${action === 'ack' ? 'on it' : 'fan replaced'}"`,
  ]);
}

/** `vigil alerts`, `vigil alert ID`, `vigil ack ID`, `vigil resolve ID`. */
export function alertCommands(program: Command): void {
  listCommand(program);
  alertCommand(program);
  actionCommand(program, 'ack');
  actionCommand(program, 'resolve');
}
