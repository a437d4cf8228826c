import type { Envelope } from '#lib/client/types.ts';
import { compilePattern } from '#lib/core/pattern.ts';

/** The bus event a subscription's pattern sees for a history envelope (as ingest puts it on the bus). */
function busEventOf(event: Envelope): Record<string, unknown> {
  return {
    source: 'vigil.ingest',
    'detail-type': event.type,
    time: event.receivedAt,
    resources: [],
    detail: event,
  };
}

/** How many of the recent events the pattern matches, checked in the browser with the server's own matcher. */
export function previewPattern(
  text: string,
  events: readonly Envelope[],
): { matched: number } | { error: string } {
  try {
    const pattern = compilePattern(JSON.parse(text));
    return { matched: events.filter((event) => pattern.matches(busEventOf(event))).length };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
