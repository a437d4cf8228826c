import type { Envelope } from '../envelope.ts';
import type { HistoryPage } from './page.ts';
import type { HistoryQuery } from './query.ts';

/** The reads behind `GET /events` and `GET /events/{id}`; expired items are never returned. */
export interface HistoryReader {
  query(query: HistoryQuery): Promise<HistoryPage>;
  getById(id: string): Promise<Envelope | undefined>;
}
