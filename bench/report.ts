import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt } from './stats.ts';

/** Where `--load` draws the load curve, beside BENCHMARKS.md. */
export const LOAD_CURVE_SVG = 'bench/load-curve.svg';

export type ReportRow = readonly [metric: string, value: string, note: string];

/** What BENCHMARKS.md held before: its rows, the full run's date, and the groups re-run alone since. */
export interface PreviousReport {
  readonly rows: ReportRow[];
  readonly date?: string;
  readonly reruns: Map<string, string>;
}

const RERUN = /^- re-run alone \(`--only (\S+)`\): (\S+)$/;

/** The rows of an existing report, to merge a partial run (`--only`) into. */
export function previousReport(file: string): PreviousReport {
  const report: PreviousReport = { rows: [], reruns: new Map() };
  if (!existsSync(file)) return report;
  let date: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const rerun = RERUN.exec(line);
    if (rerun) report.reruns.set(rerun[1] as string, rerun[2] as string);
    if (line.startsWith('- date: ')) date = line.slice('- date: '.length);
    if (!line.startsWith('| ') || line.startsWith('| metric |')) continue;
    const [metric = '', value = '', note = ''] = line.slice(2, -2).split(' | ');
    report.rows.push([metric, value, note]);
  }
  return { ...report, ...(date ? { date } : {}) };
}

/**
 * The rows after a partial run: a fresh row replaces the previous row of the same metric in place;
 * previous rows of a re-run group (metric starting with `<group>:`) that the run no longer wrote
 * are dropped; a new metric goes after the last row its run placed (before the first, or at the
 * end, when none is placed yet).
 */
export function mergeRows(
  previous: readonly ReportRow[],
  fresh: readonly ReportRow[],
  groups: readonly string[],
): ReportRow[] {
  const freshByMetric = new Map(fresh.map((row) => [row[0], row]));
  const stale = (metric: string) =>
    !freshByMetric.has(metric) && groups.some((group) => metric.startsWith(`${group}:`));
  const merged: ReportRow[] = previous
    .filter(([metric]) => !stale(metric))
    .map((row) => freshByMetric.get(row[0]) ?? row);
  const groupOf = (metric: string) => metric.split(':')[0];
  let at = -1;
  let previousGroup: string | undefined;
  for (const row of fresh) {
    // A new group's first rows are placed before its own rows, not after the last group's.
    if (groupOf(row[0]) !== previousGroup) at = -1;
    previousGroup = groupOf(row[0]);
    const index = merged.findIndex(([metric]) => metric === row[0]);
    if (index >= 0) {
      at = index;
      continue;
    }
    // Before the run's first row already in place, when none has been placed yet.
    const ahead = fresh
      .filter(([metric]) => groupOf(metric) === previousGroup)
      .map(([metric]) => merged.findIndex(([m]) => m === metric))
      .find((i) => i >= 0);
    at = at >= 0 ? at + 1 : (ahead ?? merged.length);
    merged.splice(at, 0, row);
  }
  return merged;
}

/** BENCHMARKS.md: the rows, the run's date (or the full run's and each group re-run since), the reading notes. */
export function writeReport(
  file: string,
  rows: readonly ReportRow[],
  reading: readonly string[],
  runs: { readonly date: string; readonly reruns: ReadonlyMap<string, string> },
): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); every number below comes from one run on one machine,',
    'against the local runtime (DynamoDB Local, the local EventBridge, the Lambda bundles CDK built,',
    'the local HTTP API). Shared, noisy machines: compare ratios from the same run, not absolute numbers',
    'across runs. Medians and p99 are over the samples named. `npm run bench -- --only <prefix>` re-runs',
    'the groups whose name starts with the prefix (ingest, alerting, state, replay, functions, robustness, pattern,',
    'start) and merges their rows into this file; the dates below say which rows come from which run.',
    '`npm run bench -- --load` adds the load curve (the `load:` rows and the plot below the table).',
    '',
    `- date: ${runs.date}`,
    ...[...runs.reruns].map(([group, date]) => `- re-run alone (\`--only ${group}\`): ${date}`),
    `- machine: ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
    '',
    '| metric | value | note |',
    '|---|---:|---|',
    ...rows.map(([metric, value, note]) => `| ${metric} | ${value} | ${note} |`),
    '',
    ...(existsSync(path.join(path.dirname(file), LOAD_CURVE_SVG))
      ? [
          `![The ingest load curve: accepted events/s and p50/p99 latency against the offered rate](${LOAD_CURVE_SVG})`,
          '',
        ]
      : []),
    '## Reading these numbers',
    '',
    ...reading,
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  console.log(`\nwritten to ${path.basename(file)}`);
}
