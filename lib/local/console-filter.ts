import type { UnsupportedResource } from './topology.ts';

/** Reasons that are by design (deploy-time only, not enforced locally): summed up per type. */
const EXPECTED = /^(not emulated: |custom resource: |handler of a custom resource)/;

const each = (item: UnsupportedResource) =>
  `[vigil] not run locally: ${item.logicalId} (${item.type}): ${item.reason}`;

/**
 * What `npm start` prints of the template resources it does not run: what is left out by design
 * (IAM, permissions, custom resources…) in one line per resource type, with the count and the
 * reason; what could be a problem (an unsupported type, a refused pattern, a missing asset) named
 * one by one. `listEach` (`--list-unsupported`) names every resource.
 */
export function describeUnsupported(items: readonly UnsupportedResource[], listEach: boolean): string[] {
  if (listEach) return items.map(each);
  const byType = new Map<string, { count: number; reasons: Set<string> }>();
  const problems: string[] = [];
  for (const item of items) {
    if (!EXPECTED.test(item.reason)) {
      problems.push(each(item));
      continue;
    }
    const entry = byType.get(item.type) ?? { count: 0, reasons: new Set<string>() };
    entry.count++;
    entry.reasons.add(item.reason);
    byType.set(item.type, entry);
  }
  const lines = [...byType].map(
    ([type, { count, reasons }]) =>
      `[vigil] not run locally: ${count} × ${type} (${[...reasons].join('; ')})`,
  );
  if (lines.length > 0) lines.push('[vigil] (npm start -- --list-unsupported names each resource)');
  return [...lines, ...problems];
}

const PROBLEM = /(fail|error|exception|dead-letter|dropped|could not|refused|timed ?out)/i;

/**
 * Whether a runtime line matters to a person watching with `--quiet` or `--demo`: failures of
 * deliveries and invocations, and handler lines logged at ERROR (or that read like an error); not
 * routine deliveries, schedules, TTL sweeps, synth progress or the list of what is not emulated.
 */
export function isWorthShowingQuietly(line: string): boolean {
  if (line.startsWith('[bus] ') || line.startsWith('[lambda] ') || line.startsWith('[schedule] '))
    return / failed | dead-lettered | dropped /.test(line);
  if (
    line.startsWith('[synth] ') ||
    line.startsWith('[dynamodb] ') ||
    line.startsWith('[vigil] not run locally')
  )
    return false;
  const json = line.indexOf('{');
  if (json >= 0) {
    try {
      const parsed = JSON.parse(line.slice(json)) as { level?: unknown };
      if (typeof parsed.level === 'string') return /^(ERROR|CRITICAL|FATAL)$/i.test(parsed.level);
    } catch {
      // Not a JSON log line: judged by its words below.
    }
  }
  return PROBLEM.test(line);
}

/**
 * The Node-version notice of the AWS SDK, once and in one line instead of the SDK's eight, from
 * every client and every Lambda worker. Returns undefined on Node 22 and later.
 */
export function sdkNodeVersionNotice(nodeVersion = process.version): string | undefined {
  const major = Number(/^v(\d+)/.exec(nodeVersion)?.[1] ?? '0');
  if (major >= 22) return undefined;
  return `[vigil] note: AWS SDK releases after the first week of January 2027 need Node 22 (this is ${nodeVersion}); the project pins the SDK, so nothing changes until you upgrade it`;
}

/** The variable that stops the AWS SDK's own warning, in this process, its children and the Lambda workers. */
export const SDK_WARNING_SWITCH = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } as const;
