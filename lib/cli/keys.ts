import { Command, InvalidArgumentError } from 'commander';
import type { ProducerKeyRecord } from '#lib/aws/producer-key-store.ts';
import { modulePatternSchema, producerNameSchema, sourcePatternSchema } from '#lib/core/producer-keys.ts';
import { openProducerKeyStore, type ProducerKeyTarget } from '#lib/local/producer-key-target.ts';
import { STATE_DIR_ENV } from '#lib/local/runtime-locator.ts';
import { runCli } from './run.ts';

interface TableOptions extends ProducerKeyTarget {
  json?: boolean;
}

interface CreateOptions extends TableOptions {
  sources: string[];
  modules?: string[];
  commands?: boolean;
}

function parsePatterns(value: string, schema: typeof sourcePatternSchema): string[] {
  const patterns = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const pattern of patterns) {
    const result = schema.safeParse(pattern);
    if (!result.success) throw new InvalidArgumentError(`'${pattern}' ${result.error.issues[0]?.message}`);
  }
  return patterns;
}

function parseSources(value: string): string[] {
  const sources = parsePatterns(value, sourcePatternSchema);
  if (sources.length === 0)
    throw new InvalidArgumentError('give at least one source, e.g. --sources billing,fleet.*');
  return sources;
}

const parseModules = (value: string): string[] => parsePatterns(value, modulePatternSchema);

/** `pump-7,line3.*`, `none`, or `* (unscoped …)` for a key stored before module scopes. */
function describeModules(record: ProducerKeyRecord): string {
  if (record.modules === undefined) return 'modules * (unscoped: created before module scopes)';
  const modules = record.modules.length > 0 ? record.modules.join(',') : 'none';
  return `modules ${modules}${record.commands ? ' +commands' : ''}`;
}

function parseProducer(value: string): string {
  const result = producerNameSchema.safeParse(value);
  if (!result.success) throw new InvalidArgumentError(`'${value}' ${result.error.issues[0]?.message}`);
  return value;
}

function withTable(command: Command): Command {
  return command
    .option(
      '--table <name>',
      'producer keys table (stack output ProducerKeysTable; default: VIGIL_PRODUCER_KEYS_TABLE, else the running local runtime)',
      process.env.VIGIL_PRODUCER_KEYS_TABLE,
    )
    .option(
      '--state-dir <dir>',
      `the local runtime's folder, when no --table is given (default: ${STATE_DIR_ENV}, else .vigil)`,
    )
    .option(
      '--endpoint <url>',
      'DynamoDB endpoint, e.g. the local server (default: AWS_ENDPOINT_URL_DYNAMODB or AWS)',
    )
    .option('--region <region>', 'AWS region (default: from the AWS environment)')
    .option('--json', 'print JSON');
}

/** `vigil keys …`: create, list and revoke producer keys. Exported for tests; bin at the bottom. */
export function keysProgram(out: (line: string) => void = console.log): Command {
  const program = new Command('keys').description('Manage Vigil producer keys').exitOverride();

  withTable(program.command('create').description('create a key for a producer'))
    .argument('<producer>', 'producer name', parseProducer)
    .requiredOption(
      '--sources <list>',
      'comma-separated sources the key may publish as (a trailing * is a prefix)',
      parseSources,
    )
    .option(
      '--modules <list>',
      'comma-separated modules the key may send state.* events for (a trailing * is a prefix; default: none)',
      parseModules,
    )
    .option('--commands', 'also allow the cross-layer commands EMERGENCY_STOP and INTERRUPT on those modules')
    .action(async (producer: string, options: CreateOptions) => {
      const { key, record } = await openProducerKeyStore(options).create({
        producer,
        sources: options.sources,
        modules: options.modules ?? [],
        commands: options.commands === true,
      });
      if (options.json) out(JSON.stringify({ key, ...record }));
      else {
        out(
          `Created key ${record.keyId} for ${producer} (sources: ${record.sources.join(', ')}; ${describeModules(record)})`,
        );
        out(`Key (shown once, store it now): ${key}`);
      }
    });

  withTable(program.command('list').description('list keys (never the keys themselves)')).action(
    async (options: TableOptions) => {
      const records = await openProducerKeyStore(options).list();
      if (options.json) out(JSON.stringify(records));
      else
        for (const r of records) {
          out(
            `${r.keyId}  ${r.producer}  ${r.sources.join(',')}  ${describeModules(r)}  created ${r.createdAt}${r.revokedAt ? `  REVOKED ${r.revokedAt}` : ''}`,
          );
        }
    },
  );

  withTable(program.command('revoke').description('revoke a key by its id'))
    .argument('<keyId>', 'the key id shown by create and list')
    .action(async (keyId: string, options: TableOptions) => {
      const revoked = await openProducerKeyStore(options).revoke(keyId);
      if (!revoked) throw new InvalidArgumentError(`no key with id ${keyId}`);
      out(options.json ? JSON.stringify({ keyId, revoked: true }) : `Revoked ${keyId}`);
    });

  return program;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(keysProgram());
