import type { Envelope } from '../envelope.ts';
import { encodeCursor } from './cursor.ts';
import type { MergedPage } from './merge.ts';
import type { HistoryQuery } from './query.ts';

/** The answer to `GET /events`: `nextCursor` is null once the range is exhausted. */
export interface HistoryPage {
  readonly events: Envelope[];
  readonly nextCursor: string | null;
}

/**
 * The next cursor is the last returned position, and the next page starts strictly past it. What a
 * walk guarantees while events arrive (reads are strongly consistent):
 * - no event is returned twice, and none stored before a page was read that lies past the cursor
 *   is skipped;
 * - oldest first with `to` omitted, each page reads up to its own now: events stored later with a
 *   later receivedAt appear on later pages. Newest first, a walk stays below its first page;
 * - an event whose receivedAt is behind the cursor but whose item is written after the page was
 *   read never appears in this walk. receivedAt is the ingest server's clock when the request came
 *   in, and the item is written after publication, so only events still in flight (younger than
 *   the ingest timeout) or stamped by a skewed clock can land behind a cursor: an oldest-first walk
 *   whose `to` lies that long in the past is complete.
 */
export function pageOf(query: HistoryQuery, merged: MergedPage<Envelope>): HistoryPage {
  const last = merged.rows.at(-1);
  const nextCursor =
    merged.more && last
      ? encodeCursor({
          query: query.binding,
          start: query.from,
          after: { receivedAt: last.receivedAt, id: last.id },
        })
      : null;
  return { events: merged.rows, nextCursor };
}
