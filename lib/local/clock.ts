/**
 * Time as the local runtime's timers see it. The default reads the global clock and timers at call
 * time, so tests that install fake timers (`vi.useFakeTimers()`) drive every delay, visibility timeout
 * and long poll without real sleeps; a test may also pass its own clock.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
