/** The next delay: back to the base after a success, doubled (up to `maxMs`) after each failure. */
export function nextDelay(current: number, ok: boolean, baseMs: number, maxMs: number): number {
  return ok ? baseMs : Math.min(maxMs, Math.max(baseMs, current) * 2);
}
