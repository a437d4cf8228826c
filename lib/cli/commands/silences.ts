import { type Command, InvalidArgumentError } from 'commander';
import type { SilenceInput, SilenceView } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { outputFor } from '../output.ts';
import { examples, parseDuration, timeArgument, UsageError } from '../usage.ts';
import { actor } from './alerts.ts';

type Matcher = SilenceInput['matchers'][number];

/** `source=plant7.press` (exact) or `source~=plant7.` (prefix); fields source, type, severity. */
export function parseMatcher(value: string, previous: Matcher[] = []): Matcher[] {
  const match = /^(source|type|severity)(~?=)(.+)$/.exec(value);
  if (!match)
    throw new InvalidArgumentError(
      `'${value}' is not a matcher: give source=NAME, type~=PREFIX or severity=CRITICAL`,
    );
  const [, field, op, matched] = match;
  return [
    ...previous,
    { field: field as Matcher['field'], value: matched as string, match: op === '~=' ? 'prefix' : 'exact' },
  ];
}

const describeMatchers = (s: SilenceView) =>
  s.matchers.map((m) => `${m.field}${m.match === 'prefix' ? '~=' : '='}${m.value}`).join(' ');

interface AddFlags extends ConnectionFlags {
  match: Matcher[];
  duration?: number;
  starts?: string;
  ends?: string;
  comment: string;
  by?: string;
  json?: boolean;
}

/** `vigil silence add`: a silence from the matchers, for a duration or until a time. */
function addCommand(silence: Command): void {
  const add = withConnection(
    silence
      .command('add')
      .description('create a silence (every matcher must hold)')
      .requiredOption(
        '--match <matcher>',
        'source=NAME, type~=PREFIX, severity=CRITICAL (repeat for AND)',
        parseMatcher,
      )
      .option('--duration <duration>', 'how long from the start (30m, 2h, 1d)', parseDuration)
      .option('--starts <time>', 'start (default: now)', timeArgument())
      .option('--ends <time>', 'end (ISO-8601); or give --duration', timeArgument())
      .requiredOption('--comment <text>', 'why')
      .option(
        '--by <name>',
        'a name kept as a note beside the signed caller, who is the recorded actor (default: $VIGIL_USER, else your login name)',
      ),
  ).action(async (flags: AddFlags) => {
    const out = outputFor(flags);
    if (!flags.ends && flags.duration === undefined)
      throw new UsageError('give --duration (e.g. 2h) or --ends <time>');
    const startsMs = flags.starts ? Date.parse(flags.starts) : Date.now();
    const endsAt = flags.ends ?? new Date(startsMs + (flags.duration as number)).toISOString();
    const { silence: created } = await clientFor(flags).createSilence({
      matchers: flags.match,
      ...(flags.starts ? { startsAt: flags.starts } : {}),
      endsAt,
      createdBy: actor(flags.by),
      comment: flags.comment,
    });
    if (out.json) return out.printJson(created);
    out.line(
      `silence ${created.id} ${out.level(created.state)} until ${created.endsAt} (${out.ago(created.endsAt)}): ${describeMatchers(created)}`,
    );
  });
  examples(add, [
    'vigil silence add --match source~=plant7. --duration 2h --comment "maintenance window"',
    'vigil silence add --match source=plant7.press --match severity=WARNING --ends 2026-11-28T06:00:00Z --comment "known"',
  ]);
}

/** `vigil silence list`: every silence, newest first. */
function listCommand(silence: Command): void {
  const list = withConnection(silence.command('list').description('every silence, newest first')).action(
    async (flags: ConnectionFlags & { json?: boolean }) => {
      const out = outputFor(flags);
      const { silences } = await clientFor(flags).silences();
      if (out.json) return out.printJson(silences);
      out.table(
        silences,
        [
          { header: 'ID', value: (s) => s.id },
          { header: 'STATE', value: (s) => out.level(s.state) },
          { header: 'MATCHERS', value: describeMatchers, max: 48 },
          { header: 'ENDS', value: (s) => out.ago(s.endsAt) },
          { header: 'BY', value: (s) => s.createdBy },
          { header: 'COMMENT', value: (s) => s.comment, max: 40 },
        ],
        'no silences',
      );
    },
  );
  examples(list, ['vigil silence list', 'vigil silence list --fields id,state,endsAt,comment']);
}

/** `vigil silence expire ID`: ends it now. */
function expireCommand(silence: Command): void {
  const expire = withConnection(
    silence
      .command('expire')
      .description('end a silence now (kept for the record)')
      .argument('<id>', 'the silence id'),
  ).action(async (id: string, flags: ConnectionFlags & { json?: boolean }) => {
    const out = outputFor(flags);
    const { silence: expired } = await clientFor(flags).expireSilence(id);
    if (out.json) return out.printJson(expired);
    out.line(`silence ${expired.id} ${out.level(expired.state)}`);
  });
  examples(expire, ['vigil silence expire 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P']);
}

/** `vigil silence add|list|expire`. */
export function silenceCommands(program: Command): void {
  const silence = program.command('silence').description('mute alert notifications that match, for a while');
  examples(silence, [
    'vigil silence add --match source~=plant7. --duration 2h --comment "maintenance window"',
    'vigil silence list',
    'vigil silence expire 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P',
  ]);
  addCommand(silence);
  listCommand(silence);
  expireCommand(silence);
}
