import type { Command } from 'commander';

/** Runs a command-line program: commander's own exits (help, usage) keep their code; other errors print once. */
export function runCli(program: Command): void {
  program.parseAsync(process.argv).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
    if (!code?.startsWith('commander.')) console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  });
}
