import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { DeadLetter } from '../local/eventbridge/dead-letters.ts';
import { RUNTIME_INFO_FILE, readJsonFile, runtimeInfoSchema } from '../local/local-config.ts';
import { runCli } from './run.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function eventBridgeEndpoint(stateDir: string): string {
  const info = readJsonFile(path.join(stateDir, RUNTIME_INFO_FILE), runtimeInfoSchema);
  if (!info)
    throw new Error(
      `the local runtime is not running (no ${path.join(stateDir, RUNTIME_INFO_FILE)}); start it with npm start`,
    );
  return info.eventBridgeEndpoint;
}

/** `dead-letters list|redrive`: the local dead-letter store of rule targets. */
export function deadLettersProgram(
  out: (line: string) => void = console.log,
  stateDir = path.join(PROJECT_ROOT, '.vigil'),
): Command {
  const program = new Command('dead-letters')
    .description('List and re-drive events whose delivery to a rule target finally failed')
    .exitOverride();

  program
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const response = await fetch(`${eventBridgeEndpoint(stateDir)}/_vigil/dead-letters`);
      const { deadLetters } = (await response.json()) as { deadLetters: DeadLetter[] };
      if (options.json) return out(JSON.stringify(deadLetters));
      if (deadLetters.length === 0) return out('no dead letters');
      for (const letter of deadLetters) {
        out(
          `${letter.id}  ${letter.deadLetteredAt}  ${letter.targetArn.split(':').pop()}  ${letter.errorCode}: ${letter.errorMessage}  (${letter.exhaustedRetryCondition}, ${letter.retryAttempts} retries)  event ${letter.event.id} ${letter.event['detail-type']}`,
        );
      }
    });

  program
    .command('redrive')
    .description('deliver dead letters again to the target that failed them (all, or the given ids)')
    .argument('[ids...]', 'dead-letter ids from list')
    .action(async (ids: string[]) => {
      const response = await fetch(`${eventBridgeEndpoint(stateDir)}/_vigil/dead-letters`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ids.length > 0 ? { ids } : {}),
      });
      const result = (await response.json()) as { redriven: number; unknownTarget: number };
      out(
        `re-driven ${result.redriven}${result.unknownTarget ? `, ${result.unknownTarget} skipped (their rule or target no longer exists)` : ''}`,
      );
    });

  return program;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(deadLettersProgram());
