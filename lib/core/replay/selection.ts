import { BUS_SOURCES } from '../bus-event.ts';
import type { Envelope } from '../envelope.ts';
import type { Position } from '../history/position.ts';
import type { HistoryQuery } from '../history/query.ts';
import { compilePattern } from '../pattern.ts';
import type { ReplayRequest } from './request.ts';

/** History read oldest first, strictly after `after`: the replay's range and its key filters. */
export function replayQuery(
  request: ReplayRequest,
  after: Position | undefined,
  limit: number,
): HistoryQuery {
  const { source, type, severity } = request.filter ?? {};
  const filter = {
    ...(source ? { source } : {}),
    ...(type ? { type } : {}),
    ...(severity ? { severity } : {}),
  };
  return {
    from: request.from,
    to: request.to,
    filter,
    order: 'asc',
    limit,
    ...(after ? { after } : {}),
    binding: {
      from: request.from,
      to: request.to,
      source: source ?? null,
      type: type ?? null,
      severity: severity ?? null,
      order: 'asc',
    },
  };
}

/**
 * The pattern test, on each event as the bus carried it the first time (Source `vigil.ingest`,
 * DetailType = type, Detail = envelope), so a pattern written for a live rule aims a replay too.
 */
export function patternFilter(
  request: ReplayRequest,
  where: { account: string; region: string },
): (event: Envelope) => boolean {
  const pattern = request.filter?.pattern;
  if (!pattern) return () => true;
  const compiled = compilePattern(pattern);
  return (event) =>
    compiled.matches({
      version: '0',
      id: event.id,
      'detail-type': event.type,
      source: BUS_SOURCES.ingest,
      account: where.account,
      time: event.time,
      region: where.region,
      resources: [],
      detail: event,
    });
}

/** The event as it is replayed: unchanged, plus the marker naming the replay and when it was first received. */
export function replayedEnvelope(event: Envelope, replayId: string): Envelope {
  return { ...event, replay: { replayId, originalReceivedAt: event.receivedAt } };
}
