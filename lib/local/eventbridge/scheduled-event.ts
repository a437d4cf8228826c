import { randomUUID } from 'node:crypto';
import type { LocalRule } from '../topology.ts';
import type { BusEvent } from './input.ts';
import { toIsoSeconds } from './put-events.ts';

/**
 * The event a scheduled rule sends its targets on each tick, shaped as EventBridge's
 * "Scheduled Event": source `aws.events`, the rule's ARN as the only resource, an empty detail,
 * and the tick's time (not the moment it was delivered).
 */
export function scheduledEvent(
  rule: Pick<LocalRule, 'arn'>,
  tickMs: number,
  where: { readonly region: string; readonly accountId: string },
): BusEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: where.accountId,
    time: toIsoSeconds(tickMs),
    region: where.region,
    resources: [rule.arn],
    detail: {},
  };
}
