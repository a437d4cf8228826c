/**
 * The shapes of the public HTTP API, as the client sends and receives them. Response types come
 * from the server's own definitions (`lib/core`), so the two cannot drift.
 */
import type { BurstWindowCount } from '#lib/core/admin/bursts.ts';
import type { Alert } from '#lib/core/alerts/alert.ts';
import type { AlertState } from '#lib/core/alerts/lifecycle.ts';
import type { TimelineEntry } from '#lib/core/alerts/ports.ts';
import type { Silence, SilenceMatcher, SilenceState } from '#lib/core/alerts/silences.ts';
import type { Envelope, Severity, Signal } from '#lib/core/envelope.ts';
import type { ReplayRecord } from '#lib/core/replay/record.ts';
import type { ModuleState } from '#lib/core/state/model.ts';
import type { TransitionRecord } from '#lib/core/state/ports.ts';

export type {
  Alert,
  AlertState,
  BurstWindowCount,
  Envelope,
  ReplayRecord,
  Severity,
  Signal,
  Silence,
  SilenceMatcher,
  SilenceState,
  TimelineEntry,
  TransitionRecord,
};

/**
 * An event as a producer sends it (`POST /events`). `id` is assigned on the client when absent, so
 * that a retried event is deduplicated by the server.
 *
 * @example
 * ```ts
 * const event: VigilEvent = { source: 'plant7.press', type: 'temperature.high', severity: 'WARNING',
 *   signal: { valence: -0.4, state: [86.1, 85.7] } };
 * ```
 */
export interface VigilEvent {
  id?: string;
  source: string;
  type: string;
  severity?: Severity;
  message?: string;
  /** ISO-8601 with a zone, or a Date. */
  time?: string | Date;
  signal?: Signal;
  data?: Record<string, unknown>;
  module?: string;
  dedupKey?: string;
  alertKey?: string;
  alertAction?: 'trigger' | 'resolve';
  priority?: 'high' | 'normal' | 'low';
}

/** The error body of a refused request or item. */
export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly retryable?: boolean;
}

/**
 * What became of one event: kept (`accepted`), already kept (`duplicate`, `id` is the original's),
 * folded into a burst summary (`suppressed`), refused (`rejected`, fix the event), or not kept
 * after every retry (`failed`).
 *
 * @example
 * ```ts
 * const result: PublishResult = await producer.publish(event);
 * if (result.status === 'rejected') console.error(result.error.field, result.error.message);
 * ```
 */
export type PublishResult =
  | { readonly id: string; readonly status: 'accepted' | 'duplicate' | 'suppressed' }
  | { readonly id: string | null; readonly status: 'rejected' | 'failed'; readonly error: ErrorDetail };

/** `GET /events` filters (all optional; `from` defaults to an hour before `to`, `to` to now). */
export interface EventQuery {
  from?: string | Date;
  to?: string | Date;
  source?: string;
  type?: string;
  severity?: Severity;
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
}

/** A page of a list: `cursor` is there while more remains (pass it back with the same filters). */
export interface Page {
  readonly cursor?: string;
}

export interface AlertQuery {
  state?: AlertState;
  severity?: 'WARNING' | 'CRITICAL';
  source?: string;
  type?: string;
  limit?: number;
  cursor?: string;
}

export interface SilenceInput {
  matchers: { field: 'source' | 'type' | 'severity'; value: string; match?: 'exact' | 'prefix' }[];
  startsAt?: string | Date;
  endsAt: string | Date;
  createdBy: string;
  comment: string;
}

export type SilenceView = Silence & { readonly state: SilenceState };

/** A module's current state as `GET /modules/{name}` shows it. */
export type ModuleView = ModuleState & {
  readonly name: string;
  readonly version: number;
  readonly updatedAt?: string;
};

export interface ReplayRequest {
  from: string | Date;
  to: string | Date;
  filter?: { source?: string; type?: string; severity?: Severity; pattern?: Record<string, unknown> };
  name?: string;
  dryRun?: boolean;
  ratePerSecond?: number;
}

/** `POST /replay`: a started (or, by name, an existing) replay, or a dry run's count and sample. */
export type ReplayStart =
  | { readonly replayId: string; readonly status: ReplayRecord['status']; readonly existing?: boolean }
  | {
      readonly dryRun: true;
      readonly matched: number;
      readonly complete: boolean;
      readonly sample: readonly Envelope[];
    };

export type ReplayView = ReplayRecord & { readonly durationMs: number };

export interface BurstReport {
  readonly source: string;
  readonly type: string;
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly windows: readonly BurstWindowCount[];
}
