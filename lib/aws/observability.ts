import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AnnouncementCounters, AnnouncementMetric } from '../core/announcements/outbox.ts';
import type { Counters, IngestMetric } from '../core/ingest/ports.ts';

export const METRICS_NAMESPACE = 'Vigil';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}

export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}

/** Counts as CloudWatch embedded metrics; zero counts are not emitted. */
export function metricCounters(metrics: Metrics): Counters {
  return {
    add(metric: IngestMetric, n: number) {
      if (n > 0) metrics.addMetric(metric, MetricUnit.Count, n);
    },
  };
}

/** Announcement counts (kept, lost, redriven) as CloudWatch embedded metrics. */
export function announcementCounters(metrics: Metrics): AnnouncementCounters {
  return {
    add(metric: AnnouncementMetric, n: number) {
      if (n > 0) metrics.addMetric(metric, MetricUnit.Count, n);
    },
  };
}

/**
 * Middy middleware that flushes the stored metrics after each invocation, only when there are any:
 * Powertools' logMetrics warns on every invocation without metrics, and announcement counts are
 * rare (they only count failures and redrives).
 */
export function publishMetricsIfAny(metrics: Metrics) {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
