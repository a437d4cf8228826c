import type { Envelope } from '../envelope.ts';
import type { HistoryReader } from '../history/ports.ts';
import type { Position } from '../history/position.ts';
import { ReplayNotFoundError } from './errors.ts';
import type { ReplayProgress, ReplayPublisher, ReplayStore } from './ports.ts';
import type { ReplayCounts, ReplayRecord } from './record.ts';
import type { ReplayRequest } from './request.ts';
import { patternFilter, replayedEnvelope, replayQuery } from './selection.ts';

/** PutEvents takes at most 10 entries. */
const BATCH = 10;
const PAGE = 100;
/** A run stops this long before its invocation would be cut off, stores its place and continues itself. */
export const RUN_SAFETY_MS = 15_000;
const DRY_RUN_SAMPLE = 10;

export interface ReplayRunnerDeps {
  readonly store: ReplayStore;
  readonly history: Pick<HistoryReader, 'query'>;
  readonly publisher: ReplayPublisher;
  /** Where the original bus events were (for patterns that name account or region). */
  readonly where: { readonly account: string; readonly region: string };
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type RunOutcome =
  | 'completed'
  | 'cancelled'
  | 'failed'
  /** Out of time: stored its place; the caller starts the next run. */
  | 'continue'
  /** Another run holds the replay. */
  | 'busy'
  /** It had ended before this run. */
  | 'not-running';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Replays one stored replay from its cursor: reads history oldest first, keeps what the filters
 * select, and puts it on the bus in batches of up to 10 (fewer under a low rate), in original
 * order, at no more than `ratePerSecond`. After every batch it stores its cursor and counts,
 * conditional on still holding the replay: a crash repeats at most the batch in flight, a cancel
 * stops it at the next batch, and a second run of the same replay cannot start meanwhile.
 */
export class ReplayRunner {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: ReplayRunnerDeps) {
    this.sleep = deps.sleep ?? defaultSleep;
  }

  async run(id: string, owner: string, remainingMs: () => number): Promise<RunOutcome> {
    const record = await this.deps.store.get(id);
    if (!record) throw new ReplayNotFoundError(`id: no replay ${id}`, { field: 'id' });
    if (record.status !== 'running') return 'not-running';
    if (!(await this.deps.store.acquire(id, owner, this.deps.now() + remainingMs()))) return 'busy';
    // Until the first batch, the place stays where the record has it (none before the first event).
    let progress: ReplayProgress = {
      ...(record.cursor ? { cursor: record.cursor } : {}),
      counts: record.counts,
    };
    try {
      const outcome = await this.replay(record, owner, remainingMs, (next) => {
        progress = next;
      });
      if (outcome === 'lost')
        return (await this.deps.store.settleCancelled(id, owner, progress)) ? 'cancelled' : 'busy';
      await this.deps.store.finish(id, owner, {
        status: outcome === 'done' ? 'completed' : 'running',
        progress,
      });
      return outcome === 'done' ? 'completed' : 'continue';
    } catch (error) {
      await this.deps.store.finish(id, owner, {
        status: 'failed',
        progress,
        error: (error as Error).message,
      });
      return 'failed';
    }
  }

  private async replay(
    record: ReplayRecord,
    owner: string,
    remainingMs: () => number,
    onProgress: (progress: ReplayProgress) => void,
  ): Promise<'done' | 'out-of-time' | 'lost'> {
    const selects = patternFilter(record.request, this.deps.where);
    const rate = record.request.ratePerSecond;
    const batchSize = Math.min(BATCH, rate ?? BATCH);
    let counts: ReplayCounts = record.counts;
    let cursor: Position | undefined = record.cursor;
    let lastBatchAt = Number.NEGATIVE_INFINITY;
    let batch: Envelope[] = [];

    const flush = async (examined: Position): Promise<boolean> => {
      if (batch.length > 0) {
        if (rate) {
          const wait = lastBatchAt + (batch.length / rate) * 1000 - this.deps.now();
          if (wait > 0) await this.sleep(wait);
        }
        lastBatchAt = this.deps.now();
        const outcomes = await this.deps.publisher.publish(batch);
        const published = outcomes.filter((o) => o.published).length;
        counts = {
          matched: counts.matched + batch.length,
          published: counts.published + published,
          failed: counts.failed + (batch.length - published),
        };
        batch = [];
      }
      cursor = examined;
      const progress = { cursor, counts };
      onProgress(progress);
      return this.deps.store.progress(record.id, owner, progress);
    };

    for (;;) {
      if (remainingMs() < RUN_SAFETY_MS) return 'out-of-time';
      const page = await this.deps.history.query(replayQuery(record.request, cursor, PAGE));
      let examined: Position | undefined;
      for (const event of page.events) {
        examined = { receivedAt: event.receivedAt, id: event.id };
        if (!selects(event)) continue;
        batch.push(replayedEnvelope(event, record.id));
        if (batch.length < batchSize) continue;
        if (!(await flush(examined))) return 'lost';
        // The place is stored with every batch, so a run can stop between any two.
        if (remainingMs() < RUN_SAFETY_MS) return 'out-of-time';
      }
      // Filtered-out events at the end of a page move the cursor too, so a resumed run skips them.
      if (examined && !(await flush(examined))) return 'lost';
      if (page.nextCursor === null) return 'done';
    }
  }

  /** What a replay would publish: the count and the first few, as replayed; stops at the time budget. */
  async dryRun(
    request: ReplayRequest,
    remainingMs: () => number,
  ): Promise<{ matched: number; sample: Envelope[]; complete: boolean }> {
    const selects = patternFilter(request, this.deps.where);
    let matched = 0;
    const sample: Envelope[] = [];
    let cursor: Position | undefined;
    for (;;) {
      if (remainingMs() < RUN_SAFETY_MS) return { matched, sample, complete: false };
      const page = await this.deps.history.query(replayQuery(request, cursor, PAGE * 10));
      for (const event of page.events) {
        cursor = { receivedAt: event.receivedAt, id: event.id };
        if (!selects(event)) continue;
        matched++;
        if (sample.length < DRY_RUN_SAMPLE) sample.push(replayedEnvelope(event, 'dry-run'));
      }
      if (page.nextCursor === null) return { matched, sample, complete: true };
    }
  }
}
