/** A rate measured in passes until it stops rising. */
export interface WarmRate {
  /** Per second once warm: the higher of the last two passes, which differ by < 10 %. */
  readonly rate: number;
  /** Per second in the first pass: cold JITs (DynamoDB Local's JVM, each Lambda worker's V8). */
  readonly firstPass: number;
  readonly passes: number;
}

/**
 * Runs `pass(n)` (n from 0; it returns a rate) until the rate rises by less than 10 % from one pass
 * to the next, at most `maxPasses` times. Both sides of a ratio are measured this way: DynamoDB
 * Local's JVM and every execution environment's V8 each JIT their own hot paths, so a single pass
 * measures how cold they were as much as how fast they are.
 */
export async function warmRate(pass: (n: number) => Promise<number>, maxPasses = 6): Promise<WarmRate> {
  const firstPass = await pass(0);
  let previous = firstPass;
  for (let passes = 2; passes <= maxPasses; passes++) {
    const rate = await pass(passes - 1);
    if (rate < previous * 1.1) return { rate: Math.max(rate, previous), firstPass, passes };
    previous = rate;
  }
  return { rate: previous, firstPass, passes: maxPasses };
}
