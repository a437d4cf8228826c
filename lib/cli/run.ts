import type { Command } from 'commander';
import { VigilClientError, VigilConfigError } from '#lib/client/errors.ts';
import { UsageError } from './usage.ts';

/** Exit codes: 0 ok, 1 the request failed, 2 the command line was wrong (or names nothing to connect to). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The exit code an error stands for, and the line to print (undefined when commander printed it). */
export function describeExit(error: unknown): { code: number; message?: string } {
  const commanderCode = (error as { code?: unknown }).code;
  if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version')
    return { code: EXIT.ok };
  if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.'))
    return { code: EXIT.usage };
  if (error instanceof UsageError || error instanceof VigilConfigError)
    return { code: EXIT.usage, message: `error: ${error.message}` };
  if (error instanceof VigilClientError) {
    const detail = [
      error.code,
      error.field && `field ${error.field}`,
      'status' in error && `HTTP ${error.status}`,
    ]
      .filter(Boolean)
      .join(', ');
    return { code: EXIT.failed, message: `error: ${error.message} (${detail})` };
  }
  return { code: EXIT.failed, message: `error: ${(error as Error).message ?? String(error)}` };
}

/** Runs a command-line program: commander's own exits keep their meaning, other errors print once. */
export function runCli(program: Command, argv: readonly string[] = process.argv): void {
  program.parseAsync(argv).then(
    () => process.exit(process.exitCode ?? EXIT.ok),
    (error: unknown) => {
      const { code, message } = describeExit(error);
      if (message) process.stderr.write(`${message}\n`);
      process.exit(code);
    },
  );
}
