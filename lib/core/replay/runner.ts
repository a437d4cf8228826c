import { realSleep } from '../backoff.ts';
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
/**
 * Without a rate, this many batches go out at once (a group); the next group waits for all of them.
 * 20 × 10 entries in flight: 2,000 ev/s at a PutEvents round trip of 100 ms.
 */
export const PARALLEL_BATCHES = 20;
/**
 * Without a rate, the place is stored at most this often (and after the first group): each store
 * is a conditional write the run waits for, and also where it learns of a cancel.
 */
export const PROGRESS_EVERY_MS = 500;
/** History read per query: fewer, larger reads of the sharded partitions (as many as the dry run). */
const PAGE = 1_000;
/** A run stops this long before its invocation would be cut off, stores its place and continues itself. */
export const RUN_SAFETY_MS = 15_000;
const DRY_RUN_SAMPLE = 10;
const DRY_RUN_PAGE = 1_000;

export interface ReplayRunnerDeps {
  readonly store: ReplayStore;
  readonly history: Pick<HistoryReader, 'query'>;
  readonly publisher: ReplayPublisher;
  /** Where the original bus events were (for patterns that name account or region). */
  readonly where: { readonly account: string; readonly region: string };
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Batches in flight at once without a rate. @default PARALLEL_BATCHES */
  readonly parallelBatches?: number;
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

/** What the run has handed to the bus so far, and when its last group went. */
interface Sent {
  counts: ReplayCounts;
  at: number;
}

const positionOf = (event: Envelope): Position => ({ receivedAt: event.receivedAt, id: event.id });

/**
 * Replays one stored replay from its cursor: reads history oldest first (the next page while
 * publishing this one), keeps what the filters select, and puts it on the bus in batches of up to
 * 10, in original order. Without a rate, groups of `PARALLEL_BATCHES` batches go out at once
 * (in order between groups, not inside one); with `ratePerSecond`, one batch at a time (smaller
 * under a low rate), spaced to the rate. It stores its cursor and counts, conditional on still
 * holding the replay, after the first group and then at most every `PROGRESS_EVERY_MS` (after
 * every batch under a rate), and when the run ends: a crash repeats at most what went out since,
 * a cancel stops it at the next store, and a second run of the same replay cannot start meanwhile.
 */
export class ReplayRunner {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: ReplayRunnerDeps) {
    this.sleep = deps.sleep ?? realSleep;
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
    const groupSize =
      Math.min(BATCH, rate ?? BATCH) * (rate ? 1 : (this.deps.parallelBatches ?? PARALLEL_BATCHES));
    const sent: Sent = { counts: record.counts, at: Number.NEGATIVE_INFINITY };
    let storedAt = Number.NEGATIVE_INFINITY;
    let cursor: Position | undefined = record.cursor;
    let group: Envelope[] = [];

    // The place moves past a group only once all of it was handed to the bus; the run's end stores it too.
    const flush = async (examined: Position): Promise<boolean> => {
      if (group.length > 0) await this.publishGroup(group, rate, sent);
      group = [];
      cursor = examined;
      const progress = { cursor, counts: sent.counts };
      onProgress(progress);
      if (!rate && this.deps.now() - storedAt < PROGRESS_EVERY_MS) return true;
      storedAt = this.deps.now();
      return this.deps.store.progress(record.id, owner, progress);
    };

    let next = this.readPage(record.request, cursor);
    for (;;) {
      if (remainingMs() < RUN_SAFETY_MS) return 'out-of-time';
      const page = await next;
      const last = page.events.at(-1);
      // Read ahead: the next page comes while this one is published.
      if (page.nextCursor !== null) next = this.readPage(record.request, last ? positionOf(last) : cursor);
      let examined: Position | undefined;
      for (const event of page.events) {
        examined = positionOf(event);
        if (!selects(event)) continue;
        group.push(replayedEnvelope(event, record.id));
        if (group.length < groupSize) continue;
        if (!(await flush(examined))) return 'lost';
        // The place is known after every group (and stored by the run's end), so a run can stop between any two.
        if (remainingMs() < RUN_SAFETY_MS) return 'out-of-time';
      }
      // Filtered-out events at the end of a page move the cursor too, so a resumed run skips them.
      if (examined && !(await flush(examined))) return 'lost';
      if (page.nextCursor === null) return 'done';
    }
  }

  /** One history page after `after`; a read ahead that is never awaited must not report a rejection. */
  private readPage(request: ReplayRequest, after: Position | undefined) {
    const page = this.deps.history.query(replayQuery(request, after, PAGE));
    page.catch(() => undefined);
    return page;
  }

  /**
   * Publishes a group: its batches of ≤ 10 all at once (one batch under a rate, spaced to it), and
   * adds up the outcomes.
   */
  private async publishGroup(group: Envelope[], rate: number | undefined, sent: Sent): Promise<void> {
    if (rate) {
      const wait = sent.at + (group.length / rate) * 1000 - this.deps.now();
      if (wait > 0) await this.sleep(wait);
    }
    sent.at = this.deps.now();
    const batches: Envelope[][] = [];
    for (let i = 0; i < group.length; i += BATCH) batches.push(group.slice(i, i + BATCH));
    const outcomes = (await Promise.all(batches.map((batch) => this.deps.publisher.publish(batch)))).flat();
    const published = outcomes.filter((o) => o.published).length;
    sent.counts = {
      matched: sent.counts.matched + group.length,
      published: sent.counts.published + published,
      failed: sent.counts.failed + (group.length - published),
    };
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
      const page = await this.deps.history.query(replayQuery(request, cursor, DRY_RUN_PAGE));
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
