import path from 'node:path';
import { LocalEventBus } from '../eventbridge/bus.ts';
import { DeadLetterStore } from '../eventbridge/dead-letters.ts';
import { TargetDelivery } from '../eventbridge/delivery.ts';
import { LocalScheduler } from '../eventbridge/scheduler.ts';
import { type LocalEventBridgeServer, startLocalEventBridge } from '../eventbridge/server.ts';
import type { SqsBroker } from '../sqs/broker.ts';
import type { Invoker, Topology } from '../topology.ts';
import { describeDelivery, describeFire } from './lines.ts';
import type { StartStage } from './stage.ts';

export interface LocalEvents {
  readonly delivery: TargetDelivery;
  readonly scheduler: LocalScheduler;
  readonly bus: LocalEventBus;
  readonly eventBridge: LocalEventBridgeServer;
}

/**
 * The local EventBridge: target delivery with retries and dead letters, the scheduler of scheduled
 * rules (its timers start later), the bus with the template's rules, and its endpoint.
 */
export async function startEvents(
  stage: StartStage,
  topology: Topology,
  queues: SqsBroker,
  functions: Invoker,
): Promise<LocalEvents> {
  const { options, log, stateDir } = stage;
  const deadLetters = new DeadLetterStore(
    options.inMemory ? undefined : path.join(stateDir, 'dead-letters.json'),
  );
  const delivery = new TargetDelivery({
    invoker: functions,
    deadLetters,
    outputDir: stateDir,
    queues,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    onEvent: (line) => log(describeDelivery(line)),
  });
  stage.onStop(() => delivery.close());
  const { region, accountId, rules } = topology;
  const scheduler = new LocalScheduler({
    rules,
    region,
    accountId,
    delivery,
    onFire: (fired) => log(describeFire(fired)),
  });
  const bus = new LocalEventBus({
    buses: topology.buses,
    rules,
    region,
    accountId,
    delivery,
    deadLetters,
    scheduler,
  });
  const eventBridge = await startLocalEventBridge(bus);
  stage.onStop(() => eventBridge.close());
  return { delivery, scheduler, bus, eventBridge };
}
