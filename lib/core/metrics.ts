/**
 * Every count a Vigil function emits as a CloudWatch embedded metric: namespace `Vigil`, unit
 * Count, one dimension `service` = the function's folder under functions/ (Powertools Metrics'
 * serviceName). The functions and the dashboard (infra/constructs/monitoring.ts) both read these
 * names, so a widget cannot graph a metric nobody emits.
 */
// Apart, so that a function's bundle takes the namespace without the lists below (kept whole: spreads).
export { METRICS_NAMESPACE, SERVICE_DIMENSION } from './metrics-namespace.ts';

/** Ingest's events by outcome, PutEvents entries published, burst summaries sent. */
export const INGEST_METRICS = [
  'accepted',
  'duplicate',
  'suppressed',
  'filtered',
  'rejected',
  'published',
  'failed',
  'burstSummaries',
] as const;

/** `alert.*` / `module.*` announcements: kept in the outbox after PutEvents failed, lost (not kept either), redriven. */
export const ANNOUNCEMENT_METRICS = [
  'announcementsKept',
  'announcementsLost',
  'announcementsRedriven',
] as const;

/** The alerting function's events by what they did to their alert. */
export const ALERT_METRICS = [
  'alertsOpened',
  'alertsRepeated',
  'alertsResolved',
  'alertEventsDuplicate',
  'alertEventsIgnored',
] as const;

export const SWEEP_METRICS = ['alertsAutoResolved'] as const;

/** State events applied to their module or refused (an invalid transition). */
export const TRANSITION_METRICS = ['transitionsApplied', 'transitionsRefused'] as const;

/** Replays started and ended, events republished and PutEvents entries that failed. */
export const REPLAY_METRICS = [
  'replaysStarted',
  'replaysCompleted',
  'replaysFailed',
  'replaysCancelled',
  'eventsReplayed',
  'replayPublishFailures',
] as const;

/** Bus events dispatched, the subscriptions they matched, delivery messages enqueued. */
export const DISPATCH_METRICS = ['eventsDispatched', 'subscriptionsMatched', 'deliveriesEnqueued'] as const;

/** Webhook attempts that succeeded or failed, deliveries given up (dead-lettered). */
export const DELIVERY_METRICS = [
  'deliveriesSucceeded',
  'deliveriesFailed',
  'deliveriesDeadLettered',
] as const;

/** Producer keys the authorizer let through or refused (API Gateway's own cache hits never reach it). */
export const AUTHORIZER_METRICS = ['producerKeysAccepted', 'producerKeysRefused'] as const;

/** What each function emits, by its `service` dimension. */
export const SERVICE_METRICS = {
  ingest: INGEST_METRICS,
  alerting: [...ALERT_METRICS, 'announcementsKept', 'announcementsLost'],
  'alert-sweeper': [...SWEEP_METRICS, 'announcementsKept', 'announcementsLost'],
  state: [...TRANSITION_METRICS, 'announcementsKept', 'announcementsLost'],
  admin: ANNOUNCEMENT_METRICS,
  replay: REPLAY_METRICS,
  dispatch: DISPATCH_METRICS,
  deliver: DELIVERY_METRICS,
  authorizer: AUTHORIZER_METRICS,
} as const satisfies Record<string, readonly string[]>;

export type MetricService = keyof typeof SERVICE_METRICS;
export type MetricOf<S extends MetricService> = (typeof SERVICE_METRICS)[S][number];
export type MetricName = MetricOf<MetricService>;

/** The port through which adapters count what the core decided (Powertools Metrics in the functions). */
export interface MetricSink<M extends string> {
  add(metric: M, n: number): void;
}
