import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LocalEventBus, type LocalEventBusOptions } from '#lib/local/eventbridge/bus.ts';
import { startLocalEventBridge } from '#lib/local/eventbridge/server.ts';
import { LOCAL_CREDENTIALS } from '#lib/local/local-account.ts';

/** A LocalEventBus behind the local EventBridge endpoint on a free port, and an SDK client on it (one attempt). */
export async function serveTestBus(options: LocalEventBusOptions) {
  const bus = new LocalEventBus(options);
  const server = await startLocalEventBridge(bus, 0);
  const client = new EventBridgeClient({
    endpoint: server.endpoint,
    region: options.region,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  return { bus, server, client };
}
