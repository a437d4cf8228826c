import { type Command, InvalidArgumentError } from 'commander';
import type { DeliveryView, Subscription, SubscriptionInput } from '#lib/client/index.ts';
import { type ConnectionFlags, clientFor, withConnection } from '../connection.ts';
import { type Output, outputFor } from '../output.ts';
import { choice, examples, integerArgument, jsonObject, parseDuration } from '../usage.ts';

interface SubscribeFlags extends ConnectionFlags {
  url: string;
  format?: 'json' | 'slack' | 'pagerduty';
  routingKey?: string;
  header: Record<string, string>;
  match?: Record<string, unknown>;
  source: string[];
  type: string[];
  severity: string[];
  maxAttempts?: number;
  backoff?: number;
  maxBackoff?: number;
  maxInFlight?: number;
  repeat?: number;
  escalate: { after: number; subscription: string }[];
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function header(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf(':');
  if (at < 1) throw new InvalidArgumentError(`'${value}' is not a header: give Name:value`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1).trim() };
}

/** `30m:pagerduty-oncall`: after 30 minutes unacknowledged, hand the alert to that subscription. */
function escalation(value: string, previous: SubscribeFlags['escalate'] = []): SubscribeFlags['escalate'] {
  const at = value.indexOf(':');
  if (at < 1)
    throw new InvalidArgumentError(`'${value}' is not an escalation: give AFTER:SUBSCRIPTION, e.g. 30m:lead`);
  return [
    ...previous,
    { after: parseDuration(value.slice(0, at)) / 1000, subscription: value.slice(at + 1) },
  ];
}

/** The request body from the flags: `--match` JSON, else the shorthand from --source/--type/--severity. */
export function subscriptionInput(name: string, flags: SubscribeFlags): SubscriptionInput {
  const shorthand = {
    ...(flags.source.length ? { sources: flags.source } : {}),
    ...(flags.type.length ? { types: flags.type } : {}),
    ...(flags.severity.length ? { severities: flags.severity as ('INFO' | 'WARNING' | 'CRITICAL')[] } : {}),
  };
  const retryPolicy = {
    ...(flags.maxAttempts === undefined ? {} : { maxAttempts: flags.maxAttempts }),
    ...(flags.backoff === undefined ? {} : { backoffFactor: flags.backoff / 1000 }),
    ...(flags.maxBackoff === undefined ? {} : { maxBackoff: flags.maxBackoff / 1000 }),
  };
  const notify = {
    ...(flags.repeat === undefined ? {} : { repeatInterval: flags.repeat / 1000 }),
    ...(flags.escalate.length ? { escalate: flags.escalate } : {}),
  };
  return {
    name,
    match: flags.match ?? shorthand,
    target: {
      url: flags.url,
      ...(flags.format ? { format: flags.format } : {}),
      ...(flags.routingKey ? { routingKey: flags.routingKey } : {}),
      ...(Object.keys(flags.header).length ? { headers: flags.header } : {}),
    },
    ...(Object.keys(retryPolicy).length ? { retryPolicy } : {}),
    ...(flags.maxInFlight === undefined ? {} : { maxInFlight: flags.maxInFlight }),
    ...(Object.keys(notify).length ? { notify } : {}),
  };
}

function printSubscription(out: Output, s: Subscription): void {
  out.fields([
    ['name', s.name],
    ['url', s.target.url],
    ['format', s.target.format],
    ['match', JSON.stringify(s.match)],
    [
      'retry',
      `${s.retryPolicy.maxAttempts} attempts, ${s.retryPolicy.backoffFactor} s doubling to ${s.retryPolicy.maxBackoff} s, on ${s.retryPolicy.retryOn.join(', ')}`,
    ],
    ['in flight', String(s.maxInFlight)],
    ['notify', s.notify ? JSON.stringify(s.notify) : undefined],
  ]);
}

function deliveryTable(out: Output, deliveries: readonly DeliveryView[]): void {
  out.table(
    deliveries,
    [
      { header: 'EVENT', value: (d) => d.eventId },
      { header: 'ATTEMPT', value: (d) => String(d.attempt), align: 'right' },
      { header: 'STATUS', value: (d) => out.level(d.status) },
      {
        header: 'HTTP',
        value: (d) => (d.httpStatus === undefined ? '' : String(d.httpStatus)),
        align: 'right',
      },
      { header: 'MS', value: (d) => (d.latencyMs === undefined ? '' : String(d.latencyMs)), align: 'right' },
      { header: 'UPDATED', value: (d) => out.ago(d.updatedAt) },
      { header: 'LAST ERROR', value: (d) => d.lastError ?? '', max: 40 },
    ],
    'no deliveries yet',
  );
}

