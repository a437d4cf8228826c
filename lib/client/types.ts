/**
 * The shapes of the public HTTP API, as the client sends and receives them. Response types come
 * from the server's own definitions (`lib/core`), so the two cannot drift.
 */

import type { z } from 'zod';
import type { BurstWindowCount } from '#lib/core/admin/bursts.ts';
import type { Alert } from '#lib/core/alerts/alert.ts';
import type { AlertState } from '#lib/core/alerts/lifecycle.ts';
import type { TimelineEntry } from '#lib/core/alerts/ports.ts';
import type { Silence, SilenceMatcher, SilenceState } from '#lib/core/alerts/silences.ts';
import type { Envelope, Severity, Signal } from '#lib/core/envelope.ts';
import type { ReplayRecord } from '#lib/core/replay/record.ts';
import type { ModuleState } from '#lib/core/state/model.ts';
import type { TransitionRecord } from '#lib/core/state/ports.ts';
import type { DeliveryStatus, EventDeliveryOutcome } from '#lib/core/subscriptions/outcome.ts';
import type { Subscription, subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';

export type {
  Alert,
  AlertState,
  BurstWindowCount,
  DeliveryStatus,
  Envelope,
  EventDeliveryOutcome,
  ReplayRecord,
  Severity,
  Signal,
  Silence,
  SilenceMatcher,
  SilenceState,
  Subscription,
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

/**
 * The error body of a refused request or item.
 *
 * @example
 * ```ts
 * const detail: ErrorDetail = { code: 'VALIDATION_FAILED', message: 'type: is required', field: 'type' };
 * ```
 */
export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly retryable?: boolean;
}

/**
 * What became of one event: kept (`accepted`), already kept (`duplicate`, `id` is the original's),
 * folded into a burst summary (`suppressed`), dropped by an ingest middleware step (`filtered`),
 * refused (`rejected`, fix the event), or not kept after every retry (`failed`).
 *
 * @example
 * ```ts
 * const result: PublishResult = await producer.publish(event);
 * if (result.status === 'rejected') console.error(result.error.field, result.error.message);
 * ```
 */
export type PublishResult =
  | { readonly id: string; readonly status: 'accepted' | 'duplicate' | 'suppressed' }
  | { readonly id: string | null; readonly status: 'filtered' }
  | { readonly id: string | null; readonly status: 'rejected' | 'failed'; readonly error: ErrorDetail };

/**
 * `GET /events` filters (all optional; `from` defaults to an hour before `to`, `to` to now).
 *
 * @example
 * ```ts
 * const query: EventQuery = { source: 'plant7.press', severity: 'CRITICAL', from: new Date(Date.now() - 864e5) };
 * ```
 */
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

/**
 * A page of a list: `cursor` is there while more remains (pass it back with the same filters).
 *
 * @example
 * ```ts
 * let page = await client.alerts(); while (page.cursor) page = await client.alerts({ cursor: page.cursor });
 * ```
 */
export interface Page {
  readonly cursor?: string;
}

/**
 * `GET /alerts` filters.
 *
 * @example
 * ```ts
 * const query: AlertQuery = { state: 'new', severity: 'CRITICAL', limit: 20 };
 * ```
 */
export interface AlertQuery {
  state?: AlertState;
  severity?: 'WARNING' | 'CRITICAL';
  source?: string;
  type?: string;
  limit?: number;
  cursor?: string;
}

/**
 * `POST /silences`: every matcher must hold; active from `startsAt` (default now) to `endsAt`.
 *
 * @example
 * ```ts
 * const input: SilenceInput = { matchers: [{ field: 'source', value: 'plant7.', match: 'prefix' }],
 *   endsAt: new Date(Date.now() + 7_200_000), createdBy: 'ana', comment: 'maintenance' };
 * ```
 */
export interface SilenceInput {
  matchers: { field: 'source' | 'type' | 'severity'; value: string; match?: 'exact' | 'prefix' }[];
  startsAt?: string | Date;
  endsAt: string | Date;
  createdBy: string;
  comment: string;
}

/**
 * A silence with its state now (`pending`, `active`, `expired`).
 *
 * @example
 * ```ts
 * const active = (await client.silences()).silences.filter((s: SilenceView) => s.state === 'active');
 * ```
 */
export type SilenceView = Silence & { readonly state: SilenceState };

/**
 * A module's current state as `GET /modules/{name}` shows it.
 *
 * @example
 * ```ts
 * const { module }: { module: ModuleView } = await client.module('press-7');
 * console.log(module.lifecycle, module.operational, module.health, module.version);
 * ```
 */
export type ModuleView = ModuleState & {
  readonly name: string;
  readonly version: number;
  readonly updatedAt?: string;
};

/**
 * `POST /replay`: a history range, optional filters (and an EventBridge pattern), an idempotency name.
 *
 * @example
 * ```ts
 * const request: ReplayRequest = { from: '2026-11-27T08:00:00Z', to: '2026-11-27T09:00:00Z',
 *   filter: { source: 'plant7.press' }, name: 'backfill-27', ratePerSecond: 200 };
 * ```
 */
export interface ReplayRequest {
  from: string | Date;
  to: string | Date;
  filter?: { source?: string; type?: string; severity?: Severity; pattern?: Record<string, unknown> };
  name?: string;
  dryRun?: boolean;
  ratePerSecond?: number;
}

/**
 * `POST /replay`: a started (or, by name, an existing) replay, or a dry run's count and sample.
 *
 * @example
 * ```ts
 * const started = await client.startReplay(request);
 * if ('dryRun' in started) console.log(started.matched); else console.log(started.replayId);
 * ```
 */
export type ReplayStart =
  | { readonly replayId: string; readonly status: ReplayRecord['status']; readonly existing?: boolean }
  | {
      readonly dryRun: true;
      readonly matched: number;
      readonly complete: boolean;
      readonly sample: readonly Envelope[];
    };

/**
 * A replay as `GET /replay/{id}` shows it: status, counts, and how long it has run.
 *
 * @example
 * ```ts
 * const { replay } = await client.replay(id);
 * console.log(replay.status, replay.counts.published, replay.durationMs);
 * ```
 */
export type ReplayView = ReplayRecord & { readonly durationMs: number };

/**
 * `GET /bursts`: a source+type's burst rule and its counters, newest window first.
 *
 * @example
 * ```ts
 * const { threshold, windows } = await client.bursts({ source: 'plant7.press', type: 'vibration' });
 * ```
 */
export interface BurstReport {
  readonly source: string;
  readonly type: string;
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly windows: readonly BurstWindowCount[];
}

/**
 * `POST /subscriptions` (and `PUT`): what to match, where to deliver, how to retry
 * (docs/subscriptions.md). `match` is an EventBridge pattern over the bus event, or the shorthand.
 *
 * @example
 * ```ts
 * const input: SubscriptionInput = { name: 'ops-critical', match: { severities: ['CRITICAL'] },
 *   target: { url: 'https://hooks.slack.com/services/T0/B0/XX', format: 'slack' } };
 * ```
 */
export type SubscriptionInput = z.input<typeof subscriptionRequestSchema>;

/**
 * One delivery of one event to one subscription, as `GET /subscriptions/{name}/deliveries` and
 * `GET /events/{id}/deliveries` list them.
 *
 * @example
 * ```ts
 * const failed = (await client.subscriptionDeliveries('ops')).deliveries.filter((d) => d.status === 'dead-lettered');
 * ```
 */
export interface DeliveryView {
  readonly subscription: string;
  readonly eventId: string;
  readonly deliveryId: string;
  readonly attempt: number;
  readonly status: DeliveryStatus;
  readonly httpStatus?: number;
  readonly latencyMs?: number;
  readonly lastError?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
