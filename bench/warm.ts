import { fmt, median } from './stats.ts';

/** A rate measured in a fixed number of passes, the first ones warming up. */
export interface WarmRate {
  /** Per second once warm: the median of the last WARM_KEPT passes. */
  readonly rate: number;
  /** Per second in the first pass: cold JITs (DynamoDB Local's JVM, each Lambda worker's V8). */
  readonly firstPass: number;
  /** Every pass's rate, in order. */
  readonly rates: readonly number[];
}

export const WARM_PASSES = 6;
export const WARM_KEPT = 3;

/**
 * Runs `pass(n)` (n from 0; it returns a rate) WARM_PASSES times and keeps the median of the last
 * WARM_KEPT. Both sides of a ratio are measured this way: DynamoDB Local's JVM and every execution
 * environment's V8 each JIT their own hot paths, so one pass measures how cold they were as much as
 * how fast they are. A fixed count, not "until the rate stops rising": on this shared machine one
 * slow pass stopped that rule early, on a JVM still warming (ceilings of 971 to 1,472 op/s in
 * back-to-back runs). The median of the last three is deaf to one stray pass either way.
 */
export async function warmRate(pass: (n: number) => Promise<number>): Promise<WarmRate> {
  const rates: number[] = [];
  for (let n = 0; n < WARM_PASSES; n++) rates.push(await pass(n));
  return { rate: median(rates.slice(-WARM_KEPT)), firstPass: rates[0] as number, rates };
}

/** "6 passes of 2,000 (155, 480, …); warm: the median of the last 3" for a row's note. */
export function describePasses(rate: WarmRate, size: string): string {
  return `${rate.rates.length} passes of ${size} (${rate.rates.map((r) => fmt(r)).join(', ')}); warm: the median of the last ${WARM_KEPT}`;
}
