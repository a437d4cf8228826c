import { ulid } from 'ulid';
import type { Envelope } from '#lib/core/envelope.ts';
import { adminRequest } from '#lib/local/admin-request.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { type Receiver, startReceiver } from '#test/e2e/support/receiver.ts';
import type { FunctionLogMeter } from './function-logs.ts';
import { functionOf, ruleDelivery } from './local.ts';
import { postEvents } from './producer.ts';
import { median } from './stats.ts';

/** What the dispatch function costs per accepted event: its invocations, and their GB-s and log bytes. */
export interface DispatchUsage {
  /** Dispatch invocations per accepted event: what the narrowed dispatch rule lets through. */
  readonly invocations: number;
  readonly gbSeconds: number;
  readonly logBytes: number;
}

/**
 * The subscription set the bench runs with, as a deployment that pages on critical alerts has it:
 * one subscription on `alert.opened` of CRITICAL alerts, to a local receiver. Created through the
 * admin API, so the subscriptions function narrows the dispatch rule as it would in AWS. Returns
 * the receiver, to close at the end.
 */
export async function benchSubscriptions(vigil: RunningVigil): Promise<Receiver> {
  const receiver = await startReceiver();
  const answer = await adminRequest(vigil.config, 'POST', '/subscriptions', {
    name: 'bench-critical-alerts',
    match: { 'detail-type': ['alert.opened'], detail: { severity: ['CRITICAL'] } },
    target: { url: receiver.url },
  });
  if (answer.status !== 201)
    throw new Error(`bench subscription: ${answer.status} ${JSON.stringify(answer.body)}`);
  return receiver;
}

type CostEvent = Omit<Envelope, 'id' | 'time' | 'receivedAt' | 'severity'>;

/** Dispatch invocations per event accepted over POST /events, counted by the runtime's Lambda service. */
async function invocationsPerEvent(vigil: RunningVigil, event: CostEvent, samples: number): Promise<number> {
  const fn = functionOf(vigil, 'SubscriptionsDispatchFunction');
  const count = () => vigil.lambda.stats()[fn.name]?.invocations ?? 0;
  await vigil.delivery.idle();
  const before = count();
  let accepted = 0;
  for (let i = 0; i < samples; i++) {
    if ((await postEvents(vigil, event)) === 202) accepted++;
  }
  // Accepted means on the bus: once the bus is idle, every dispatch its rule started has run.
  await vigil.delivery.idle();
  return accepted === 0 ? 0 : (count() - before) / accepted;
}

/**
 * The subscriptions dispatch function: how often the (narrowed) dispatch rule invokes it per accepted
 * `event`, and what one invocation that matches no subscription costs, invoked as its rule target:
 * Lambda's billed duration (rounded up to 1 ms) × its memory, and the bytes it logs. Per event: the
 * invocation cost × the invocations per event.
 */
export async function dispatchUsage(
  vigil: RunningVigil,
  meter: FunctionLogMeter,
  event: CostEvent,
  samples = 50,
): Promise<DispatchUsage> {
  const invocations = await invocationsPerEvent(vigil, event, 2 * samples);
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
    invocations,
    gbSeconds: (((fn.memoryMb / 1024) * billedMs) / 1000) * invocations,
    logBytes: (meter.bytesOf('SubscriptionsDispatch') / samples) * invocations,
  };
}
