import type { Envelope } from '../envelope.ts';
import type { Position } from '../history/position.ts';
import type { ReplayCounts, ReplayRecord, ReplayStatus } from './record.ts';

export type CreateOutcome =
  | { readonly created: true }
  | { readonly created: false; readonly existing: ReplayRecord };

/** Progress of one run, written after every published group of batches; refused once the run no longer holds the replay. */
export interface ReplayProgress {
  /** Absent until the first history event has been examined. */
  readonly cursor?: Position;
  readonly counts: ReplayCounts;
}

/** The Replays table as the runner needs it; progress writes are conditional on the run's lease. */
export interface ReplayStore {
  /** Stores a new replay; with a name already used, returns that replay instead. */
  create(record: ReplayRecord): Promise<CreateOutcome>;
  get(id: string): Promise<ReplayRecord | undefined>;
  /** Takes the replay for one run until `untilMs`, if it is running and nobody else holds it. */
  acquire(id: string, owner: string, untilMs: number): Promise<boolean>;
  /** False when the run lost the replay (cancelled, or its lease taken over). */
  progress(id: string, owner: string, progress: ReplayProgress): Promise<boolean>;
  /** Ends or pauses the run: sets the status (running = continue later) and frees the lease. */
  finish(
    id: string,
    owner: string,
    end: { status: ReplayStatus; progress: ReplayProgress; error?: string },
  ): Promise<boolean>;
  /**
   * A run that found its replay cancelled records what it had done by then (the batch in flight
   * when the cancel came was published) and lets go; false when the run did not hold it.
   */
  settleCancelled(id: string, owner: string, progress: ReplayProgress): Promise<boolean>;
  /** Running → cancelled; false when it had already ended. */
  cancel(id: string): Promise<boolean>;
}

/** Puts replayed events on the bus (Source `vigil.replay`), in order; one outcome per event. */
export interface ReplayPublisher {
  publish(events: readonly Envelope[]): Promise<readonly { id: string; published: boolean }[]>;
}
