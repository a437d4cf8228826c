import { Command } from 'commander';
import { alertCommands } from './commands/alerts.ts';
import { eventsCommands } from './commands/events.ts';
import { moduleCommands } from './commands/modules.ts';
import { publishCommand } from './commands/publish.ts';
import { replayCommands } from './commands/replay.ts';
import { silenceCommands } from './commands/silences.ts';
import { subscriptionCommands } from './commands/subscriptions.ts';
import { tailCommand } from './commands/tail.ts';
import { userCommands } from './commands/users.ts';
import { deadLettersProgram } from './dead-letters.ts';
import { keysProgram } from './keys.ts';
import { runCli } from './run.ts';
import { examples } from './usage.ts';

const HELP_FOOTER = `
Connection (every command): --endpoint, else $VIGIL_ENDPOINT, else the running local runtime's
.vigil/local.json (npm start). Producer key: --key, $VIGIL_KEY, or the local runtime's. Admin
commands sign with SigV4 from the AWS credential chain (--profile, AWS_PROFILE, …), or with the
local runtime's credentials when the endpoint is the local runtime.
Output: tables for people (colour on a terminal, never with NO_COLOR); --json for scripts.
Exit codes: 0 ok, 1 the request failed, 2 usage error.

Examples:
  $ npx vigil publish --source plant7.press --type temperature.high --severity WARNING
  $ npx vigil tail --severity CRITICAL
  $ npx vigil alerts --state new
  $ npx vigil ack 01JD3Q4Z5X6Y7W8V9T0S1R2Q3P --note "on it"
  $ npx vigil replay --from 2h --source plant7.press --wait
`;

/** The `vigil` program: every command, parsed by commander, errors left to the caller. */
export function vigilProgram(): Command {
  const program = new Command('vigil')
    .description(
      'Publish to Vigil, follow its events, and run its alerts, modules, replays, keys and dead letters',
    )
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .showSuggestionAfterError()
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', HELP_FOOTER);
  publishCommand(program);
  tailCommand(program);
  eventsCommands(program);
  alertCommands(program);
  silenceCommands(program);
  moduleCommands(program);
  replayCommands(program);
  subscriptionCommands(program);
  userCommands(program);
  const keys = keysProgram().description('producer keys: create, list, revoke (the key store in DynamoDB)');
  examples(keys, [
    "vigil keys create plant-7 --sources 'plant7.press,plant7.*' --table <ProducerKeysTable output>",
    'vigil keys list --table <ProducerKeysTable output> --json',
    'vigil keys revoke <keyId> --table <ProducerKeysTable output>',
  ]);
  program.addCommand(keys);
  const dlq = deadLettersProgram().name('dlq').alias('dead-letters');
  examples(dlq, [
    'vigil dlq list',
    'vigil dlq redrive',
    'vigil dlq list --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/Vigil-DeadLetters --region eu-west-1',
  ]);
  program.addCommand(dlq);
  // A parent never takes an option meant for its subcommand (`vigil replay status ID --json`).
  program.enablePositionalOptions();
  for (const command of program.commands) command.enablePositionalOptions();
  return program;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(vigilProgram());
