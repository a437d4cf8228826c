import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { PROJECT_ROOT } from '#test/e2e/support/assembly.ts';
import { rawPutItemRate } from './ceiling.ts';
import { type LoadStep, loadCurveSvg } from './load-svg.ts';
import type { Row } from './local.ts';
import { postEvents } from './producer.ts';
import { LOAD_CURVE_SVG } from './report.ts';
import { fmt, median, percentile, runConcurrently } from './stats.ts';

const STEP_SECONDS = 10;
/** 60 % of the ceiling: the curve stopped at 30 steps unsaturated once the TTL sweeper stopped scanning whole tables. */
const MAX_STEPS = 60;
const REQUEST_TIMEOUT_MS = 5_000;
/** A step is saturated when less than this share of the offered rate came back accepted, or errors or p99 pass these. */
const SUSTAINED = { minAchievedShare: 0.9, maxErrorRate: 0.01, maxP99Ms: 1_000 } as const;

/** The e2e app lifts the burst threshold for this source, so every event is accepted. */
const SOURCE = 'bench.load';

async function postOne(vigil: RunningVigil, i: number): Promise<boolean> {
  try {
    const status = await postEvents(
      vigil,
      { source: SOURCE, type: `curve.t${i % 10}`, message: 'load', signal: { valence: 0.1, state: [i] } },
      REQUEST_TIMEOUT_MS,
    );
    return status === 202;
  } catch {
    return false;
  }
}

/**
 * Open loop: request i is sent at start + i / rate whatever the earlier ones are doing, and its
 * latency counts from that due time (a late send is the system's delay too). Achieved = accepted
 * events over the time until the last answer.
 */
async function runStep(vigil: RunningVigil, rate: number, first: number): Promise<LoadStep> {
  const total = Math.round(rate * STEP_SECONDS);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      postOne(vigil, first + i).then((ok) => {
        if (ok) latencies.push(performance.now() - due);
        else errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  return {
    offered: rate,
    achieved: latencies.length / seconds,
    p50: median(latencies),
    p99: percentile(latencies, 99),
    errorRate: errors / total,
  };
}

const saturated = (step: LoadStep) =>
  step.achieved < step.offered * SUSTAINED.minAchievedShare ||
  step.errorRate > SUSTAINED.maxErrorRate ||
  !(step.p99 <= SUSTAINED.maxP99Ms);

/**
 * `npm run bench -- --load`: single-event ingest over HTTP at rising offered rates, STEP_SECONDS
 * each, in steps of 1 % of the warm raw PutItem rate measured first, until a step saturates.
 */
export async function loadCurveBench(vigil: RunningVigil, row: Row): Promise<void> {
  const ceiling = await rawPutItemRate(vigil);
  row(
    'load: DynamoDB Local raw conditional PutItem (32 concurrent)',
    `${fmt(ceiling)} op/s`,
    'measured just before the curve',
  );
  // Warm every execution environment (concurrent requests start them), so no step pays cold starts.
  await runConcurrently(64, 8, async (i) => {
    await postOne(vigil, i);
  });
  const increment = Math.max(5, Math.round(ceiling / 100 / 5) * 5);
  const steps: LoadStep[] = [];
  let sustained: LoadStep | undefined;
  for (let n = 1; n <= MAX_STEPS; n++) {
    const step = await runStep(vigil, n * increment, n * 100_000);
    steps.push(step);
    row(
      `load: single events offered ${fmt(step.offered)} ev/s`,
      `${fmt(step.achieved)} ev/s`,
      `p50 ${fmt(step.p50)} ms, p99 ${fmt(step.p99)} ms, errors ${fmt(step.errorRate * 100, 1)} %${saturated(step) ? ' (saturated)' : ''}`,
    );
    if (saturated(step)) break;
    sustained = step;
  }
  const best = sustained?.achieved ?? Number.NaN;
  const unsaturated = steps.length === MAX_STEPS && sustained === steps.at(-1);
  row(
    'load: saturation (highest step sustained) / raw PutItem rate',
    `${unsaturated ? '≥ ' : ''}${fmt(best)} ev/s = ${fmt((best / ceiling) * 100, 1)} %`,
    `${unsaturated ? `no step saturated up to the last (${MAX_STEPS}); ` : ''}sustained: ≥ ${SUSTAINED.minAchievedShare * 100} % of the offered rate accepted, errors ≤ ${SUSTAINED.maxErrorRate * 100} %, p99 ≤ ${fmt(SUSTAINED.maxP99Ms)} ms; ${STEP_SECONDS} s per step, open loop; plot: ${LOAD_CURVE_SVG}`,
  );
  writeFileSync(path.join(PROJECT_ROOT, LOAD_CURVE_SVG), loadCurveSvg(steps, { ceiling, sustained: best }));
}
