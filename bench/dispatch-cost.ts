import { ulid } from 'ulid';
import type { Envelope } from '#lib/core/envelope.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import type { FunctionLogMeter } from './function-logs.ts';
import { functionOf, ruleDelivery } from './local.ts';
import { median } from './stats.ts';

/** What the dispatch function costs per accepted event: every event Vigil publishes reaches its rule. */
export interface DispatchUsage {
  readonly gbSeconds: number;
  readonly logBytes: number;
}

/**
 * The subscriptions dispatch function invoked as its rule target with `samples` events that no
 * subscription matches (the bench creates none): Lambda's billed duration (rounded up to 1 ms) ×
 * its memory, and the bytes it logs, per event.
 */
export async function dispatchUsage(
  vigil: RunningVigil,
  meter: FunctionLogMeter,
  event: Omit<Envelope, 'id' | 'time' | 'receivedAt' | 'severity'>,
  samples = 50,
): Promise<DispatchUsage> {
  const fn = functionOf(vigil, 'SubscriptionsDispatchFunction');
  const invoke = async () => {
    const now = new Date().toISOString();
    const envelope: Envelope = { ...event, severity: 'INFO', id: ulid(), time: now, receivedAt: now };
    const result = await vigil.lambda.invoke(fn.name, ruleDelivery(vigil, envelope));
    if (!result.ok) throw new Error(`dispatch failed: ${result.error.errorMessage}`);
    return result.durationMs;
  };
  for (let i = 0; i < 5; i++) await invoke(); // warm: no cold start in the samples
  meter.reset();
  const durations: number[] = [];
  for (let i = 0; i < samples; i++) durations.push(await invoke());
  const billedMs = Math.ceil(median(durations));
  return {
    gbSeconds: ((fn.memoryMb / 1024) * billedMs) / 1000,
    logBytes: meter.bytesOf('SubscriptionsDispatch') / samples,
  };
}
