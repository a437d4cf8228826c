import { useEffect, useRef, useState } from 'preact/hooks';
import { nextDelay } from './backoff.ts';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  /** Milliseconds until the next call: grows after failures. */
  readonly delayMs: number;
  refresh(): void;
}

/**
 * Calls `load` now and then every `baseMs` while `active`, backing off when it fails (the API is
 * down or throttling), so live pages stay live without hammering anything.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: { baseMs?: number; maxMs?: number; active?: boolean } = {},
): Polled<T> {
  const baseMs = options.baseMs ?? 2000;
  const maxMs = options.maxMs ?? 30_000;
  const active = options.active ?? true;
  const [state, setState] = useState<{ data?: T; error?: unknown; delayMs: number }>({ delayMs: baseMs });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = baseMs;
    const run = async () => {
      let ok = true;
      try {
        const data = await loadRef.current();
        if (!stopped) setState({ data, delayMs: baseMs });
      } catch (error) {
        ok = false;
        if (!stopped) setState((previous) => ({ ...previous, error, delayMs: delay }));
      }
      delay = nextDelay(delay, ok, baseMs, maxMs);
      if (!stopped && active) timer = setTimeout(run, delay);
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, active, tick]);

  return {
    data: state.data,
    error: state.error,
    delayMs: state.delayMs,
    refresh: () => setTick((n) => n + 1),
  };
}
