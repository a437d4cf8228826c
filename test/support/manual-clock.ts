/**
 * A clock a test moves by hand: `now` reads it, `sleep` waits until it has been moved far enough
 * (a zero wait returns at once), and `whenSleeping` resolves once that many sleeps are pending, so a
 * test knows its subject reached a wait without waiting in real time.
 */
export interface ManualClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Moves the clock on and wakes every sleep that is due. */
  advance(ms: number): void;
  whenSleeping(count: number): Promise<void>;
  readonly sleeping: number;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  let sleepers: { until: number; wake: () => void }[] = [];
  let watchers: { count: number; notify: () => void }[] = [];
  const notifyWatchers = () => {
    const ready = watchers.filter((w) => sleepers.length >= w.count);
    watchers = watchers.filter((w) => sleepers.length < w.count);
    for (const watcher of ready) watcher.notify();
  };
  return {
    now: () => now,
    sleep: (ms) => {
      if (ms <= 0) return Promise.resolve();
      return new Promise<void>((wake) => {
        sleepers.push({ until: now + ms, wake });
        notifyWatchers();
      });
    },
    advance(ms) {
      now += ms;
      const due = sleepers.filter((s) => s.until <= now);
      sleepers = sleepers.filter((s) => s.until > now);
      for (const sleeper of due) sleeper.wake();
    },
    whenSleeping(count) {
      if (sleepers.length >= count) return Promise.resolve();
      return new Promise<void>((notify) => watchers.push({ count, notify }));
    },
    get sleeping() {
      return sleepers.length;
    },
  };
}
