import { type Command, InvalidArgumentError, Option } from 'commander';

/**
 * The command line itself is wrong (a missing flag, an unknown value, nothing to connect to):
 * exit code 2, as commander's own usage errors.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** A flag holding JSON (`--data '{"a":1}'`): a usage error naming what is wrong. */
export function jsonArgument(what: string) {
  return (value: string): unknown => {
    try {
      return JSON.parse(value);
    } catch (error) {
      throw new InvalidArgumentError(`${what} must be JSON (${(error as Error).message})`);
    }
  };
}

/** `--data`: a JSON object. */
export function jsonObject(what: string) {
  const parse = jsonArgument(what);
  return (value: string): Record<string, unknown> => {
    const parsed = parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new InvalidArgumentError(`${what} must be a JSON object, e.g. '{"line": 4}'`);
    return parsed as Record<string, unknown>;
  };
}

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `2h`, `1d`, `30s` → milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`'${value}' is not a duration (like 30s, 15m, 2h, 1d)`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** A time flag: ISO-8601 (`2026-11-27T08:00:00Z`), `now`, or a duration ago (`15m`, `2h`, `7d`). */
export function timeArgument(now: () => number = Date.now) {
  return (value: string): string => {
    if (value === 'now') return new Date(now()).toISOString();
    if (/^\d+(?:\.\d+)?[smhd]$/.test(value)) return new Date(now() - parseDuration(value)).toISOString();
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || !/\d{4}-\d{2}-\d{2}/.test(value))
      throw new InvalidArgumentError(
        `'${value}' is not a time: give ISO-8601 (2026-11-27T08:00:00Z), now, or 15m / 2h / 7d ago`,
      );
    return new Date(ms).toISOString();
  };
}

/** A whole number in a range. */
export function integerArgument(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}, got '${value}'`);
    return n;
  };
}

/** One of a few words. */
export function choice(name: string, values: readonly string[]) {
  return new Option(name).choices(values);
}

/** Examples under a command's help. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