function subscribeCommand(program: Command): void {
  const subscribe = withConnection(
    program
      .command('subscribe')
      .description('deliver the events a pattern matches to a webhook, signed and retried')
      .argument('<name>', 'the subscription name')
      .requiredOption('--url <url>', 'where to POST (https://; http:// only to loopback)')
      .addOption(choice('--format <format>', ['json', 'slack', 'pagerduty']))
      .option('--routing-key <key>', 'with --format pagerduty: the integration key')
      .option('--header <name:value>', 'a header to send (repeat)', header, {})
      .option('--match <json>', 'a full EventBridge pattern over the bus event', jsonObject('--match'))
      .option('--source <source>', 'shorthand: match this source (repeat)', collect, [])
      .option('--type <type>', 'shorthand: match this type, e.g. alert.opened (repeat)', collect, [])
      .option('--severity <severity>', 'shorthand: match this severity (repeat)', collect, [])
      .option('--max-attempts <n>', 'attempts in all (default 5)', integerArgument(1, 20))
      .option(
        '--backoff <duration>',
        'wait before the 2nd attempt, doubling after (default 2s)',
        parseDuration,
      )
      .option('--max-backoff <duration>', 'the longest wait (default 5m)', parseDuration)
      .option('--max-in-flight <n>', 'deliveries posted at once (default 10)', integerArgument(1, 100))
      .option('--repeat <duration>', 'alerts: notify again this often while still new', parseDuration)
      .option(
        '--escalate <after:subscription>',
        'alerts: hand on after this long unacknowledged (repeat)',
        escalation,
        [],
      ),
  ).action(async (name: string, flags: SubscribeFlags) => {
    const out = outputFor(flags);
    const created = await clientFor(flags).subscribe(subscriptionInput(name, flags));
    if (out.json) return out.printJson(created);
    printSubscription(out, created.subscription);
    out.line();
    out.line(`signing secret (shown once; receivers verify Vigil-Signature with it): ${created.secret}`);
  });
  examples(subscribe, [
    'vigil subscribe ops-critical --url https://hooks.slack.com/services/T0/B0/XX --format slack --severity CRITICAL',
    'vigil subscribe oncall --url https://hooks.slack.com/services/T0/B0/YY --format slack --type alert.opened --type alert.resolved --repeat 15m --escalate 30m:pagerduty',
    'vigil subscribe pump-health --url https://example.com/hooks --match \'{"detail-type":["module.transitioned"],"detail":{"data":{"layer":["health"]}}}\'',
  ]);
}

function unsubscribeCommand(program: Command): void {
  const unsubscribe = withConnection(
    program
      .command('unsubscribe')
      .description('stop a subscription; queued deliveries are dropped')
      .argument('<name>', 'the subscription'),
  ).action(async (name: string, flags: ConnectionFlags & { json?: boolean }) => {
    const out = outputFor(flags);
    const answer = await clientFor(flags).unsubscribe(name);
    if (out.json) return out.printJson(answer);
    out.line(`unsubscribed ${name}`);
  });
  examples(unsubscribe, ['vigil unsubscribe ops-critical']);
}

interface SubscriptionsFlags extends ConnectionFlags {
  deliveries?: boolean;
  limit?: number;
  redrive?: boolean;
  rotateSecret?: boolean;
  json?: boolean;
}

/** `vigil subscriptions`: every subscription, one line each. */
async function listSubscriptions(flags: SubscriptionsFlags): Promise<void> {
  const out = outputFor(flags);
  const { subscriptions } = await clientFor(flags).subscriptions();
  if (out.json) return out.printJson(subscriptions);
  out.table(
    subscriptions,
    [
      { header: 'NAME', value: (s) => s.name },
      { header: 'FORMAT', value: (s) => s.target.format },
      { header: 'URL', value: (s) => s.target.url, max: 48 },
      { header: 'MATCH', value: (s) => JSON.stringify(s.match), max: 48 },
    ],
    'no subscriptions',
  );
}

/** `vigil subscriptions NAME [--redrive|--rotate-secret|--deliveries]`: one subscription, or an action on it. */
async function oneSubscription(name: string, flags: SubscriptionsFlags): Promise<void> {
  const out = outputFor(flags);
  const client = clientFor(flags);
  if (flags.redrive) {
    const answer = await client.redriveSubscription(name);
    return out.json
      ? out.printJson(answer)
      : out.line(`redriven ${answer.redriven}${answer.more ? ' (more: run again)' : ''}`);
  }
  if (flags.rotateSecret) {
    const answer = await client.rotateSubscriptionSecret(name);
    if (out.json) return out.printJson(answer);
    return out.line(
      `new signing secret: ${answer.secret} (the previous one signs too until ${answer.previousSecretValidUntil})`,
    );
  }
  if (flags.deliveries) {
    const page = await client.subscriptionDeliveries(name, flags.limit ? { limit: flags.limit } : {});
    return out.json ? out.printJson(page) : deliveryTable(out, page.deliveries);
  }
  const { subscription } = await client.subscription(name);
  return out.json ? out.printJson(subscription) : printSubscription(out, subscription);
}

function subscriptionsCommand(program: Command): void {
  const list = withConnection(
    program
      .command('subscriptions')
      .description(
        'every subscription, or one with its deliveries; redrive its dead letters; rotate its secret',
      )
      .argument('[name]', 'one subscription')
      .option('--deliveries', 'its deliveries, newest first')
      .option('--limit <n>', 'with --deliveries: at most this many (1-200)', integerArgument(1, 200))
      .option('--redrive', 'send its dead-lettered deliveries again')
      .option('--rotate-secret', 'a new signing secret (the old one still signs for a while)'),
  ).action((name: string | undefined, flags: SubscriptionsFlags) =>
    name ? oneSubscription(name, flags) : listSubscriptions(flags),
  );
  examples(list, [
    'vigil subscriptions',
    'vigil subscriptions ops-critical --deliveries --limit 20',
    'vigil subscriptions ops-critical --redrive',
    'vigil subscriptions ops-critical --rotate-secret',
  ]);
}

/** `vigil subscribe`, `vigil unsubscribe`, `vigil subscriptions [NAME] [--deliveries|--redrive|--rotate-secret]`. */
export function subscriptionCommands(program: Command): void {
  subscribeCommand(program);
  unsubscribeCommand(program);
  subscriptionsCommand(program);
}
