import type { Position } from '../history/position.ts';
import type { ReplayRequest } from './request.ts';

export const REPLAY_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

export interface ReplayCounts {
  /** History events in the range that passed every filter. */
  readonly matched: number;
  /** Of those, put on the bus. */
  readonly published: number;
  /** Entries PutEvents still refused after its retries. */
  readonly failed: number;
}

/** A replay's progress as stored: what it was asked, how far it got, and how it ended. */
export interface ReplayRecord {
  readonly id: string;
  readonly name?: string;
  readonly status: ReplayStatus;
  readonly request: ReplayRequest;
  readonly counts: ReplayCounts;
  /** The last history position examined: a resumed run starts strictly after it. */
  readonly cursor?: Position;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
  /** How many invocations have run it (more than one when it continued itself). */
  readonly runs: number;
}

export const NO_COUNTS: ReplayCounts = { matched: 0, published: 0, failed: 0 };

export function isFinished(status: ReplayStatus): boolean {
  return status !== 'running';
}
