import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createStateHandler } from '#lib/aws/state-handler.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { MetricOf } from '#lib/core/metrics.ts';
import type { ModuleService } from '#lib/core/state/service.ts';
import { captureLog } from '../support/ingest.ts';
import { countingSink } from '../support/metrics.ts';

const envelope: Envelope = {
  id: '01JH0000000000000000000001',
  source: 'plant',
  type: 'state.START',
  severity: 'INFO',
  module: 'press-1',
  time: '2026-11-27T10:00:00.000Z',
  receivedAt: '2026-11-27T10:00:00.000Z',
};

describe('Function: createStateHandler metrics', () => {
  it('counts every event its call drained as a transition applied or refused', async () => {
    // Prepare: the inbox held two earlier events; this call drained them and its own.
    const receive: ModuleService['receive'] = async () => ({
      queued: true,
      drained: [
        { outcome: 'applied', eventId: 'a', version: 4 },
        { outcome: 'rejected', eventId: 'b', code: 'INVALID_TRANSITION' },
        { outcome: 'applied', eventId: envelope.id, version: 5 },
      ],
    });
    const metrics = countingSink<MetricOf<'state'>>();
    const handler = createStateHandler({ modules: { receive }, log: captureLog(), metrics });

    // Act
    const result = await handler({ detail: envelope } as EventBridgeEvent<string, Envelope>);

    // Assess
    expect(result.outcome).toBe('applied');
    expect(metrics.totals).toEqual({ transitionsApplied: 2, transitionsRefused: 1 });
  });
});
