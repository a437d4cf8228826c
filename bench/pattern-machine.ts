import { type CompiledPattern, compilePattern, PatternMachine } from '#lib/core/pattern.ts';
import { fmt } from './stats.ts';

type Row = (metric: string, value: string, note?: string) => void;

const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'];
const SOURCES = 300;
const TYPES = 40;

/** A small deterministic generator, so every run matches the same subscriptions against the same events. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Subscription-like patterns: most are the source/type/severity shorthand a subscription API would write;
 * one in four adds a prefix on the type, a numeric range or an anything-but on detail fields.
 */
function subscription(next: () => number): Record<string, unknown> {
  const pick = (count: number) => Math.floor(next() * count);
  const source = [`plant${pick(SOURCES)}.press`];
  const type = [`reading.t${pick(TYPES)}`];
  switch (pick(8)) {
    case 0:
      return { detail: { source, type: [{ prefix: `reading.t${pick(4)}` }] } };
    case 1:
      return { detail: { type, data: { line: [{ numeric: ['>', pick(5), '<=', 5 + pick(10)] }] } } };
    case 2:
      return { detail: { source, severity: [{ 'anything-but': ['INFO'] }] } };
    case 3:
      return { detail: { type, severity: ['CRITICAL'] } };
    case 4:
      return { detail: { source } };
    default:
      return { detail: { source, type, severity: SEVERITIES.slice(pick(3)) } };
  }
}

function busEvent(next: () => number, index: number): Record<string, unknown> {
  const source = `plant${Math.floor(next() * SOURCES)}.press`;
  const type = `reading.t${Math.floor(next() * TYPES)}`;
  return {
    version: '0',
    id: `bench-${index}`,
    'detail-type': type,
    source: 'vigil.ingest',
    account: '000000000000',
    time: '2026-11-27T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      id: `01J${index}`,
      source,
      type,
      severity: SEVERITIES[Math.floor(next() * 3)],
      message: 'reading out of range',
      signal: { valence: -0.4, state: [86.1, 85.7] },
      data: { line: Math.floor(next() * 16), unit: 'C' },
    },
  };
}

/** Runs `match` over the events, cycling, for at least `ms`; returns events per second and matches seen. */
function measure(events: readonly Record<string, unknown>[], ms: number, match: (e: object) => number) {
  let done = 0;
  let matched = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) matched += match(events[(done + i) % events.length] as object);
    done += 100;
    elapsed = performance.now() - started;
  }
  return { rate: done / (elapsed / 1000), perEvent: matched / done };
}

function oneByOne(rules: readonly CompiledPattern[]) {
  return (event: object) => {
    let count = 0;
    for (const rule of rules) if (rule.matches(event as Record<string, unknown>)) count++;
    return count;
  };
}

function checkAgreement(
  machine: PatternMachine,
  rules: readonly CompiledPattern[],
  events: readonly Record<string, unknown>[],
): void {
  for (const event of events) {
    const expected = rules.flatMap((rule, index) => (rule.matches(event) ? [`s${index}`] : [])).sort();
    if (machine.matches(event).join() !== expected.join()) {
      throw new Error(`machine and one-by-one disagree on event ${String(event.id)}`);
    }
  }
}

/** Events/s through `PatternMachine` and through the one-by-one engine, for 100, 1,000 and 10,000 patterns. */
export function patternMachineBench(row: Row): void {
  const next = random(14);
  const events = Array.from({ length: 2_000 }, (_, index) => busEvent(next, index));
  for (const count of [100, 1_000, 10_000]) {
    const patterns = Array.from({ length: count }, () => subscription(next));
    const machine = new PatternMachine();
    for (const [index, pattern] of patterns.entries()) machine.add(`s${index}`, pattern);
    const rules = patterns.map((pattern) => compilePattern(pattern));
    measure(events, 200, (event) => machine.matches(event as Record<string, unknown>).length); // warm-up
    const fast = measure(events, 1_500, (event) => machine.matches(event as Record<string, unknown>).length);
    const slow = measure(events, 1_500, oneByOne(rules));
    checkAgreement(machine, rules, events.slice(0, 200));
    const matches = `${fmt(fast.perEvent, 2)} patterns match per event`;
    row(`pattern machine: events/s, ${fmt(count)} subscription patterns`, `${fmt(fast.rate)} ev/s`, matches);
    row(
      `pattern one-by-one: events/s, ${fmt(count)} subscription patterns`,
      `${fmt(slow.rate)} ev/s`,
      `same run; machine ${fmt(fast.rate / slow.rate, 1)}× faster`,
    );
  }
}
