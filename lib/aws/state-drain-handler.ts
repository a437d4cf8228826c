import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';
import type { ModuleService } from '../core/state/service.ts';
import { drainMessageSchema } from './drain-queue.ts';
import { countDrained } from './state-handler.ts';

export interface StateDrainHandlerDeps {
  readonly modules: Pick<ModuleService, 'drain'>;
  readonly log: Log;
  readonly metrics: MetricSink<MetricOf<'state'>>;
}

/**
 * Consumer of the drain queue: each message names a module whose inbox head was not yet due when
 * it was last drained, delayed until it is. Drains each module of the batch once (in parallel
 * across modules); a drain applies what is due and schedules the next one itself. A message that
 * fails is reported and comes back after the visibility timeout; a redelivered message drains
 * again, which the event markers make harmless.
 */
export function createStateDrainHandler(deps: StateDrainHandlerDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const byModule = new Map<string, string[]>();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const parsed = drainMessageSchema.safeParse(safeJson(record.body));
      if (!parsed.success) {
        // A malformed message can never succeed: drop it (logged) rather than retry it.
        deps.log.error('drain message ignored', { messageId: record.messageId, body: record.body });
        continue;
      }
      byModule.set(parsed.data.module, [...(byModule.get(parsed.data.module) ?? []), record.messageId]);
    }
    await Promise.all(
      [...byModule].map(async ([module, messageIds]) => {
        try {
          const { drained, scheduledInMs } = await deps.modules.drain(module);
          countDrained(deps.metrics, drained);
          deps.log.info('state inbox drained', { module, drained: drained.length, scheduledInMs });
        } catch (error) {
          deps.log.error('state inbox drain failed', { module, error: (error as Error).message });
          for (const itemIdentifier of messageIds) batchItemFailures.push({ itemIdentifier });
        }
      }),
    );
    return { batchItemFailures };
  };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
